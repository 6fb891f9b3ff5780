/**
 * The desktop session: sign in, refresh on launch, proactive refresh, single-flight, offline with backoff,
 * sign out (local first, server revoke after, owed revokes retried on the next launch). An explicit state
 * machine over contract's `SessionState`, observable by the UI. No Electron here: every side effect is a port.
 * @see the root README, "How sign-in works, and why it is safe" (session lifecycle)
 */
import {
  type IpcResult,
  type SessionProblem,
  type SessionState,
  type SignInPrompt,
  type SignInSurface,
  type TokenPersistence,
  type TokenResponse,
  type UserProfile,
  userProfileSchema,
} from '@kakao-desktop/contract';
import { type AuthConfig, allowedAuthOrigins } from '../auth/auth-config';
import type { AuthWindowOpener } from '../auth/auth-window-port';
import { buildAuthorizeUrl } from '../auth/authorize-url';
import { DesktopError, problemFor, problemFromError, problemFromOutcome } from '../auth/error-mapping';
import { type AuthRequestSecrets, createAuthRequestSecrets } from '../auth/secrets';
import type { SignInOutcome } from '../auth/sign-in-attempt';
import type { BackendClient } from '../backend/backend-client';
import { BackendError } from '../backend/backend-error';
import { type Clock, systemClock, type TimerHandle } from '../clock';
import type { PreferencesStore } from '../preferences/preferences';
import { isKeychainUnavailable, type SecretVault, VAULT_ACCOUNTS } from '../vault/vault';
import { type BackoffOptions, backoffDelay, proactiveRefreshDelay } from './backoff';
import { OwedRevokes } from './owed-revokes';
import { errorSummary, type SessionLog } from './session-log';

export type { SessionLog } from './session-log';

export interface SessionManagerDeps {
  /** The companion backend (exchange, refresh, logout are used). */
  backend: Pick<BackendClient, 'exchange' | 'refresh' | 'logout'>;
  /** Where the refresh token (and owed revokes) live: the OS keychain in the app. */
  vault: SecretVault;
  /** Non-secret: the cached profile and the "stay signed in to Kakao" choice. */
  preferences: PreferencesStore;
  /** Shows Kakao's sign-in page and reports the outcome. */
  openAuthWindow: AuthWindowOpener;
  /** Clears the Kakao web session kept by the sign-in window (cookies, storage). Called on sign-out. */
  clearKakaoSession?: () => Promise<void>;
  /** Where `openAuthWindow` shows Kakao: our window (default) or the user's browser; the state's `via`. */
  signInSurface?: SignInSurface;
  auth: AuthConfig;
  /** Shown in the user's session list. */
  deviceName?: string;
  clock?: Clock;
  /** [0, 1), for backoff jitter. */
  random?: () => number;
  /** Test seam: fixed state/PKCE/nonce. */
  createSecrets?: () => AuthRequestSecrets;
  backoff?: BackoffOptions;
  /** getAccessToken() refreshes when the access token expires within this. Default 60 s. */
  refreshSkewMs?: number;
  log?: SessionLog;
}

export type SessionListener = (state: SessionState) => void;
export type SignInResult = IpcResult<SessionState>;

interface Tokens {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string;
}

export class SessionManager {
  private state: SessionState = { kind: 'starting' };
  private persistence: TokenPersistence = 'keychain';
  private tokens: Tokens | null = null;
  private readonly listeners = new Set<SessionListener>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: SessionLog;
  /** Bumped on sign-in and sign-out: results of work started under an older epoch are dropped. */
  private epoch = 0;
  private refreshInFlight: Promise<void> | null = null;
  private signInInFlight: Promise<SignInResult> | null = null;
  private signInAbort: AbortController | null = null;
  private startInFlight: Promise<SessionState> | null = null;
  private refreshTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private retryAttempt = 0;
  private readonly owedRevokes: OwedRevokes;
  private disposed = false;

  constructor(private readonly deps: SessionManagerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.log = deps.log ?? (() => {});
    this.owedRevokes = new OwedRevokes({
      backend: deps.backend,
      vault: deps.vault,
      vaultInUse: () => this.persistence === 'keychain',
      vaultFailed: (operation, error) => this.vaultFailed(operation, error),
      log: this.log,
    });
  }

  // --- Observing ---

  getState(): SessionState {
    return this.state;
  }

  /** Called on every change (not with the current state). Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // --- Launch ---

  /** Launch: read the refresh token from the vault and refresh; retry owed revokes. Safe to call once or more. */
  start(): Promise<SessionState> {
    this.startInFlight ??= this.runStart();
    return this.startInFlight;
  }

