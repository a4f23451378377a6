import { describe, expect, it } from "vitest";
import { createAccessGate } from "./access-gate";

/** A check the test answers by hand, one call at a time. */
function manualCheck() {
  const pending: ((ok: boolean) => void)[] = [];
  return {
    calls: () => pending.length,
    check: () => new Promise<boolean>((resolve) => pending.push(resolve)),
    answer: (index: number, ok: boolean) => pending[index](ok),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("access gate", () => {
  it("does not let a check begun before something arrived clear it", async () => {
    const manual = manualCheck();
    let failures = 0;
    const gate = createAccessGate(manual.check, () => failures++);
    const periodic = gate.checkNow();
    const ticket = gate.ticket(); // e.g. a change that follows a revocation the running check did not see
    let delivered: boolean | undefined;
    void gate.pass(ticket).then((ok) => (delivered = ok));
    manual.answer(0, true);
    await periodic;
    await tick();
    expect(delivered).toBeUndefined();
    expect(manual.calls()).toBe(2);
    manual.answer(1, false);
    await tick();
    expect(delivered).toBe(false);
    expect(failures).toBe(1);
  });

  it("clears everything that arrived before a check began with that one check", async () => {
    const manual = manualCheck();
    const gate = createAccessGate(manual.check, () => undefined);
    const tickets = [gate.ticket(), gate.ticket(), gate.ticket()];
    const passes = Promise.all(tickets.map((ticket) => gate.pass(ticket)));
    await tick();
    expect(manual.calls()).toBe(1);
    manual.answer(0, true);
    expect(await passes).toEqual([true, true, true]);
    expect(await gate.pass(tickets[1])).toBe(true);
    expect(manual.calls()).toBe(1);
  });

  it("stays shut after a failed check and reports the failure once", async () => {
    let failures = 0;
    const gate = createAccessGate(
      async () => {
        throw new Error("database unavailable");
      },
      () => failures++,
    );
    expect(await gate.pass(gate.ticket())).toBe(false);
    expect(await gate.checkNow()).toBe(false);
    expect(await gate.pass(gate.ticket())).toBe(false);
    expect(failures).toBe(1);
  });
});
