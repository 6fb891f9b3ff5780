/** The shared tail of both Kakao sign-in routes: upsert the user, keep Kakao's tokens sealed, start a session. */
import type { TokenResponse } from '@kakao-desktop/contract';
import type { KakaoTokens, KakaoUser } from './kakao/types';
import type { Services } from './services';
import type { TokenPair } from './sessions/service';
import { upsertKakaoUser } from './users/kakao-sign-in';
import { toUserProfile, type UserRecord } from './users/repository';

const secondsUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));

export function toTokenResponse(pair: TokenPair, user: UserRecord, now: Date): TokenResponse {
  return {
    access_token: pair.accessToken,
    token_type: 'Bearer',
    expires_in: secondsUntil(pair.accessTokenExpiresAt, now),
    refresh_token: pair.refreshToken,
    refresh_token_expires_in: secondsUntil(pair.refreshTokenExpiresAt, now),
    session_id: pair.sessionId,
    user: toUserProfile(user),
  };
}

export async function completeKakaoSignIn(
  services: Services,
  input: { kakaoUser: KakaoUser; kakaoTokens: KakaoTokens; deviceName: string | null },
): Promise<TokenResponse> {
  const { box, database, sessions, audit, clock } = services;
  const now = clock();
  const { user, outcome } = await upsertKakaoUser(
    database.db,
    input.kakaoUser,
    {
      accessTokenEnc: box.seal(input.kakaoTokens.accessToken),
      refreshTokenEnc: input.kakaoTokens.refreshToken ? box.seal(input.kakaoTokens.refreshToken) : null,
      accessTokenExpiresAt: input.kakaoTokens.accessTokenExpiresAt,
    },
    now,
  );
  const pair = await sessions.start({ userId: user.id, deviceName: input.deviceName, now });
  const fields = { userId: user.id, sessionId: pair.sessionId, deviceName: input.deviceName };
  if (outcome === 'linked') audit('link', { ...fields, provider: 'kakao' });
  audit('sign_in', { ...fields, newUser: outcome === 'created' });
  return toTokenResponse(pair, user, now);
}