  private async runStart(): Promise<SessionState> {
    let stored: string | null = null;
    try {
      stored = await this.deps.vault.get(VAULT_ACCOUNTS.refreshToken);
    } catch (error) {
      this.vaultFailed('read', error);
    }
    const revokes = this.owedRevokes.flush();
    if (stored === null) {
      this.setState({ kind: 'signed-out', persistence: this.persistence });
    } else {
      // The access token is not kept across launches: a refresh gets a fresh one and proves the session.
      this.tokens = { accessToken: '', accessExpiresAt: 0, refreshToken: stored };
      const cached = this.deps.preferences.get().lastProfile;
      if (cached) this.setState({ kind: 'refreshing', profile: cached, persistence: this.persistence });
      await this.refresh().catch(() => {}); // the outcome is in the state (signed-in, offline or signed-out)
    }
    await revokes;
    return this.state;
  }

  // --- Sign in ---

  /**
   * Open Kakao's sign-in window and, on a code, exchange it for our tokens. One attempt at a time: a second
   * call while one is open joins it. When already signed in, returns the current state.
   * Without `prompt`, a kept Kakao session ("stay signed in to Kakao") signs in its account without asking;
   * `select_account` (the UI's "use a different Kakao account") shows Kakao's chooser, `login` the login form.
   */
  signIn(options: { prompt?: SignInPrompt } = {}): Promise<SignInResult> {
    if (this.signInInFlight) return this.signInInFlight;
    this.signInInFlight = this.runSignIn(options).finally(() => {
      this.signInInFlight = null;
    });
    return this.signInInFlight;
  }

  private async runSignIn(options: { prompt?: SignInPrompt }): Promise<SignInResult> {
    if (this.startInFlight) await this.startInFlight;
    if (this.state.kind !== 'signed-out' && this.state.kind !== 'starting')
      return { ok: true, value: this.state };
    if (this.disposed) return this.failure(problemFor('cancelled'));

    const epoch = ++this.epoch;
    const via = this.deps.signInSurface ?? 'window';
    this.setState({ kind: 'signing-in', persistence: this.persistence, via });
    const secrets = (this.deps.createSecrets ?? createAuthRequestSecrets)();
    const { staySignedInToKakao } = this.deps.preferences.get();
    const { prompt } = options;
    const abort = new AbortController();
    this.signInAbort = abort;

    let outcome: SignInOutcome;
    try {
      outcome = await this.deps.openAuthWindow({
        authorizeUrl: buildAuthorizeUrl(this.deps.auth, secrets, prompt ? { prompt } : {}),
        redirectUri: this.deps.auth.redirectUri,
        expectedState: secrets.state,
        allowedOrigins: allowedAuthOrigins(this.deps.auth),
        keepKakaoSession: staySignedInToKakao,
        signal: abort.signal,
      });
    } catch (error) {
      this.log('sign-in window failed', errorSummary(error));
      return this.signInFailed(epoch, problemFor('internal'));
    } finally {
      this.signInAbort = null;
      // Turned off while this window used the kept session: forget what it just kept.
      if (staySignedInToKakao && !this.deps.preferences.get().staySignedInToKakao)
        void this.forgetKakaoSession();
    }
    if (outcome.kind !== 'code') {
      this.log('sign-in ended without a code', { outcome: outcome.kind });
      return this.signInFailed(epoch, problemFromOutcome(outcome), outcome.kind === 'cancelled');
    }

    let response: TokenResponse;
    try {
      response = await this.deps.backend.exchange({
        code: outcome.code,
        redirect_uri: this.deps.auth.redirectUri,
        code_verifier: secrets.codeVerifier,
        nonce: secrets.nonce,
        ...(this.deps.deviceName ? { device_name: this.deps.deviceName } : {}),
      });
    } catch (error) {
      this.log('code exchange failed', errorSummary(error));
      return this.signInFailed(epoch, problemFromError(error));
    }
    if (epoch !== this.epoch || this.disposed) {
      // Signed out (or quitting) while the exchange was in flight: do not resurrect the session.
      void this.owedRevokes.revoke(response.refresh_token);
      return this.failure(problemFor('cancelled'));
    }
    await this.acceptTokens(response);
    void this.owedRevokes.flush(); // the backend is reachable again
    return { ok: true, value: this.state };
  }

  private signInFailed(epoch: number, problem: SessionProblem | undefined, cancelled = false): SignInResult {
    if (epoch === this.epoch) {
      // A cancel is the user's choice: back to signed-out without a problem banner.
      this.setState(
        problem && !cancelled
          ? { kind: 'signed-out', problem, persistence: this.persistence }
          : { kind: 'signed-out', persistence: this.persistence },
      );
    }
    return this.failure(problem ?? problemFor('cancelled'));
  }

  private failure(problem: SessionProblem): SignInResult {
    return { ok: false, code: problem.code, message: problem.message };
  }

  // --- Tokens ---

