// The deployment watch's wire format (server-sent events), defined once for the route, the service and the browser:
// `ready` once the cluster watches are open, `change` per change, `closed` when the stream ends, `ping` to keep
// proxies from timing it out.
import { z } from "zod";
import { deploymentSchema } from "./deployment";

export const WATCH_EVENTS = { ready: "ready", change: "change", closed: "closed", ping: "ping" } as const;

export const deploymentChangeSchema = z
  .object({ type: z.enum(["ADDED", "MODIFIED", "DELETED"]), deployment: deploymentSchema })
  .meta({ id: "DeploymentChange" });
export type DeploymentChange = z.infer<typeof deploymentChangeSchema>;

/**
 * Why a stream ended. A client reconnects after each: a revoked, expired or removed caller is then refused, one
 * told to resync gets `ready` again and refetches its list, and after a shutdown another replica answers.
 */
export const WATCH_END_REASONS = ["token-expired", "access-revoked", "tenant-deleted", "resync", "unavailable"] as const;
export type WatchEndReason = (typeof WATCH_END_REASONS)[number];

export const watchEndSchema = z.object({ reason: z.enum(WATCH_END_REASONS), message: z.string() }).meta({ id: "WatchEnd" });
export type WatchEnd = z.infer<typeof watchEndSchema>;

/** Reasons after which reconnecting cannot succeed without signing in again. */
export const FINAL_WATCH_END_REASONS: readonly WatchEndReason[] = ["token-expired", "access-revoked"];
