/**
 * What the account features (account-actions.ts, consent.ts) need from the session, and nothing more. The
 * SessionManager implements it; each method has a production caller, named here.
 */
import type { SessionState, TokenResponse } from '@kakao-desktop/contract';
import type { SessionListener } from './session-deps';

export interface AccountSessionPort {
  getState(): SessionState;
  subscribe(listener: SessionListener): () => void;
  /** A valid access token, refreshed single-flight (every account call, through withAccessToken). */
  getAccessToken(): Promise<string>;
  /** The backend refused this access token (401): the next getAccessToken() refreshes (withAccessToken). */
  expireAccessToken(accessToken: string): void;
  /**
   * A consent exchange started a new token family for this user: carry on with it and revoke the old one
   * (ConsentFlow). Tokens of anyone else, or arriving after a sign-out, are revoked instead.
   */
  adoptSession(response: TokenResponse): Promise<'adopted' | 'signed-out' | 'other-user'>;
  /** The backend deleted the account and every session of it: forget it here, no revoke owed (deleteAccount). */
  endDeletedAccount(): Promise<SessionState>;
}
