import { afterEach, describe, expect, it, vi } from "vitest";
import { isSecretField, logger, redactLogFields } from "./logger";

describe("redactLogFields", () => {
  it("masks env, args, tokens, passwords, secrets, authorization and cookies at any depth", () => {
    const fields = {
      requestId: "r1",
      deployment: { name: "m", env: { HF_TOKEN: "hf_secret" }, args: ["--api-key=sk-1"] },
      headers: { authorization: "Bearer abc", cookie: "session=1", "x-api-key": "k1", "set-cookie": ["a=1"] },
      accessToken: "t1",
      client_secret: "s1",
      items: [{ password: "p1" }],
    };
    const text = JSON.stringify(redactLogFields(fields));
    for (const secret of ["hf_secret", "sk-1", "Bearer abc", "session=1", "k1", "a=1", "t1", "s1", "p1"])
      expect(text).not.toContain(secret);
    expect(redactLogFields(fields)).toMatchObject({ requestId: "r1", deployment: { name: "m", env: "[redacted]", args: "[redacted]" } });
  });

  it("keeps fields whose names only resemble a secret word", () => {
    for (const key of ["promptTokens", "environment", "tokenizer", "method", "ms"]) expect(isSecretField(key)).toBe(false);
    for (const key of ["env", "args", "idToken", "refresh_token", "apiKey", "X-Api-Key", "Authorization", "clientSecret"]) {
      expect(isSecretField(key)).toBe(true);
    }
  });

  it("masks a bearer credential and the parameters of a failed query inside messages", () => {
    const error = new Error('Failed query: insert into "t" values ($1)\nparams: {"token":"tok_123"}');
    const redacted = redactLogFields({ error, note: "sent Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.x.y" });
    const text = JSON.stringify(redacted);
    expect(text).not.toContain("tok_123");
    expect(text).not.toContain("eyJhbGciOiJSUzI1NiJ9");
    expect(text).toContain("Failed query");
  });
});

describe("logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never writes env values or args to its output", () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    logger.error("apply failed", { spec: { env: { HF_TOKEN: "hf_secret" }, args: ["--hf-token", "hf_abc"] }, at: new Date(0) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("hf_secret");
    expect(lines[0]).not.toContain("hf_abc");
    expect(JSON.parse(lines[0])).toMatchObject({ message: "apply failed", spec: { env: "[redacted]" }, at: "1970-01-01T00:00:00.000Z" });
  });
});