  /**
   * A valid access token for calls to our backend, refreshed first when it expires within the skew.
   * Throws DesktopError `session_invalid` when signed out, or the refresh's BackendError.
   */
  async getAccessToken(): Promise<string> {
    if (this.startInFlight && this.state.kind === 'starting') await this.startInFlight;
    if (!this.tokens) throw new DesktopError('session_invalid');
    const skew = this.deps.refreshSkewMs ?? 60_000;
    if (this.tokens.accessToken && this.tokens.accessExpiresAt - skew > this.clock.now())
      return this.tokens.accessToken;
    await this.refresh();
    if (!this.tokens) throw new DesktopError('session_invalid');
    return this.tokens.accessToken;
  }

  /** The backend refused `accessToken` (401): the next getAccessToken() refreshes instead of reusing it. */
  expireAccessToken(accessToken: string): void {
    if (this.tokens?.accessToken === accessToken) this.tokens.accessExpiresAt = 0;
  }

  /** Single-flight: however many callers, one /auth/refresh at a time; they all share its result. */
  private refresh(): Promise<void> {
    this.refreshInFlight ??= this.runRefresh().finally(() => {
      this.refreshInFlight = null;
    });
    return this.refreshInFlight;
  }

  private async runRefresh(): Promise<void> {
    const epoch = this.epoch;
    const current = this.tokens;
    if (!current) throw new DesktopError('session_invalid');
    this.clearTimers();
    let response: TokenResponse;
    try {
      response = await this.deps.backend.refresh(current.refreshToken);
    } catch (error) {
      if (epoch === this.epoch && !this.disposed) {
        if (error instanceof BackendError && error.kind === 'session-invalid') {
          this.log('refresh refused: signing out', { reason: error.reason });
          await this.endLocalSession(problemFor('session_invalid'));
        } else {
          this.log('refresh failed: keeping the session', errorSummary(error));
          this.goOffline(error);
        }
      }
      throw error;
    }
    if (epoch !== this.epoch || this.disposed) return; // signed out meanwhile; sign-out revoked the family
    await this.acceptTokens(response);
  }

  /**
   * New tokens from exchange or refresh. The rotated refresh token is written to the vault BEFORE the old
   * one is dropped from memory, so a crash in between leaves a usable token somewhere. If the write fails,
   * carry on in memory (persistence 'memory') and say so in the state.
   */
  private async acceptTokens(response: TokenResponse): Promise<void> {
    if (this.persistence === 'keychain') {
      try {
        await this.deps.vault.set(VAULT_ACCOUNTS.refreshToken, response.refresh_token);
      } catch (error) {
        this.vaultFailed('write', error);
        // The vault may still hold the token this response rotated away; presented on the next launch it
        // would look like reuse and revoke the whole family. Best effort: drop it.
        await this.deps.vault.delete(VAULT_ACCOUNTS.refreshToken).catch(() => {});
      }
    }
    this.tokens = {
      accessToken: response.access_token,
      accessExpiresAt: this.clock.now() + response.expires_in * 1000,
      refreshToken: response.refresh_token,
    };
    this.retryAttempt = 0;
    // Only the contract's profile fields go on: whatever else a backend put in `user` stays behind.
    const profile = userProfileSchema.parse(response.user);
    this.savePreferences({ lastProfile: profile });
    this.setState({ kind: 'signed-in', profile, persistence: this.persistence });
    this.refreshTimer = this.clock.setTimeout(() => {
      this.refresh().catch(() => {}); // failures are in the state
    }, proactiveRefreshDelay(response.expires_in));
  }

  private goOffline(error: unknown): void {
    const retryAfter = error instanceof BackendError ? (error.retryAfterMs ?? 0) : 0;
    const delay = Math.max(backoffDelay(this.retryAttempt, this.random, this.deps.backoff), retryAfter);
    this.retryAttempt++;
    const profile = this.currentProfile();
    this.setState({
      kind: 'offline',
      profile,
      retryAt: this.clock.now() + delay,
      problem: problemFromError(error),
      persistence: this.persistence,
    });
    this.retryTimer = this.clock.setTimeout(() => {
      if (profile) this.setState({ kind: 'refreshing', profile, persistence: this.persistence });
      this.refresh().catch(() => {});
    }, delay);
  }

  private currentProfile(): UserProfile | null {
    const state = this.state;
    if (state.kind === 'signed-in' || state.kind === 'refreshing' || state.kind === 'offline') {
      return state.profile ?? this.deps.preferences.get().lastProfile;
    }
    return this.deps.preferences.get().lastProfile;
  }

  // --- Sign out ---

