import { describe, expect, it } from 'vitest';
import { backoffDelay, proactiveRefreshDelay } from './backoff';

describe('backoff', () => {
  it('doubles per attempt up to the ceiling', () => {
    const top = () => 0.999_999;
    const delays = [0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, top, { baseMs: 1_000, maxMs: 8_000 }));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('jitters between half and all of the step', () => {
    expect(backoffDelay(2, () => 0, { baseMs: 1_000 })).toBe(2_000);
    expect(backoffDelay(2, () => 0.5, { baseMs: 1_000 })).toBe(3_000);
    expect(backoffDelay(1_000, () => 0, { baseMs: 1_000, maxMs: 60_000 })).toBe(30_000); // no overflow
  });

  it('refreshes at two thirds of the lifetime', () => {
    expect(proactiveRefreshDelay(900)).toBe(600_000);
    expect(proactiveRefreshDelay(300)).toBe(200_000);
  });
});
