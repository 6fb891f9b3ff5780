/**
 * An in-memory companion backend with the real one's token rules: refresh tokens rotate and are single-use,
 * logout revokes. `mode` switches it to the failures the desktop must survive. Every token it ever issued is
 * in `issuedSecrets`, so tests can prove none of them leaked anywhere.
 */
import type { KakaoExchangeRequest, TokenResponse, UserProfile } from '@kakao-desktop/contract';
import type { BackendClient } from '../../../main/backend/backend-client';
import { BackendError } from '../../../main/backend/backend-error';
import { fakeProfile } from './profile';

export type FakeBackendMode = 'online' | 'unreachable' | 'unavailable' | 'timeout';

export class FakeBackend implements Pick<BackendClient, 'exchange' | 'refresh' | 'logout'> {
  mode: FakeBackendMode = 'online';
  expiresIn = 300;
  profile: UserProfile = fakeProfile();
  readonly calls: { exchange: KakaoExchangeRequest[]; refresh: string[]; logout: string[] } = {
    exchange: [],
    refresh: [],
    logout: [],
  };
  /** Every access and refresh token handed out. */
  readonly issuedSecrets: string[] = [];
  /** Refresh tokens that would be accepted now. */
  readonly validRefreshTokens = new Set<string>();
  readonly revoked: string[] = [];
  /** When set, refresh() waits for it before answering (to hold a refresh in flight). */
  refreshGate: Promise<void> | undefined;
  /** Called with each operation, for ordering assertions. */
  onEvent: (event: string) => void = () => {};
  private counter = 0;

  /** A refresh token as if issued in an earlier run (e.g. already in the vault at launch). */
  seedRefreshToken(): string {
    const token = `rt-seed-${++this.counter}`;
    this.issuedSecrets.push(token);
    this.validRefreshTokens.add(token);
    return token;
  }

  async exchange(request: KakaoExchangeRequest): Promise<TokenResponse> {
    this.calls.exchange.push(request);
    this.failIfDown();
    if (request.code === 'bad-code') {
      throw new BackendError('rejected', 'invalid_grant', 'backend answered 400 invalid_grant', {
        status: 400,
      });
    }
    return this.issue();
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    this.calls.refresh.push(refreshToken);
    this.onEvent(`backend.refresh(${refreshToken})`);
    if (this.refreshGate) await this.refreshGate;
    this.failIfDown();
    if (!this.validRefreshTokens.delete(refreshToken)) {
      throw new BackendError('session-invalid', 'invalid_grant', 'backend answered 401 invalid_grant', {
        status: 401,
        reason: 'reused',
      });
    }
    return this.issue();
  }

  async logout(refreshToken: string): Promise<void> {
    this.calls.logout.push(refreshToken);
    this.failIfDown();
    this.validRefreshTokens.delete(refreshToken);
    this.revoked.push(refreshToken);
  }

  private failIfDown(): void {
    if (this.mode === 'unreachable')
      throw new BackendError('transient', 'network', 'backend unreachable (ECONNREFUSED)');
    if (this.mode === 'timeout')
      throw new BackendError('transient', 'timeout', 'backend did not answer in time');
    if (this.mode === 'unavailable') {
      throw new BackendError('transient', 'kakao_unavailable', 'backend answered 503 kakao_unavailable', {
        status: 503,
      });
    }
  }

  private issue(): TokenResponse {
    const n = ++this.counter;
    const accessToken = `at-${n}-secret`;
    const refreshToken = `rt-${n}-secret`;
    this.issuedSecrets.push(accessToken, refreshToken);
    this.validRefreshTokens.add(refreshToken);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.expiresIn,
      refresh_token: refreshToken,
      refresh_token_expires_in: 30 * 24 * 3600,
      session_id: 'session-1',
      user: this.profile,
    };
  }
}
