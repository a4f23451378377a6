import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { applyForwardingPolicy, CLIENT_IP_HEADER, createProxyTrust, decideForwarding, normalizeAddress } from "./forwarded-headers";

describe("forwarded headers", () => {
  const none = createProxyTrust([]);
  const ingress = createProxyTrust(["10.0.0.0/8", "fd00::/8"]);

  it("trusts nobody by default, loopback included", () => {
    expect(none.isTrusted("127.0.0.1")).toBe(false);
    expect(none.isTrusted("::1")).toBe(false);
    expect(decideForwarding("127.0.0.1", "203.0.113.9", none)).toEqual({ clientIp: "127.0.0.1", keepForwardingHeaders: false });
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(decideForwarding("198.51.100.4", "203.0.113.9", ingress)).toEqual({ clientIp: "198.51.100.4", keepForwardingHeaders: false });
  });

  it("takes the nearest untrusted hop behind trusted proxies, not what the client wrote further left", () => {
    expect(decideForwarding("10.1.2.3", "203.0.113.9", ingress)).toEqual({ clientIp: "203.0.113.9", keepForwardingHeaders: true });
    expect(decideForwarding("10.1.2.3", "1.1.1.1, 203.0.113.9, 10.9.9.9", ingress).clientIp).toBe("203.0.113.9");
    expect(decideForwarding("::ffff:10.1.2.3", "203.0.113.9:4312", ingress).clientIp).toBe("203.0.113.9");
    expect(decideForwarding("fd00::5", "[2001:db8::7]:443", ingress).clientIp).toBe("2001:db8::7");
  });

  it("stops at a hop that is not an address, and falls back to the proxy without one", () => {
    expect(decideForwarding("10.1.2.3", "203.0.113.9, unknown", ingress).clientIp).toBe("10.1.2.3");
    expect(decideForwarding("10.1.2.3", undefined, ingress)).toEqual({ clientIp: "10.1.2.3", keepForwardingHeaders: true });
  });

  it("matches single addresses and ranges of both families", () => {
    const trust = createProxyTrust(["192.168.1.4", "::1"]);
    expect(trust.isTrusted("192.168.1.4")).toBe(true);
    expect(trust.isTrusted("::ffff:192.168.1.4")).toBe(true);
    expect(trust.isTrusted("192.168.1.5")).toBe(false);
    expect(trust.isTrusted("::1")).toBe(true);
    expect(trust.isTrusted("not-an-address")).toBe(false);
    expect(normalizeAddress(" ::FFFF:10.0.0.1 ")).toBe("10.0.0.1");
  });

  it("takes forged forwarding headers out of the raw headers too, wherever they stand, and sets the client's address", () => {
    const request = (rawHeaders: string[]) =>
      ({
        socket: { remoteAddress: "198.51.100.4" },
        rawHeaders,
        headers: Object.fromEntries(
          Array.from({ length: rawHeaders.length / 2 }, (_, i) => [rawHeaders[2 * i].toLowerCase(), rawHeaders[2 * i + 1]]),
        ),
      }) as unknown as IncomingMessage;
    const forged = request(["Host", "a", "X-Forwarded-For", "1.2.3.4", "Accept", "*/*", "X-Modelport-Client-Ip", "9.9.9.9"]);
    expect(applyForwardingPolicy(forged, none)).toBe("198.51.100.4");
    expect(forged.rawHeaders).toEqual(["Host", "a", "Accept", "*/*", CLIENT_IP_HEADER, "198.51.100.4"]);
    expect(forged.headers["x-forwarded-for"]).toBeUndefined();
    expect(forged.headers[CLIENT_IP_HEADER]).toBe("198.51.100.4");
    const plain = request(["Host", "a", "Accept", "*/*"]);
    applyForwardingPolicy(plain, none);
    expect(plain.rawHeaders).toEqual(["Host", "a", "Accept", "*/*", CLIENT_IP_HEADER, "198.51.100.4"]);
  });
});
