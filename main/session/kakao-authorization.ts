/**
 * One trip to Kakao's authorize page and the exchange of its code for our tokens: what sign-in and additional
 * consent share. Fresh state, PKCE verifier and nonce per trip; the verifier and nonce go only to our backend.
 */
import type { SessionProblem, SignInPrompt, TokenResponse } from '@kakao-desktop/contract';
import { type AuthConfig, allowedAuthOrigins } from '../auth/auth-config';
import type { AuthWindowOpener } from '../auth/auth-window-port';
import { buildAuthorizeUrl } from '../auth/authorize-url';
import { type AuthRequestSecrets, createAuthRequestSecrets } from '../auth/secrets';
import type { SignInOutcome } from '../auth/sign-in-attempt';
import type { BackendClient } from '../backend/backend-client';
import { problemFor, problemFromError, problemFromOutcome } from './problems';
import { errorSummary, type SessionLog } from './session-log';

export interface KakaoAuthorizationDeps {
  backend: Pick<BackendClient, 'exchange'>;
  openAuthWindow: AuthWindowOpener;
  auth: AuthConfig;
  deviceName?: string;
  createSecrets?: () => AuthRequestSecrets;
}

export interface KakaoTrip {
  outcome: SignInOutcome;
  /** Exchange the outcome's code at our backend (only for `outcome.kind === 'code'`). */
  exchange(code: string): Promise<TokenResponse>;
}

/**
 * Open Kakao's page (`scopes` overrides the configured ones, for additional consent) and wait for the outcome.
 * Whether the window keeps Kakao's web session is the opener's business (preferences/kept-kakao-session.ts).
 */
export async function visitKakao(
  deps: KakaoAuthorizationDeps,
  options: { prompt?: SignInPrompt | undefined; scopes?: string[]; signal: AbortSignal },
): Promise<KakaoTrip> {
  const { auth } = deps;
  const secrets = (deps.createSecrets ?? createAuthRequestSecrets)();
  const config = options.scopes ? { ...auth, scopes: options.scopes } : auth;
  const outcome = await deps.openAuthWindow({
    authorizeUrl: buildAuthorizeUrl(config, secrets, options.prompt ? { prompt: options.prompt } : {}),
    redirectUri: auth.redirectUri,
    expectedState: secrets.state,
    allowedOrigins: allowedAuthOrigins(auth),
    keepKakaoSession: false,
    signal: options.signal,
  });
  return {
    outcome,
    exchange: (code) =>
      deps.backend.exchange({
        code,
        redirect_uri: auth.redirectUri,
        code_verifier: secrets.codeVerifier,
        nonce: secrets.nonce,
        ...(deps.deviceName ? { device_name: deps.deviceName } : {}),
      }),
  };
}

export type SignInTrip =
  | { kind: 'tokens'; response: TokenResponse }
  /** `problem` is undefined when the user cancelled (no banner). */
  | { kind: 'failed'; problem: SessionProblem | undefined; cancelled: boolean };

/** Sign-in's trip: Kakao's page, then the code exchange; every failure as the problem to show. */
export async function signInAtKakao(
  deps: KakaoAuthorizationDeps,
  options: { prompt?: SignInPrompt | undefined; signal: AbortSignal; log: SessionLog },
): Promise<SignInTrip> {
  const { log } = options;
  let trip: KakaoTrip;
  try {
    trip = await visitKakao(deps, options);
  } catch (error) {
    log('sign-in window failed', errorSummary(error));
    return { kind: 'failed', problem: problemFor('internal'), cancelled: false };
  }
  const { outcome } = trip;
  if (outcome.kind !== 'code') {
    log('sign-in ended without a code', { outcome: outcome.kind });
    return { kind: 'failed', problem: problemFromOutcome(outcome), cancelled: outcome.kind === 'cancelled' };
  }
  try {
    return { kind: 'tokens', response: await trip.exchange(outcome.code) };
  } catch (error) {
    log('code exchange failed', errorSummary(error));
    return { kind: 'failed', problem: problemFromError(error), cancelled: false };
  }
}
