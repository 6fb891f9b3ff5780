/**
 * The desktop session: sign in, refresh on launch, proactive refresh, single-flight, offline with backoff,
 * sign out (local first, server revoke after, owed revokes retried on the next launch). An explicit state
 * machine over contract's `SessionState`, observable by the UI. No Electron here: every side effect is a port.
 * @see the root README, "How sign-in works, and why it is safe" (session lifecycle)
 */
import {
  ipcFailure,
  type SessionProblem,
  type SessionState,
  type SignInPrompt,
  type TokenResponse,
  type UserProfile,
  userProfileSchema,
} from '@kakao-desktop/contract';
import { BackendError } from '../backend/backend-error';
import { type Clock, systemClock } from '../clock';
import type { AccountSessionPort } from './account-port';
import { signInAtKakao } from './kakao-authorization';
import { OwedRevokes } from './owed-revokes';
import { DesktopError, problemFor, problemFromError } from './problems';
import { RefreshSchedule } from './refresh-schedule';
import type { SessionListener, SessionManagerDeps, SignInResult } from './session-deps';
import { errorSummary, type SessionLog } from './session-log';
import { singleFlight } from './single-flight';
import { StatePublisher } from './state-publisher';
import { type Tokens, TokenVault } from './token-vault';

export type { SessionListener, SessionManagerDeps, SignInResult } from './session-deps';
export type { SessionLog } from './session-log';

export class SessionManager implements AccountSessionPort {
  private readonly published: StatePublisher;
  private tokens: Tokens | null = null;
  private readonly clock: Clock;
  private readonly log: SessionLog;
  private readonly vault: TokenVault;
  private readonly owedRevokes: OwedRevokes;
  /** Bumped on sign-in and sign-out: results of work started under an older epoch are dropped. */
  private epoch = 0;
  private disposed = false;
  /** The launch, once: later calls of start() get the same promise. */
  private started: Promise<SessionState> | null = null;
  private readonly refreshing = singleFlight<void>();
  private readonly signingIn = singleFlight<SignInResult>();
  private signInAbort: AbortController | null = null;
  private readonly schedule: RefreshSchedule;

  constructor(private readonly deps: SessionManagerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log ?? (() => {});
    this.published = new StatePublisher(this.log);
    this.vault = new TokenVault(deps.vault, this.log);
    this.schedule = new RefreshSchedule(this.clock, deps);
    this.owedRevokes = new OwedRevokes({ ...deps, vaultState: this.vault, log: this.log });
  }

  getState(): SessionState {
    return this.published.get();
  }

  /** Called on every change (not with the current state). Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    return this.published.subscribe(listener);
  }

  /** Launch: read the refresh token from the vault and refresh; retry owed revokes. Safe to call once or more. */
  start(): Promise<SessionState> {
    this.started ??= this.runStart();
    return this.started;
  }

  private async runStart(): Promise<SessionState> {
    const stored = await this.vault.read();
    const revokes = this.owedRevokes.flush();
    if (stored === null) {
      this.published.set({ kind: 'signed-out', persistence: this.vault.persistence });
    } else {
      // The access token is not kept across launches: a refresh gets a fresh one and proves the session.
      this.tokens = { accessToken: '', accessExpiresAt: 0, refreshToken: stored };
      const cached = this.deps.preferences.get().lastProfile;
      if (cached)
        this.published.set({ kind: 'refreshing', profile: cached, persistence: this.vault.persistence });
      await this.refresh().catch(() => {}); // the outcome is in the state (signed-in, offline or signed-out)
    }
    await revokes;
    return this.getState();
  }

  /**
   * Open Kakao's sign-in window and, on a code, exchange it for our tokens. One attempt at a time: a second
   * call while one is open joins it. When already signed in, returns the current state.
   * Without `prompt`, a kept Kakao session ("stay signed in to Kakao") signs in its account without asking;
   * `select_account` (the UI's "use a different Kakao account") shows Kakao's chooser, `login` the login form.
   */
  signIn(options: { prompt?: SignInPrompt } = {}): Promise<SignInResult> {
    return this.signingIn.run(() => this.runSignIn(options));
  }

  private async runSignIn({ prompt }: { prompt?: SignInPrompt }): Promise<SignInResult> {
    if (this.started) await this.started;
    const before = this.getState();
    if (before.kind !== 'signed-out' && before.kind !== 'starting') return { ok: true, value: before };
    if (this.disposed) return ipcFailure(problemFor('cancelled'));

    const epoch = ++this.epoch;
    const via = this.deps.signInSurface ?? 'window';
    this.published.set({ kind: 'signing-in', persistence: this.vault.persistence, via });
    const abort = new AbortController();
    this.signInAbort = abort;
    const trip = await signInAtKakao(this.deps, { prompt, signal: abort.signal, log: this.log }).finally(
      () => {
        this.signInAbort = null;
      },
    );
    if (trip.kind === 'failed') return this.signInFailed(epoch, trip.problem, trip.cancelled);
    const { response } = trip;
    if (epoch !== this.epoch || this.disposed) {
      // Signed out (or quitting) while the exchange was in flight: do not resurrect the session.
      void this.owedRevokes.revoke(response.refresh_token);
      return ipcFailure(problemFor('cancelled'));
    }
    await this.acceptTokens(response);
    void this.owedRevokes.flush(); // the backend is reachable again
    return { ok: true, value: this.getState() };
  }

  private signInFailed(epoch: number, problem: SessionProblem | undefined, cancelled = false): SignInResult {
    // A cancel is the user's choice: back to signed-out without a problem banner.
    if (epoch === this.epoch) this.showSignedOut(cancelled ? undefined : problem);
    return ipcFailure(problem ?? problemFor('cancelled'));
  }