  /**
   * Local first (vault, memory, cached profile, Kakao web session), so the user is signed out even offline;
   * then the server revoke. A revoke that cannot reach the server is owed and retried on the next launch.
   */
  async signOut(): Promise<SessionState> {
    this.signInAbort?.abort();
    if (this.signInInFlight) await this.signInInFlight;
    const refreshToken = this.tokens?.refreshToken ?? null;
    this.epoch++;
    this.clearTimers();
    await this.endLocalSession(undefined);
    await this.forgetKakaoSession();
    if (refreshToken) await this.owedRevokes.revoke(refreshToken);
    return this.state;
  }

  /** Best effort: a failure is logged, and the next sign-out (or turning the preference off) tries again. */
  private async forgetKakaoSession(): Promise<void> {
    if (!this.deps.clearKakaoSession) return;
    await this.deps
      .clearKakaoSession()
      .catch((error: unknown) => this.log('clearing the Kakao session failed', errorSummary(error)));
  }

  // --- Account seams (main/session/account-actions.ts, consent.ts) ---

  /**
   * A second code exchange for the signed-in user (additional consent) started a new session family: go on
   * with it and revoke the old one, so the devices list shows this device once. Anyone else's tokens, or
   * tokens arriving after a sign-out, are revoked instead.
   */
  async adoptSession(response: TokenResponse): Promise<'adopted' | 'signed-out' | 'other-user'> {
    if (this.refreshInFlight) await this.refreshInFlight.catch(() => {});
    const old = this.tokens?.refreshToken;
    if (old === undefined || this.disposed || this.currentProfile()?.id !== response.user.id) {
      await this.owedRevokes.revoke(response.refresh_token);
      return old === undefined || this.disposed ? 'signed-out' : 'other-user';
    }
    this.epoch++; // whatever the old family still has in flight is dropped
    this.clearTimers();
    await this.acceptTokens(response);
    await this.owedRevokes.revoke(old);
    return 'adopted';
  }

  /** The backend deleted the account and every session of it: forget it here, with no revoke owed. */
  async endDeletedAccount(): Promise<SessionState> {
    const refreshToken = this.tokens?.refreshToken;
    this.epoch++;
    await this.endLocalSession(undefined);
    await this.forgetKakaoSession();
    if (refreshToken) await this.owedRevokes.forget(refreshToken);
    return this.state;
  }

  // --- "Stay signed in to Kakao" ---

  getStaySignedInToKakao(): boolean {
    return this.deps.preferences.get().staySignedInToKakao;
  }

  /**
   * Save the user's choice. Turning it off also forgets the Kakao web session the sign-in window kept, so
   * the next sign-in starts at Kakao's login form. Throws when the preference cannot be saved; turning it
   * off clears the kept session even then (the user asked Kakao to be forgotten).
   */
  async setStaySignedInToKakao(value: boolean): Promise<void> {
    try {
      this.deps.preferences.update({ staySignedInToKakao: value });
    } catch (error) {
      this.log('saving preferences failed', errorSummary(error));
      if (!value) await this.forgetKakaoSession();
      throw error;
    }
    if (!value) await this.forgetKakaoSession();
  }

  /** Forget the session locally and show signed-out (with `problem`, when the server ended it). */
  private async endLocalSession(problem: SessionProblem | undefined): Promise<void> {
    this.clearTimers();
    this.tokens = null;
    this.retryAttempt = 0;
    if (this.persistence === 'keychain') {
      await this.deps.vault
        .delete(VAULT_ACCOUNTS.refreshToken)
        .catch((error: unknown) => this.vaultFailed('delete', error));
    }
    this.savePreferences({ lastProfile: null });
    this.setState(
      problem
        ? { kind: 'signed-out', problem, persistence: this.persistence }
        : { kind: 'signed-out', persistence: this.persistence },
    );
  }

  // --- Plumbing ---

  /** Stop timers and any open sign-in window (app quit). The state stays as it is. */
  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.signInAbort?.abort();
    this.listeners.clear();
  }

  private vaultFailed(operation: 'read' | 'write' | 'delete', error: unknown): void {
    // No keychain, or it failed: this run keeps secrets in memory only. Never a plaintext fallback on disk.
    this.log(`vault ${operation} failed: secrets stay in memory for this run`, {
      ...errorSummary(error),
      keychainUnavailable: isKeychainUnavailable(error),
    });
    this.persistence = 'memory';
  }

  private savePreferences(patch: { lastProfile: UserProfile | null }): void {
    try {
      this.deps.preferences.update(patch);
    } catch (error) {
      this.log('saving preferences failed', errorSummary(error)); // only the offline display suffers
    }
  }

  private clearTimers(): void {
    if (this.refreshTimer !== undefined) this.clock.clearTimeout(this.refreshTimer);
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.refreshTimer = undefined;
    this.retryTimer = undefined;
  }

  private setState(next: SessionState): void {
    this.state = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.log('state listener failed', errorSummary(error));
      }
    }
  }
}
