/** Retry delays after transient failures: exponential, capped, with jitter so a fleet of clients spreads out. */
export interface BackoffOptions {
  /** First delay, before jitter. Default 2 s. */
  baseMs?: number;
  /** Ceiling, before jitter. Default 5 min. */
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000 } as const;

/**
 * Delay before retry number `attempt` (0-based): "equal jitter", i.e. uniformly between half and all of
 * min(max, base·2^attempt). `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const maxMs = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** When to refresh ahead of expiry: at ~2/3 of the access token's lifetime. */
export function proactiveRefreshDelay(expiresInSeconds: number): number {
  return Math.floor((expiresInSeconds * 1000 * 2) / 3);
}
