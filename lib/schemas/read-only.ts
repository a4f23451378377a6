// Fields GET returns that a request may carry back unchanged, so a GET body can be POSTed as a copy: accepted and
// ignored. Shared by both backends' input schemas; each adds the view fields of its own.
import { z } from "zod";

const readOnly = z.unknown().optional().meta({ readOnly: true, description: "Read-only; ignored in requests" });

const COMMON = [
  "uid",
  "resourceVersion",
  "generation",
  "createdAt",
  "owner",
  "replicaStatus",
  "status",
  "statusMessage",
  "object",
  "events",
  "warnings",
  "capacityNote",
  "changes",
] as const;

export function readOnlyFields<const Extra extends string>(
  extra: readonly Extra[],
): Record<(typeof COMMON)[number] | Extra, typeof readOnly> {
  return Object.fromEntries([...COMMON, ...extra].map((field) => [field, readOnly])) as Record<
    (typeof COMMON)[number] | Extra,
    typeof readOnly
  >;
}
