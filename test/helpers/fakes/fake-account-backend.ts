/**
 * FakeBackend plus the account routes, with the real backend's session rules: each exchange starts a session
 * (family) of its own, refresh keeps it, logout and DELETE /auth/sessions/:id end it (its tokens stop working
 * at once, as the real authenticate hook checks liveness), DELETE /me ends them all. One user.
 */
import type { KakaoExchangeRequest, SessionList, TokenResponse } from '@kakao-desktop/contract';
import type { BackendClient } from '../../../main/backend/backend-client';
import { BackendError } from '../../../main/backend/backend-error';
import { FakeBackend } from './fake-backend';

interface Family {
  deviceName: string | null;
  createdAt: string;
  lastUsedAt: string;
  live: boolean;
}

type AccountRoutes = Pick<BackendClient, 'sessions' | 'deleteSession' | 'deleteMe'>;

const unauthorized = () =>
  new BackendError('rejected', 'unauthorized', 'backend answered 401 unauthorized', { status: 401 });

export class FakeAccountBackend extends FakeBackend implements AccountRoutes {
  readonly families = new Map<string, Family>();
  readonly accountCalls: string[] = [];
  /** Thrown by the next account route calls (after authentication), e.g. Kakao unavailable on DELETE /me. */
  accountFailure: BackendError | undefined;
  /** Access tokens the backend refuses with 401 although their family is live (expired early). */
  readonly expiredAccessTokens = new Set<string>();
  deleted = false;
  private readonly familyOf = new Map<string, string>();
  private familyCounter = 0;
  private minute = 0;

  /** Another device's session, signed in earlier. */
  addOtherDevice(deviceName: string | null): string {
    return this.newFamily(deviceName);
  }

  override async exchange(request: KakaoExchangeRequest): Promise<TokenResponse> {
    return this.track(await super.exchange(request), this.newFamily(request.device_name ?? null));
  }

  override async refresh(refreshToken: string): Promise<TokenResponse> {
    const family = this.familyOf.get(refreshToken);
    const response = await super.refresh(refreshToken);
    return this.track(response, family ?? this.newFamily(null));
  }

  override async logout(refreshToken: string): Promise<void> {
    await super.logout(refreshToken);
    const family = this.familyOf.get(refreshToken);
    if (family) this.end(family);
  }

  async sessions(accessToken: string): Promise<SessionList> {
    const current = this.authenticate('sessions', accessToken);
    return {
      sessions: [...this.families]
        .filter(([, f]) => f.live)
        .map(([id, f]) => ({
          id,
          device_name: f.deviceName,
          created_at: f.createdAt,
          last_used_at: f.lastUsedAt,
          current: id === current,
        })),
    };
  }

  async deleteSession(accessToken: string, sessionId: string): Promise<void> {
    this.authenticate(`deleteSession(${sessionId})`, accessToken);
    if (!this.families.get(sessionId)?.live)
      throw new BackendError('rejected', 'not_found', 'backend answered 404 not_found', { status: 404 });
    this.end(sessionId);
  }

  async deleteMe(accessToken: string): Promise<void> {
    this.authenticate('deleteMe', accessToken);
    for (const id of this.families.keys()) this.end(id);
    this.deleted = true;
  }

  /** The family an access token belongs to, as the real authenticate hook finds it; 401 when ended. */
  private authenticate(call: string, accessToken: string): string {
    this.accountCalls.push(call);
    this.failIfDownForAccount();
    const family = this.familyOf.get(accessToken);
    if (!family || !this.families.get(family)?.live || this.expiredAccessTokens.has(accessToken))
      throw unauthorized();
    if (this.accountFailure) throw this.accountFailure;
    return family;
  }

  private failIfDownForAccount(): void {
    if (this.mode === 'unreachable')
      throw new BackendError('transient', 'network', 'backend unreachable (ECONNREFUSED)');
  }

  private newFamily(deviceName: string | null): string {
    const id = `00000000-0000-4000-8000-${String(++this.familyCounter).padStart(12, '0')}`;
    const at = this.timestamp();
    this.families.set(id, { deviceName, createdAt: at, lastUsedAt: at, live: true });
    return id;
  }

  private track(response: TokenResponse, family: string): TokenResponse {
    this.familyOf.set(response.access_token, family);
    this.familyOf.set(response.refresh_token, family);
    const known = this.families.get(family);
    if (known) known.lastUsedAt = this.timestamp();
    return { ...response, session_id: family };
  }

  private end(family: string): void {
    const known = this.families.get(family);
    if (known) known.live = false;
    for (const [token, owner] of this.familyOf) if (owner === family) this.validRefreshTokens.delete(token);
  }

  /** Distinct, increasing times, so "last used" orders without a clock. */
  private timestamp(): string {
    return new Date(Date.UTC(2026, 10, 30, 12, this.minute++)).toISOString();
  }
}
