/** A signed-in session as the contract's TokenResponse (lifetimes in seconds from when the pair was issued). */
import type { TokenResponse } from '@kakao-desktop/contract';
import type { SignedIn } from '../../accounts/service';
import { toUserProfile } from '../../users/repository';

const secondsUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));

export function toTokenResponse(signedIn: SignedIn): TokenResponse {
  return {
    access_token: signedIn.accessToken,
    token_type: 'Bearer',
    expires_in: secondsUntil(signedIn.accessTokenExpiresAt, signedIn.issuedAt),
    refresh_token: signedIn.refreshToken,
    refresh_token_expires_in: secondsUntil(signedIn.refreshTokenExpiresAt, signedIn.issuedAt),
    session_id: signedIn.sessionId,
    user: toUserProfile(signedIn.user),
  };
}
