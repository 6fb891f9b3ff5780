/**
 * Runs the retention purge on a timer: every `intervalMs`, and again after `catchUpMs` while a run comes back
 * full (a backlog). Runs never overlap; a failed run is logged and retried at the next tick. The timer is unref'd
 * so it never keeps the process alive, and `stop()` waits for a running purge (so the database closes after it).
 */
import type { PurgeResult } from './retention';

/** setTimeout/clearTimeout, injectable so tests fire ticks by hand. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface RetentionJobOptions {
  purge(now: Date): Promise<PurgeResult>;
  batchSize: number;
  clock: () => Date;
  intervalMs: number;
  catchUpMs?: number;
  timers?: Timers;
  onRun?(result: PurgeResult): void;
  onError?(error: unknown): void;
}

export interface RetentionJob {
  stop(): Promise<void>;
}

export function startRetentionJob(options: RetentionJobOptions): RetentionJob {
  const timers = options.timers ?? systemTimers;
  const catchUpMs = options.catchUpMs ?? 1000;
  let handle: unknown;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = (ms: number) => {
    if (!stopped) handle = timers.set(tick, ms);
  };

  function tick(): void {
    handle = undefined;
    running = (async () => {
      let next = options.intervalMs;
      try {
        const result = await options.purge(options.clock());
        options.onRun?.(result);
        if (result.tokens >= options.batchSize) next = Math.min(catchUpMs, options.intervalMs);
      } catch (error) {
        options.onError?.(error);
      }
      running = undefined;
      schedule(next);
    })();
  }

  schedule(options.intervalMs);
  return {
    async stop() {
      stopped = true;
      if (handle !== undefined) timers.clear(handle);
      handle = undefined;
      await running;
    },
  };
}
