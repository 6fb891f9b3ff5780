/**
 * When the session refreshes next: proactively before the access token expires, or after a failure with
 * exponential backoff (jittered, never sooner than the backend's Retry-After). One timer of each at most.
 */
import { BackendError } from '../backend/backend-error';
import type { Clock, TimerHandle } from '../clock';
import { type BackoffOptions, backoffDelay, proactiveRefreshDelay } from './backoff';

export class RefreshSchedule {
  private refreshTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private retryAttempt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: { random?: () => number; backoff?: BackoffOptions } = {},
  ) {}

  /** Fresh tokens: the backoff starts over, and `refresh` runs at 2/3 of the access token's lifetime. */
  refreshBefore(expiresInSeconds: number, refresh: () => void): void {
    this.clear();
    this.retryAttempt = 0;
    this.refreshTimer = this.clock.setTimeout(refresh, proactiveRefreshDelay(expiresInSeconds));
  }

  /** A failed refresh: `retry` runs after the next backoff delay. Returns when (epoch ms). */
  retryAfter(error: unknown, retry: () => void): number {
    const retryAfter = error instanceof BackendError ? (error.retryAfterMs ?? 0) : 0;
    const jitter = this.options.random ?? Math.random;
    const delay = Math.max(backoffDelay(this.retryAttempt, jitter, this.options.backoff), retryAfter);
    this.retryAttempt++;
    this.clear();
    this.retryTimer = this.clock.setTimeout(retry, delay);
    return this.clock.now() + delay;
  }

  /** Signed out: nothing scheduled, and the next failure backs off from the start. */
  reset(): void {
    this.clear();
    this.retryAttempt = 0;
  }

  clear(): void {
    if (this.refreshTimer !== undefined) this.clock.clearTimeout(this.refreshTimer);
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.refreshTimer = undefined;
    this.retryTimer = undefined;
  }
}
