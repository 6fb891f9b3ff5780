/**
 * The load: desktop apps, each holding only its latest refresh token, acting on a steady schedule.
 * - signed out → sign in the whole way (authorize → login → consent → code → POST /auth/kakao/exchange);
 * - signed in → mostly refresh (rotate), sometimes log out, sometimes refresh the same token twice at once (two
 *   requests racing: both must get the same pair through the grace window).
 * Every answer is counted in SoakStats; any answer but the expected one is an error of its own kind.
 */
import { kakaoLogin } from '../../server/test/helpers/kakao-login';
import { DOUBLE_SHARE, LOGOUT_SHARE, sleep } from './settings';

export type Action = 'sign-in' | 'refresh' | 'double refresh' | 'logout' | 'final refresh';
export const ACTIONS: Action[] = ['sign-in', 'refresh', 'double refresh', 'logout', 'final refresh'];

export interface SoakStats {
  count: Record<Action, number>;
  ok: Record<Action, number>;
  latencies: Record<Action, number[]>;
  errors: Map<string, number>;
  fiveXx: number;
  /** Refresh answers with 200 (a double refresh counts 2). */
  refreshed: number;
}

const perAction = <T>(value: () => T) =>
  Object.fromEntries(ACTIONS.map((a) => [a, value()])) as Record<Action, T>;

export function createStats(): SoakStats {
  return {
    count: perAction(() => 0),
    ok: perAction(() => 0),
    latencies: perAction(() => [] as number[]),
    errors: new Map(),
    fiveXx: 0,
    refreshed: 0,
  };
}

export function countError(stats: SoakStats, kind: string): void {
  stats.errors.set(kind, (stats.errors.get(kind) ?? 0) + 1);
}

interface Answer {
  status: number;
  body: { refresh_token?: string; session_id?: string; code?: string; reason?: string };
}

async function post(base: string, path: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

export class DesktopApp {
  token: string | undefined;
  sessionId: string | undefined;
  constructor(
    readonly stats: SoakStats,
    readonly base: string,
    readonly emulatorUrl: string,
    readonly accountId: number,
  ) {}

  async act(action: Action): Promise<void> {
    this.stats.count[action]++;
    const started = performance.now();
    try {
      if (await this.run(action)) this.stats.ok[action]++;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      countError(this.stats, `${action}: ${cause?.code ?? (e as Error).message}`);
    }
    this.stats.latencies[action].push(performance.now() - started);
  }

  /** Counts the answer; true when it is the expected one. Any other answer is an error of its own kind. */
  private expectAnswer(action: Action, answer: Answer, expected: number): boolean {
    if (answer.status === expected) return true;
    if (answer.status >= 500) this.stats.fiveXx++;
    const { code, reason } = answer.body;
    countError(
      this.stats,
      `${action}: ${answer.status}${code ? ` ${code}` : ''}${reason ? `/${reason}` : ''}`,
    );
    return false;
  }

  private async run(action: Action): Promise<boolean> {
    switch (action) {
      case 'sign-in': {
        const { code, codeVerifier, redirectUri } = await kakaoLogin(this.emulatorUrl, {
          accountId: this.accountId,
        });
        const answer = await post(this.base, '/auth/kakao/exchange', {
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
          device_name: 'soak',
        });
        if (!this.expectAnswer(action, answer, 200)) return false;
        this.hold(answer);
        return true;
      }
      case 'refresh':
      case 'final refresh': {
        const answer = await post(this.base, '/auth/refresh', { refresh_token: this.token });
        if (!this.expectAnswer(action, answer, 200)) return this.forget();
        this.stats.refreshed++;
        return this.hold(answer);
      }
      case 'double refresh': {
        const body = { refresh_token: this.token };
        const [a, b] = await Promise.all([
          post(this.base, '/auth/refresh', body),
          post(this.base, '/auth/refresh', body),
        ]);
        const okA = this.expectAnswer(action, a, 200);
        const okB = this.expectAnswer(action, b, 200);
        if (!okA || !okB) return this.forget();
        this.stats.refreshed += 2;
        if (a.body.refresh_token !== b.body.refresh_token) {
          countError(this.stats, `${action}: the two answers carry different refresh tokens`);
          return this.forget();
        }
        return this.hold(a);
      }
      case 'logout': {
        const answer = await post(this.base, '/auth/logout', { refresh_token: this.token });
        this.forget();
        return this.expectAnswer(action, answer, 204);
      }
    }
  }

  private hold(answer: Answer): true {
    this.token = answer.body.refresh_token;
    if (this.sessionId && answer.body.session_id !== this.sessionId)
      countError(this.stats, 'refresh: answer for another session');
    this.sessionId = answer.body.session_id;
    return true;
  }

  /** A refused token is gone: sign in again next time (the error is already counted). */
  private forget(): false {
    this.token = undefined;
    this.sessionId = undefined;
    return false;
  }

  next(): Action {
    if (!this.token) return 'sign-in';
    const r = Math.random();
    if (r < LOGOUT_SHARE) return 'logout';
    if (r < LOGOUT_SHARE + DOUBLE_SHARE) return 'double refresh';
    return 'refresh';
  }
}

/** Each app acts every `interval` ms on its own fixed schedule (started at a random offset): a steady rate. */
export async function drive(app: DesktopApp, until: number, intervalMs: number): Promise<void> {
  let next = performance.now() + Math.random() * intervalMs;
  while (next < until) {
    await sleep(Math.max(0, next - performance.now()));
    await app.act(app.next());
    // Behind schedule (a slow answer)? Skip ahead instead of bursting to catch up.
    next = Math.max(next + intervalMs, performance.now());
  }
}
