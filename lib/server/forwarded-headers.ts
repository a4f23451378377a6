// Who a request comes from, and which forwarding headers to believe: only those a configured proxy set.
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import { rememberClientAddress } from "@/lib/auth/sign-in-throttle";

/** Set on every request by the server (any value a client sent is replaced): the resolved client address. */
export const CLIENT_IP_HEADER = "x-modelport-client-ip";

// Next, next-auth and the issuer build origins and redirect URLs from these; from anyone else they are forged.
export const FORWARDING_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
];

export interface ProxyTrust {
  isTrusted(address: string): boolean;
}

/** "10.0.0.7" or "1.2.3.4:5678" or "[::1]:80" or "::ffff:10.0.0.7" → the bare address. */
export function normalizeAddress(value: string): string {
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] ?? "";
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Entries as TRUSTED_PROXIES holds them (already validated by the config): addresses and CIDR ranges. */
export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return {
    isTrusted(address) {
      if (entries.length === 0) return false;
      const normalized = normalizeAddress(address);
      const family = isIP(normalized);
      return family !== 0 && list.check(normalized, family === 6 ? "ipv6" : "ipv4");
    },
  };
}

export interface ForwardingDecision {
  clientIp: string;
  /** The peer is a trusted proxy: its forwarding headers stay; otherwise they are removed. */
  keepForwardingHeaders: boolean;
}

/**
 * The client is the peer, unless the peer is a trusted proxy: then walk X-Forwarded-For from the nearest hop back
 * and take the first address no trusted proxy stands for (hops further left are whatever the client wrote).
 */
export function decideForwarding(peer: string | undefined, forwardedFor: string | undefined, trust: ProxyTrust): ForwardingDecision {
  const peerAddress = normalizeAddress(peer ?? "") || "unknown";
  if (!trust.isTrusted(peerAddress)) return { clientIp: peerAddress, keepForwardingHeaders: false };
  const hops = (forwardedFor ?? "").split(",").map(normalizeAddress).filter(Boolean);
  let clientIp = peerAddress;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index] ?? "";
    if (isIP(hop) === 0) break;
    clientIp = hop;
    if (!trust.isTrusted(hop)) break;
  }
  return { clientIp, keepForwardingHeaders: true };
}

/** The raw headers without those named; the same array when it holds none of them (the usual case: no copy). */
function withoutHeaders(rawHeaders: string[], names: ReadonlySet<string>): string[] {
  let kept: string[] | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] ?? "";
    if (names.has(name.toLowerCase())) kept ??= rawHeaders.slice(0, index);
    else kept?.push(name, rawHeaders[index + 1] ?? "");
  }
  return kept ?? rawHeaders;
}

/** What a request from a trusted proxy loses, and what one from anyone else does. */
const REMOVED_FROM_PROXIES: ReadonlySet<string> = new Set([CLIENT_IP_HEADER]);
const REMOVED_FROM_OTHERS: ReadonlySet<string> = new Set([CLIENT_IP_HEADER, ...FORWARDING_HEADERS]);

/** Applies the decision to the request in place, before Next or the issuer sees it; returns the client address. */
export function applyForwardingPolicy(req: IncomingMessage, trust: ProxyTrust): string {
  const forwardedFor = req.headers["x-forwarded-for"];
  const decision = decideForwarding(req.socket.remoteAddress, Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor, trust);
  const removed = decision.keepForwardingHeaders ? REMOVED_FROM_PROXIES : REMOVED_FROM_OTHERS;
  // From the raw headers always: they can hold more than the parsed ones (Node parses the first 1000 pairs only).
  req.rawHeaders = withoutHeaders(req.rawHeaders, removed);
  req.rawHeaders.push(CLIENT_IP_HEADER, decision.clientIp);
  for (const name of removed) delete req.headers[name];
  req.headers[CLIENT_IP_HEADER] = decision.clientIp;
  rememberClientAddress(req, decision.clientIp);
  return decision.clientIp;
}
