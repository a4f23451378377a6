// The sandbox's own certificate authority and serving certificate, kept in its data directory so that kubeconfigs
// written earlier stay valid across restarts; renewed when missing, expiring or not covering the listening host.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { hostname } from "node:os";
import path from "node:path";
import { generate } from "selfsigned";
import { readPrivateFile, writePrivateFile } from "./private-files";

export interface ServingTls {
  /** PEM of the CA that signed the serving certificate: what a kubeconfig's certificate-authority-data carries. */
  caPem: string;
  certPem: string;
  keyPem: string;
}

interface KeyPair {
  cert: string;
  key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_MS = 10 * 365 * DAY_MS;
const CERT_LIFETIME_MS = 365 * DAY_MS;
/** Renewed this long before expiry, so a long-running sandbox is not restarted into an expired certificate. */
const RENEW_BEFORE_MS = 7 * DAY_MS;
/** Backdated a little so a client whose clock runs slightly behind still accepts a certificate made this instant. */
const BACKDATE_MS = 5 * 60 * 1000;
const FILES = { caCert: "ca.crt", caKey: "ca.key", cert: "apiserver.crt", key: "apiserver.key" } as const;

/** Names the serving certificate covers: the loopback names always, plus the host it listens on. */
export function servingNames(host: string): string[] {
  const names = new Set(["localhost", "127.0.0.1"]);
  if (host === "::" || host === "::1") names.add("::1");
  // A wildcard address is reached by the machine's name, never by 0.0.0.0 or ::.
  names.add(host === "0.0.0.0" || host === "::" ? hostname() : host);
  return [...names];
}

/** The CA and serving certificate: from `dataDir` when still usable there, otherwise newly generated (and saved). */
export async function loadOrCreateServingTls(dataDir: string | undefined, names: string[], now = new Date()): Promise<ServingTls> {
  const file = (name: string): string | undefined => (dataDir ? path.join(dataDir, name) : undefined);
  let ca = readPair(file(FILES.caCert), file(FILES.caKey));
  let leaf = readPair(file(FILES.cert), file(FILES.key));
  if (!ca || !isUsable(ca, now)) {
    ca = await createCa(now);
    leaf = undefined;
    savePair(ca, file(FILES.caCert), file(FILES.caKey));
  }
  if (!leaf || !isUsable(leaf, now, ca, names)) {
    leaf = await createServingCert(ca, names, now);
    savePair(leaf, file(FILES.cert), file(FILES.key));
  }
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.key };
}

function readPair(certFile: string | undefined, keyFile: string | undefined): KeyPair | undefined {
  if (!certFile || !keyFile) return undefined;
  const cert = readPrivateFile(certFile);
  const key = readPrivateFile(keyFile);
  return cert && key ? { cert, key } : undefined;
}

function savePair(pair: KeyPair, certFile: string | undefined, keyFile: string | undefined): void {
  if (!certFile || !keyFile) return;
  writePrivateFile(keyFile, pair.key);
  writePrivateFile(certFile, pair.cert);
}

/** Parses, matches its key, is valid well past `now`, and (for the serving certificate) is signed by `ca` and covers `names`. */
function isUsable(pair: KeyPair, now: Date, ca?: KeyPair, names: string[] = []): boolean {
  try {
    const cert = new X509Certificate(pair.cert);
    if (!cert.checkPrivateKey(createPrivateKey(pair.key))) return false;
    if (Date.parse(cert.validFrom) > now.getTime() || Date.parse(cert.validTo) - RENEW_BEFORE_MS < now.getTime()) return false;
    if (ca) {
      const issuer = new X509Certificate(ca.cert);
      if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return false;
    }
    return names.every((name) => (isIP(name) ? cert.checkIP(name) : cert.checkHost(name)) !== undefined);
  } catch {
    // An unreadable file from a crashed write or another tool is replaced rather than fatal.
    return false;
  }
}

async function createCa(now: Date): Promise<KeyPair> {
  const pems = await generate([{ name: "commonName", value: "modelport-sandbox-ca" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - BACKDATE_MS),
    notAfterDate: new Date(now.getTime() + CA_LIFETIME_MS),
    extensions: [
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

async function createServingCert(ca: KeyPair, names: string[], now: Date): Promise<KeyPair> {
  const pems = await generate([{ name: "commonName", value: "modelport-sandbox-apiserver" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - BACKDATE_MS),
    notAfterDate: new Date(now.getTime() + CERT_LIFETIME_MS),
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })) },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
