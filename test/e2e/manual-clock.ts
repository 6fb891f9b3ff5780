import type { Clock, TimerHandle } from '../../main/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A clock that only moves when the test says so: the session's backoff and proactive-refresh timers are
 * fired on demand, so an offline → retry flow needs no sleeping.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** When the earliest pending timer is due, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.timers.reduce<number | undefined>(
      (min, t) => (min === undefined ? t.at : Math.min(min, t.at)),
      undefined,
    );
  }

  /** Move to `at` and run every timer due by then, earliest first. */
  advanceTo(at: number): void {
    this.current = Math.max(this.current, at);
    for (;;) {
      const due = this.timers.filter((t) => t.at <= this.current).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.timers = this.timers.filter((t) => t !== due);
      due.callback();
    }
  }
}
