/** Our records as the contract's wire shapes (snake_case; lifetimes in seconds from when a pair was issued). */
import type { TokenResponse, UserProfile } from '@kakao-desktop/contract';
import type { SignedIn } from '../accounts/service';
import type { UserRecord } from '../users/repository';

export function toUserProfile(u: UserRecord): UserProfile {
  return {
    id: u.id,
    kakao_id: u.kakaoId ?? '',
    nickname: u.nickname,
    email: u.email,
    email_verified: u.emailVerified,
    profile_image_url: u.profileImageUrl,
    thumbnail_image_url: u.thumbnailImageUrl,
    name: u.name,
    age_range: u.ageRange,
    created_at: u.createdAt.toISOString(),
  };
}

const secondsUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));

export function toTokenResponse(signedIn: SignedIn): TokenResponse {
  return {
    access_token: signedIn.accessToken,
    token_type: signedIn.dpopJkt ? 'DPoP' : 'Bearer',
    expires_in: secondsUntil(signedIn.accessTokenExpiresAt, signedIn.issuedAt),
    refresh_token: signedIn.refreshToken,
    refresh_token_expires_in: secondsUntil(signedIn.refreshTokenExpiresAt, signedIn.issuedAt),
    session_id: signedIn.sessionId,
    user: toUserProfile(signedIn.user),
  };
}
