// Signing JWKS and cookie keys for the embedded issuer, optionally persisted to a JSON file.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

export interface IssuerKeys {
  signingKeys: JWK[];
  cookieKeys: string[];
}

interface StoredKeys extends IssuerKeys {
  version: 1;
}

const PUBLIC_RSA_MEMBERS = ["kty", "kid", "use", "alg", "n", "e"] as const;

async function generateKeys(): Promise<IssuerKeys> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return {
    signingKeys: [{ ...jwk, kid, alg: "RS256", use: "sig" }],
    cookieKeys: [randomBytes(32).toString("base64url"), randomBytes(32).toString("base64url")],
  };
}

function isStoredKeys(value: unknown): value is StoredKeys {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<StoredKeys>;
  return (
    candidate.version === 1 &&
    Array.isArray(candidate.signingKeys) &&
    candidate.signingKeys.length > 0 &&
    candidate.signingKeys.every((key) => typeof key === "object" && key !== null && typeof key.d === "string") &&
    Array.isArray(candidate.cookieKeys) &&
    candidate.cookieKeys.length > 0 &&
    candidate.cookieKeys.every((key) => typeof key === "string" && key.length >= 16)
  );
}

async function readStoredKeys(keysPath: string): Promise<IssuerKeys | undefined> {
  let text: string;
  try {
    text = await readFile(keysPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isStoredKeys(parsed)) {
    throw new Error(`embedded issuer keys file ${keysPath} is not in the expected format`);
  }
  return { signingKeys: parsed.signingKeys, cookieKeys: parsed.cookieKeys };
}

async function writeStoredKeys(keysPath: string, keys: IssuerKeys): Promise<void> {
  await mkdir(path.dirname(keysPath), { recursive: true, mode: 0o700 });
  const stored: StoredKeys = { version: 1, ...keys };
  // Write then rename so a crash mid-write never leaves a half-written key file behind.
  const temporary = `${keysPath}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, keysPath);
}

export async function loadOrCreateKeys(keysPath?: string): Promise<IssuerKeys> {
  if (!keysPath) return generateKeys();
  const existing = await readStoredKeys(keysPath);
  if (existing) return existing;
  const created = await generateKeys();
  await writeStoredKeys(keysPath, created);
  return created;
}

export function publicJwks(keys: IssuerKeys): { keys: JWK[] } {
  return {
    keys: keys.signingKeys.map((key) => {
      const publicKey: JWK = {};
      for (const member of PUBLIC_RSA_MEMBERS) {
        if (key[member] !== undefined) publicKey[member] = key[member];
      }
      return publicKey;
    }),
  };
}
