/**
 * Additional consent (Kakao's incremental authorization): the signed-in user shares an item they did not
 * consent to at sign-in (the email). The sign-in window asks Kakao for only that item, the code is exchanged
 * like a sign-in, and the session carries on with the new tokens (the old family is revoked). Declining at
 * Kakao is not an error: the state stays as it was.
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (additional consent, `scope`)
 */
import { type ConsentItem, type IpcResult, ipcFailure, type SessionState } from '@kakao-desktop/contract';
import type { BackendClient } from '../backend/backend-client';
import type { AccountSessionPort } from './account-port';
import { type KakaoAuthorizationDeps, visitKakao } from './kakao-authorization';
import { problemFor, problemFromError, problemFromOutcome } from './problems';
import { errorSummary, type SessionLog } from './session-log';
import { singleFlight } from './single-flight';

/** Kakao's consent item per item the panel offers. */
const KAKAO_SCOPES: Record<ConsentItem, readonly string[]> = { email: ['account_email'] };

export interface ConsentDeps extends KakaoAuthorizationDeps {
  session: Pick<AccountSessionPort, 'getState' | 'subscribe' | 'adoptSession'>;
  backend: Pick<BackendClient, 'exchange'>;
  log?: SessionLog;
}

type ConsentResult = IpcResult<SessionState>;

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
    if (before.kind === 'offline') return ipcFailure(problemFor('network'));
    if (before.kind !== 'signed-in') return ipcFailure(problemFor('session_invalid'));
    if (alreadyShared(item, before)) return { ok: true, value: before };

    const abort = new AbortController();
    // Signed out (here or by the server) while Kakao's page is open: close it, the answer is no longer wanted.
    const stopWatching = session.subscribe((state) => {
      if (state.kind === 'signed-out') abort.abort();
    });
    try {
      const { outcome, exchange } = await visitKakao(this.deps, {
        scopes: consentScopes(item, auth.scopes),
        signal: abort.signal,
      });
      if (abort.signal.aborted) return ipcFailure(problemFor('cancelled'));
      if (outcome.kind === 'cancelled') return { ok: true, value: session.getState() }; // declining is fine
      if (outcome.kind !== 'code') {
        this.deps.log?.('consent ended without a code', { outcome: outcome.kind });
        return ipcFailure(problemFromOutcome(outcome) ?? problemFor('kakao_error'));
      }
      const response = await exchange(outcome.code);
      const adopted = await session.adoptSession(response);
      if (adopted === 'other-user') return ipcFailure(problemFor('kakao_error', 'other-kakao-account'));
      if (adopted === 'signed-out') return ipcFailure(problemFor('cancelled'));
      return { ok: true, value: session.getState() };
    } catch (error) {
      this.deps.log?.('consent failed', errorSummary(error));
      return ipcFailure(problemFromError(error));
    } finally {
      stopWatching();
    }
  }
}
