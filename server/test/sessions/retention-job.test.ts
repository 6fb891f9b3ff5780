import { describe, expect, it } from 'vitest';
import type { PurgeResult } from '../../src/sessions/retention';
import { startRetentionJob, systemTimers } from '../../src/sessions/retention-job';
import { manualTimers } from '../helpers/timers';

const at = new Date('2026-01-01T00:00:00Z');

describe('retention job', () => {
  it('runs every interval, catches up quickly while runs come back full, and reads the clock per run', async () => {
    const timers = manualTimers();
    const seen: Date[] = [];
    const results: PurgeResult[] = [
      { tokens: 10, sessions: 2 },
      { tokens: 4, sessions: 1 },
    ];
    let now = at;
    const job = startRetentionJob({
      purge: async (when) => {
        seen.push(when);
        return results.shift() ?? { tokens: 0, sessions: 0 };
      },
      batchSize: 10,
      clock: () => now,
      intervalMs: 600_000,
      catchUpMs: 1000,
      timers,
    });
    expect(timers.pending()).toEqual([600_000]);
    await timers.fire(); // full batch → a backlog
    expect(timers.pending()).toEqual([1000]);
    now = new Date(at.getTime() + 1000);
    await timers.fire(); // not full → back to the interval
    expect(timers.pending()).toEqual([600_000]);
    expect(seen).toEqual([at, now]);
    await job.stop();
    expect(timers.pending()).toEqual([]);
  });

  it('survives a failed run (reported) and tries again at the next tick', async () => {
    const timers = manualTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const job = startRetentionJob({
      purge: async () => {
        calls++;
        if (calls === 1) throw new Error('deadlock detected');
        return { tokens: 0, sessions: 0 };
      },
      batchSize: 10,
      clock: () => at,
      intervalMs: 60_000,
      timers,
      onError: (e) => errors.push(e),
    });
    await timers.fire();
    expect(errors).toEqual([new Error('deadlock detected')]);
    expect(timers.pending()).toEqual([60_000]);
    await timers.fire();
    expect(calls).toBe(2);
    await job.stop();
  });

  it('stop() waits for a running purge and schedules nothing after it', async () => {
    const timers = manualTimers();
    let finish!: () => void;
    let finished = false;
    const job = startRetentionJob({
      purge: () =>
        new Promise<PurgeResult>((resolve) => {
          finish = () => {
            finished = true;
            resolve({ tokens: 10, sessions: 0 });
          };
        }),
      batchSize: 10,
      clock: () => at,
      intervalMs: 60_000,
      timers,
    });
    void timers.fire();
    let stopDone = false;
    const stopping = job.stop().then(() => {
      stopDone = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopDone).toBe(false); // the purge is still running
    finish();
    await stopping;
    expect(finished).toBe(true);
    // Its batch was full, yet no catch-up run is scheduled after stop().
    expect(timers.pending()).toEqual([]);
  });

  it('the system timer never keeps the process alive', () => {
    const handle = systemTimers.set(() => {}, 60_000) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    systemTimers.clear(handle);
  });
});
