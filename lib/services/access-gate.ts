// Holds back what a long-lived stream delivers until an access check begun after it arrived has passed.
export interface AccessGate {
  /** Stamps something that has just arrived; deliver it only once `pass` with this ticket resolves true. */
  ticket(): number;
  /**
   * True once a check that began after the ticket was stamped found access intact; false once any check failed.
   * A check begun earlier does not count: it may have run before a revocation that the thing to deliver follows.
   */
  pass(ticket: number): Promise<boolean>;
  /** Checks now, or joins the check already running (the periodic re-check); false once a check failed. */
  checkNow(): Promise<boolean>;
}

/**
 * `check` resolves false (or rejects) when access is gone; `onFail` is then called once and every later `pass`
 * is false. Concurrent callers share one running check, so a burst of events costs one or two checks, not one each.
 */
export function createAccessGate(check: () => Promise<boolean>, onFail: () => void): AccessGate {
  let clock = 0;
  let passedAt = 0;
  let failed = false;
  let running: Promise<void> | undefined;

  const fail = () => {
    if (failed) return;
    failed = true;
    onFail();
  };

  const run = (): Promise<void> => {
    if (running) return running;
    const begunAt = ++clock;
    const current = check()
      .then(
        (ok) => {
          if (!ok) fail();
          else passedAt = Math.max(passedAt, begunAt);
        },
        () => fail(),
      )
      .finally(() => {
        if (running === current) running = undefined;
      });
    running = current;
    return current;
  };

  return {
    ticket: () => ++clock,
    async pass(ticket) {
      // At most two rounds: the check running now may have begun before the ticket; the next one cannot have.
      while (!failed && passedAt < ticket) await run();
      return !failed;
    },
    async checkNow() {
      await run();
      return !failed;
    },
  };
}
