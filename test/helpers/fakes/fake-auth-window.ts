import type { AuthWindowOpener, AuthWindowRequest } from '../../../main/auth/auth-window-port';
import type { SignInOutcome } from '../../../main/auth/sign-in-attempt';

/**
 * A sign-in window that "shows" Kakao and answers with the next scripted outcome. `'redirect-with-state'`
 * answers with a code carrying the request's own state, as Kakao would.
 */
export class FakeAuthWindow {
  readonly requests: AuthWindowRequest[] = [];
  private readonly script: (SignInOutcome | 'hang')[] = [];

  /** Queue outcomes for the next opens; 'hang' stays open until the request's signal aborts. */
  willAnswer(...outcomes: (SignInOutcome | 'hang')[]): this {
    this.script.push(...outcomes);
    return this;
  }

  readonly open: AuthWindowOpener = (request) => {
    this.requests.push(request);
    const next = this.script.shift() ?? { kind: 'code', code: 'good-code' };
    if (next !== 'hang') return Promise.resolve(next);
    return new Promise((resolve) => {
      request.signal.addEventListener('abort', () => resolve({ kind: 'cancelled' }), { once: true });
    });
  };
}