  /**
   * A valid access token for calls to our backend, refreshed first when it expires within the skew.
   * Throws DesktopError `session_invalid` when signed out, or the refresh's BackendError.
   */
  async getAccessToken(): Promise<string> {
    if (this.started && this.getState().kind === 'starting') await this.started;
    if (!this.tokens) throw new DesktopError('session_invalid');
    const skew = this.deps.refreshSkewMs ?? 60_000;
    if (this.tokens.accessToken && this.tokens.accessExpiresAt - skew > this.clock.now())
      return this.tokens.accessToken;
    await this.refresh();
    if (!this.tokens) throw new DesktopError('session_invalid');
    return this.tokens.accessToken;
  }

  expireAccessToken(accessToken: string): void {
    if (this.tokens?.accessToken === accessToken) this.tokens.accessExpiresAt = 0;
  }

  /** However many callers, one /auth/refresh at a time; they all share its result. */
  private refresh(): Promise<void> {
    return this.refreshing.run(() => this.runRefresh());
  }

  private async runRefresh(): Promise<void> {
    const epoch = this.epoch;
    const current = this.tokens;
    if (!current) throw new DesktopError('session_invalid');
    this.schedule.clear();
    let response: TokenResponse;
    try {
      response = await this.deps.backend.refresh(current.refreshToken);
    } catch (error) {
      if (epoch === this.epoch && !this.disposed) {
        if (error instanceof BackendError && error.kind === 'session-invalid') {
          this.log('refresh refused: signing out', { reason: error.reason });
          await this.endLocalSession(problemFromError(error)); // the backend's reason is the detail
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
    await this.vault.write(response.refresh_token);
    this.tokens = {
      accessToken: response.access_token,
      accessExpiresAt: this.clock.now() + response.expires_in * 1000,
      refreshToken: response.refresh_token,
    };
    // Only the contract's profile fields go on: whatever else a backend put in `user` stays behind.
    const profile = userProfileSchema.parse(response.user);
    this.saveLastProfile(profile);
    this.published.set({ kind: 'signed-in', profile, persistence: this.vault.persistence });
    this.schedule.refreshBefore(response.expires_in, () => {
      this.refresh().catch(() => {}); // failures are in the state
    });
  }

  private goOffline(error: unknown): void {
    const profile = this.currentProfile();
    const retryAt = this.schedule.retryAfter(error, () => {
      if (profile) this.published.set({ kind: 'refreshing', profile, persistence: this.vault.persistence });
      this.refresh().catch(() => {});
    });
    const persistence = this.vault.persistence;
    this.published.set({ kind: 'offline', profile, retryAt, problem: problemFromError(error), persistence });
  }

  private currentProfile(): UserProfile | null {
    const state = this.getState();
    const cached = () => this.deps.preferences.get().lastProfile;
    if (state.kind === 'signed-in' || state.kind === 'refreshing' || state.kind === 'offline')
      return state.profile ?? cached();
    return cached();
  }

  /**
   * Local first (vault, memory, cached profile, Kakao web session), so the user is signed out even offline;
   * then the server revoke. A revoke that cannot reach the server is owed and retried on the next launch.
   */
  async signOut(): Promise<SessionState> {
    this.signInAbort?.abort();
    await this.signingIn.current();
    const refreshToken = this.tokens?.refreshToken ?? null;
    this.epoch++;
    await this.endLocalSession(undefined);
    await this.forgetKakaoSession();
    if (refreshToken) await this.owedRevokes.revoke(refreshToken);
    return this.getState();
  }

  async adoptSession(response: TokenResponse): Promise<'adopted' | 'signed-out' | 'other-user'> {
    await this.refreshing.current()?.catch(() => {});
    const old = this.tokens?.refreshToken;
    if (old === undefined || this.disposed || this.currentProfile()?.id !== response.user.id) {
      await this.owedRevokes.revoke(response.refresh_token);
      return old === undefined || this.disposed ? 'signed-out' : 'other-user';
    }
    this.epoch++; // whatever the old family still has in flight is dropped
    this.schedule.clear();
    await this.acceptTokens(response);
    await this.owedRevokes.revoke(old);
    return 'adopted';
  }

  async endDeletedAccount(): Promise<SessionState> {
    const refreshToken = this.tokens?.refreshToken;
    this.epoch++;
    await this.endLocalSession(undefined);
    await this.forgetKakaoSession();
    if (refreshToken) await this.owedRevokes.forget(refreshToken);
    return this.getState();
  }

  /** The sign-out port (KeptKakaoSession.forget in the app); best effort, a failure only logged. */
  private async forgetKakaoSession(): Promise<void> {
    await this.deps
      .clearKakaoSession?.()
      .catch((error: unknown) => this.log('clearing the Kakao session failed', errorSummary(error)));
  }

  /** Forget the session locally and show signed-out (with `problem`, when the server ended it). */
  private async endLocalSession(problem: SessionProblem | undefined): Promise<void> {
    this.schedule.reset();
    this.tokens = null;
    await this.vault.delete();
    this.saveLastProfile(null);
    this.showSignedOut(problem);
  }

  /** Stop timers and any open sign-in window (app quit). The state stays as it is. */
  dispose(): void {
    this.disposed = true;
    this.schedule.clear();
    this.signInAbort?.abort();
    this.published.unsubscribeAll();
  }

  private saveLastProfile(lastProfile: UserProfile | null): void {
    try {
      this.deps.preferences.update({ lastProfile });
    } catch (error) {
      this.log('saving preferences failed', errorSummary(error)); // only the offline display suffers
    }
  }

  private showSignedOut(problem: SessionProblem | undefined): void {
    const persistence = this.vault.persistence;
    this.published.set(
      problem ? { kind: 'signed-out', problem, persistence } : { kind: 'signed-out', persistence },
    );
  }
}
