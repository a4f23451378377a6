import { describe, expect, it } from "vitest";
import { createSignInThrottle, lockoutMessage, pause } from "./sign-in-throttle";

describe("sign-in throttle", () => {
  it("slows failures down, then locks the account for that client after maxFailures", async () => {
    const throttle = createSignInThrottle({ maxFailures: 3, lockoutSeconds: 60, slowdownMs: 100 });
    expect(await throttle.recordFailure("10.0.0.1", "alice")).toEqual({ delayMs: 0, lockedForMs: 0 });
    expect(await throttle.recordFailure("10.0.0.1", "alice")).toEqual({ delayMs: 100, lockedForMs: 0 });
    expect(await throttle.lockedFor("10.0.0.1", "alice")).toBe(0);
    const third = await throttle.recordFailure("10.0.0.1", "alice");
    expect(third.lockedForMs).toBeGreaterThan(59_000);
    expect(await throttle.lockedFor("10.0.0.1", "ALICE ")).toBeGreaterThan(59_000);
    // Another account from the same client, and the same account from another client, are not locked.
    expect(await throttle.lockedFor("10.0.0.1", "bob")).toBe(0);
    expect(await throttle.lockedFor("10.0.0.2", "alice")).toBe(0);
  });

  it("never counts successes, and a success clears the failures before it", async () => {
    const throttle = createSignInThrottle({ maxFailures: 2, lockoutSeconds: 60 });
    for (let attempt = 0; attempt < 50; attempt += 1) await throttle.recordSuccess("10.0.0.1", "alice");
    await throttle.recordFailure("10.0.0.1", "alice");
    await throttle.recordSuccess("10.0.0.1", "alice");
    expect(await throttle.recordFailure("10.0.0.1", "alice")).toEqual({ delayMs: 0, lockedForMs: 0 });
    expect(await throttle.lockedFor("10.0.0.1", "alice")).toBe(0);
  });

  it("locks a client that sprays many accounts", async () => {
    const throttle = createSignInThrottle({ maxFailures: 2, lockoutSeconds: 60 });
    const outcomes = [];
    for (let index = 0; index < 8; index += 1) outcomes.push(await throttle.recordFailure("10.0.0.9", `user-${index}`));
    expect(outcomes.slice(0, 7).every((outcome) => outcome.lockedForMs === 0)).toBe(true);
    expect(outcomes[7]?.lockedForMs).toBeGreaterThan(0);
    expect(await throttle.lockedFor("10.0.0.9", "someone-new")).toBeGreaterThan(0);
    expect(await throttle.lockedFor("10.0.0.10", "someone-new")).toBe(0);
  });

  it("lifts the lockout after lockoutSeconds", async () => {
    const throttle = createSignInThrottle({ maxFailures: 1, lockoutSeconds: 1 });
    expect((await throttle.recordFailure("10.0.0.1", "alice")).lockedForMs).toBeGreaterThan(0);
    await pause(1_100);
    expect(await throttle.lockedFor("10.0.0.1", "alice")).toBe(0);
  });

  it("says how long to wait", () => {
    expect(lockoutMessage(59_001)).toBe("Too many failed sign-in attempts from your address. Try again in 60 seconds.");
    expect(lockoutMessage(200)).toMatch(/in 1 second\.$/);
  });
});
