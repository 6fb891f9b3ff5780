import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/db/batcher';

/** A runner whose calls stay pending until released, recording what it was asked. */
function gatedRunner() {
  const batches: number[][] = [];
  const singles: number[] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const hold = async () => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise<void>((release) => gates.push(release));
    running--;
  };
  return {
    batches,
    singles,
    get maxRunning() {
      return maxRunning;
    },
    releaseAll() {
      for (const release of gates.splice(0)) release();
    },
    async runBatch(inputs: number[]) {
      batches.push(inputs);
      await hold();
      return inputs.map((n) => n * 10);
    },
    async runOne(input: number) {
      singles.push(input);
      await hold();
      return input * 10;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createBatcher', () => {
  it('sends a lone call at once through runOne', async () => {
    const runner = gatedRunner();
    const call = createBatcher({ ...runner, maxBatch: 8, maxInFlight: 1 });
    const result = call(7);
    await tick();
    expect(runner.singles).toEqual([7]);
    runner.releaseAll();
    expect(await result).toBe(70);
    expect(runner.batches).toEqual([]);
  });

  it('coalesces calls made while the slot is busy into one batch, each caller getting its own result', async () => {
    const runner = gatedRunner();
    const call = createBatcher({ ...runner, maxBatch: 8, maxInFlight: 1 });
    const first = call(1);
    await tick();
    const rest = [call(2), call(3), call(4)];
    await tick();
    expect(runner.batches).toEqual([]); // still waiting for the slot
    runner.releaseAll();
    expect(await first).toBe(10);
    await tick();
    expect(runner.batches).toEqual([[2, 3, 4]]);
    runner.releaseAll();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('keeps batches at maxBatch and runs at most maxInFlight at once', async () => {
    const runner = gatedRunner();
    const call = createBatcher({ ...runner, maxBatch: 3, maxInFlight: 2 });
    const results = Array.from({ length: 10 }, (_, i) => call(i));
    while (runner.singles.length + runner.batches.flat().length < 10) {
      await tick();
      runner.releaseAll();
    }
    runner.releaseAll();
    expect(await Promise.all(results)).toEqual(Array.from({ length: 10 }, (_, i) => i * 10));
    expect(Math.max(...runner.batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(runner.maxRunning).toBeLessThanOrEqual(2);
    expect([...runner.singles, ...runner.batches.flat()].sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const call = createBatcher<number, number>({
      runBatch: async () => {
        throw new Error('deadlock detected');
      },
      runOne: async (n) => {
        if (n === 2) throw new Error(`bad ${n}`);
        return n * 10;
      },
      maxBatch: 8,
      maxInFlight: 1,
    });
    const results = await Promise.allSettled([1, 2, 3].map(call));
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('bad 2') },
      { status: 'fulfilled', value: 30 },
    ]);
  });
});
