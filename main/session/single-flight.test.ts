import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';

function gate<T>() {
  let open: (value: T) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('singleFlight', () => {
  it('joins callers while a run is in flight: one task, one shared result', async () => {
    const flight = singleFlight<number>();
    const g = gate<number>();
    let runs = 0;
    const task = () => {
      runs++;
      return g.promise;
    };
    const first = flight.run(task);
    const second = flight.run(task);
    expect(second).toBe(first);
    expect(flight.current()).toBe(first);
    g.open(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(runs).toBe(1);
  });

  it('starts a new run once the last one settled', async () => {
    const flight = singleFlight<string>();
    expect(flight.current()).toBeNull();
    expect(await flight.run(async () => 'a')).toBe('a');
    expect(flight.current()).toBeNull();
    expect(await flight.run(async () => 'b')).toBe('b');
  });

  it('a failed run is shared by its callers, then forgotten', async () => {
    const flight = singleFlight<string>();
    const g = gate<string>();
    const first = flight.run(() => g.promise);
    const second = flight.run(async () => 'never');
    g.fail(new Error('offline'));
    await expect(first).rejects.toThrow('offline');
    await expect(second).rejects.toThrow('offline');
    expect(flight.current()).toBeNull();
    expect(await flight.run(async () => 'again')).toBe('again');
  });
});
