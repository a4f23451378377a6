// The sandbox's CA and serving certificate: the names covered, persistence, and renewal when expired or outgrown.
import { X509Certificate } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateServingTls, servingNames } from "./serving-cert";

const root = mkdtempSync(path.join(tmpdir(), "sandbox-cert-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

describe("serving certificate", () => {
  it("names loopback always, ::1 when bound there, and the listening host (the machine's name for a wildcard)", () => {
    expect(servingNames("127.0.0.1")).toEqual(["localhost", "127.0.0.1"]);
    expect(servingNames("::1")).toEqual(["localhost", "127.0.0.1", "::1"]);
    expect(servingNames("0.0.0.0")).toEqual(["localhost", "127.0.0.1", hostname()]);
    expect(servingNames("sandbox.internal")).toEqual(["localhost", "127.0.0.1", "sandbox.internal"]);
  });

  it("signs a certificate for those names with its own CA", async () => {
    const tls = await loadOrCreateServingTls(undefined, servingNames("::1"));
    const cert = new X509Certificate(tls.certPem);
    const ca = new X509Certificate(tls.caPem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect([cert.checkIP("127.0.0.1"), cert.checkIP("::1"), cert.checkHost("localhost")].every((m) => m !== undefined)).toBe(true);
    expect(cert.checkHost("example.com")).toBeUndefined();
  });

  it("reuses what is saved, renews an expired certificate under the same CA, and renews for a new host", async () => {
    const dir = path.join(root, "renew");
    mkdirSync(dir);
    const names = servingNames("127.0.0.1");
    const old = await loadOrCreateServingTls(dir, names, new Date(Date.now() - 2 * YEAR_MS));
    expect(Date.parse(new X509Certificate(old.certPem).validTo)).toBeLessThan(Date.now());

    const renewed = await loadOrCreateServingTls(dir, names);
    expect(renewed.caPem).toBe(old.caPem);
    expect(renewed.certPem).not.toBe(old.certPem);
    expect(Date.parse(new X509Certificate(renewed.certPem).validTo)).toBeGreaterThan(Date.now());

    expect(await loadOrCreateServingTls(dir, names)).toEqual(renewed);

    const moved = await loadOrCreateServingTls(dir, servingNames("sandbox.internal"));
    expect(moved.caPem).toBe(old.caPem);
    expect(new X509Certificate(moved.certPem).checkHost("sandbox.internal")).toBe("sandbox.internal");
  });

  it("starts over with a new CA when the saved one has expired", async () => {
    const dir = path.join(root, "expired-ca");
    mkdirSync(dir);
    const ancient = await loadOrCreateServingTls(dir, ["localhost"], new Date(Date.now() - 11 * YEAR_MS));
    const fresh = await loadOrCreateServingTls(dir, ["localhost"]);
    expect(fresh.caPem).not.toBe(ancient.caPem);
    expect(new X509Certificate(fresh.certPem).verify(new X509Certificate(fresh.caPem).publicKey)).toBe(true);
  });
});
