/** A Timers fake for the retention job: nothing fires until the test says so. */
import type { Timers } from '../../src/sessions/retention-job';

export interface ManualTimers extends Timers {
  /** Delays of the timers set and not yet fired or cleared. */
  pending(): number[];
  /** Fires the oldest pending timer and resolves once the job has set its next one (i.e. the run is over). */
  fire(): Promise<void>;
}

export function manualTimers(): ManualTimers {
  let timers: { run: () => void; ms: number }[] = [];
  let onSet: (() => void) | undefined;
  return {
    set(run, ms) {
      const timer = { run, ms };
      timers.push(timer);
      onSet?.();
      return timer;
    },
    clear(handle) {
      timers = timers.filter((t) => t !== handle);
    },
    pending: () => timers.map((t) => t.ms),
    fire() {
      const timer = timers.shift();
      if (!timer) throw new Error('no timer pending');
      const next = new Promise<void>((resolve) => {
        onSet = resolve;
      });
      timer.run();
      return next;
    },
  };
}
