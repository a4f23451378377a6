import { afterEach, describe, expect, it } from "vitest";
import { getRuntime, runtimeSingleton, setRuntime, type Runtime } from "./runtime";

// runtimeSingleton reads nothing of a runtime but its identity.
const runtime = () => ({}) as Runtime;

describe("runtimeSingleton", () => {
  const before = (() => {
    try {
      return getRuntime();
    } catch {
      return undefined;
    }
  })();
  afterEach(() => setRuntime(before));

  it("creates a value once per runtime and starts afresh with the next runtime", () => {
    const first = runtime();
    setRuntime(first);
    let made = 0;
    const make = (owner: Runtime) => ({ owner, serial: ++made });
    const value = runtimeSingleton("test-value", make);
    expect(runtimeSingleton("test-value", make)).toBe(value);
    expect(value.owner).toBe(first);
    expect(made).toBe(1);

    setRuntime(runtime());
    const next = runtimeSingleton("test-value", make);
    expect(next).not.toBe(value);
    expect(next.serial).toBe(2);

    setRuntime(first);
    expect(runtimeSingleton("test-value", make)).toBe(value);
    setRuntime({ ...first });
    expect(runtimeSingleton("test-value", make).serial).toBe(3);
  });

  it("is refused before a runtime is started", () => {
    setRuntime(undefined);
    expect(() => runtimeSingleton("test-value", () => 1)).toThrow(/runtime is not started/);
  });
});
