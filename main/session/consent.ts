/**
 * Additional consent (Kakao's incremental authorization): the signed-in user shares an item they did not
 * consent to at sign-in (the email). The sign-in window asks Kakao for only that item, the code is exchanged
 * like a sign-in, and the session carries on with the new tokens (the old family is revoked). Declining at
 * Kakao is not an error: the state stays as it was.
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (additional consent, `scope`)
 */
import type { ConsentItem, IpcResult, SessionState, TokenResponse } from '@kakao-desktop/contract';
import { type AuthConfig, allowedAuthOrigins } from '../auth/auth-config';
import type { AuthWindowOpener } from '../auth/auth-window-port';
import { buildAuthorizeUrl } from '../auth/authorize-url';
import { problemFor, problemFromError, problemFromOutcome } from '../auth/error-mapping';
import { type AuthRequestSecrets, createAuthRequestSecrets } from '../auth/secrets';
import type { BackendClient } from '../backend/backend-client';
import { errorSummary, type SessionLog } from './session-log';
import { singleFlight } from './single-flight';

/** Kakao's consent item per item the panel offers. */
const KAKAO_SCOPES: Record<ConsentItem, readonly string[]> = { email: ['account_email'] };

/** The session manager's slice this flow uses. */
export interface ConsentSession {
  getState(): SessionState;
  subscribe(listener: (state: SessionState) => void): () => void;
  getStaySignedInToKakao(): boolean;
  adoptSession(response: TokenResponse): Promise<'adopted' | 'signed-out' | 'other-user'>;
}

export interface ConsentDeps {
  session: ConsentSession;
  backend: Pick<BackendClient, 'exchange'>;
  openAuthWindow: AuthWindowOpener;
  auth: AuthConfig;
  deviceName?: string;
  createSecrets?: () => AuthRequestSecrets;
  log?: SessionLog;
}

type ConsentResult = IpcResult<SessionState>;

const OTHER_ACCOUNT_MESSAGE =
  'That was a different Kakao account. Share the email of the Kakao account you signed in with.';

/** Only the item asked for, plus `openid` when the app uses OpenID Connect (a fresh id_token for the exchange). */
export function consentScopes(item: ConsentItem, configured: readonly string[]): string[] {
  return configured.includes('openid') ? [...KAKAO_SCOPES[item], 'openid'] : [...KAKAO_SCOPES[item]];
}

/** Whether the profile already has the item (then there is nothing to ask). */
function alreadyShared(item: ConsentItem, state: Extract<SessionState, { kind: 'signed-in' }>): boolean {
  switch (item) {
    case 'email':
      return state.profile.email !== null;
  }
}

function failure(code: Parameters<typeof problemFor>[0], message?: string): ConsentResult {
  const problem = problemFor(code, message);
  return { ok: false, code: problem.code, message: problem.message };
}

export class ConsentFlow {
  private readonly requesting = singleFlight<ConsentResult>();

  constructor(private readonly deps: ConsentDeps) {}

  /** One request at a time: a second call while the window is open joins it. */
  request(item: ConsentItem): Promise<ConsentResult> {
    return this.requesting.run(() => this.run(item));
  }

  private async run(item: ConsentItem): Promise<ConsentResult> {
    const { session, auth } = this.deps;
    const before = session.getState();
    if (before.kind === 'offline') return failure('network');
    if (before.kind !== 'signed-in') return failure('session_invalid');
    if (alreadyShared(item, before)) return { ok: true, value: before };

    const secrets = (this.deps.createSecrets ?? createAuthRequestSecrets)();
    const abort = new AbortController();
    // Signed out (here or by the server) while Kakao's page is open: close it, the answer is no longer wanted.
    const stopWatching = session.subscribe((state) => {
      if (state.kind === 'signed-out') abort.abort();
    });
    try {
      const outcome = await this.deps.openAuthWindow({
        authorizeUrl: buildAuthorizeUrl({ ...auth, scopes: consentScopes(item, auth.scopes) }, secrets),
        redirectUri: auth.redirectUri,
        expectedState: secrets.state,
        allowedOrigins: allowedAuthOrigins(auth),
        keepKakaoSession: session.getStaySignedInToKakao(),
        signal: abort.signal,
      });
      if (abort.signal.aborted) return failure('cancelled');
      if (outcome.kind === 'cancelled') return { ok: true, value: session.getState() }; // declining is fine
      if (outcome.kind !== 'code') {
        this.deps.log?.('consent ended without a code', { outcome: outcome.kind });
        const problem = problemFromOutcome(outcome) ?? problemFor('kakao_error');
        return failure(problem.code, problem.message);
      }
      const response = await this.deps.backend.exchange({
        code: outcome.code,
        redirect_uri: auth.redirectUri,
        code_verifier: secrets.codeVerifier,
        nonce: secrets.nonce,
        ...(this.deps.deviceName ? { device_name: this.deps.deviceName } : {}),
      });
      const adopted = await session.adoptSession(response);
      if (adopted === 'other-user') return failure('kakao_error', OTHER_ACCOUNT_MESSAGE);
      if (adopted === 'signed-out') return failure('cancelled');
      return { ok: true, value: session.getState() };
    } catch (error) {
      this.deps.log?.('consent failed', errorSummary(error));
      const problem = problemFromError(error);
      return failure(problem.code, problem.message);
    } finally {
      stopWatching();
    }
  }
}
