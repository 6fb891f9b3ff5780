/**
 * One run at a time: while a run is in flight, every caller gets that same promise; once it settles (either
 * way), the next call starts a new run. The session's refresh, sign-in, launch and the account calls use it.
 */
export interface SingleFlight<T> {
  /** The run in flight, or a new one of `task`. */
  run(task: () => Promise<T>): Promise<T>;
  /** The run in flight, if any (to wait for it without starting one). */
  current(): Promise<T> | null;
}

export function singleFlight<T>(): SingleFlight<T> {
  let inFlight: Promise<T> | null = null;
  return {
    run(task) {
      if (inFlight) return inFlight;
      const running = task().finally(() => {
        if (inFlight === running) inFlight = null;
      });
      inFlight = running;
      return running;
    },
    current: () => inFlight,
  };
}
