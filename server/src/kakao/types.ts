/**
 * Kakao wire types (snake_case, as Kakao sends them) and their one mapping to our domain (camelCase).
 * @see /work/shared/kakao-api.md §2, §4
 */
import { z } from 'zod';

/** POST /oauth/token success body. */
export const kakaoTokenWireSchema = z.object({
  token_type: z.string(),
  access_token: z.string().min(1),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
  refresh_token_expires_in: z.number().optional(),
  id_token: z.string().optional(),
  scope: z.string().optional(),
});

/** GET /v1/user/access_token_info body. `id` is optional per Kakao's SDK. */
export const kakaoTokenInfoWireSchema = z.object({
  id: z.number().optional(),
  expires_in: z.number(),
  app_id: z.number(),
});

/** GET /v2/user/me body: only `id` is guaranteed; everything else depends on consent. */
export const kakaoUserWireSchema = z.object({
  id: z.number(),
  kakao_account: z
    .object({
      profile: z
        .object({
          nickname: z.string().optional(),
          profile_image_url: z.string().optional(),
          thumbnail_image_url: z.string().optional(),
        })
        .optional(),
      name: z.string().optional(),
      email: z.string().optional(),
      is_email_valid: z.boolean().optional(),
      is_email_verified: z.boolean().optional(),
      age_range: z.string().optional(),
    })
    .optional(),
});

export interface KakaoTokens {
  accessToken: string;
  /** Absolute expiry of the Kakao access token. */
  accessTokenExpiresAt: Date;
  refreshToken: string | undefined;
  idToken: string | undefined;
}

export interface KakaoTokenInfo {
  kakaoId: string | undefined;
  appId: number;
  /** Seconds the token has left. */
  expiresIn: number;
}

export interface KakaoUser {
  kakaoId: string;
  nickname: string | null;
  profileImageUrl: string | null;
  thumbnailImageUrl: string | null;
  name: string | null;
  ageRange: string | null;
  email: string | null;
  /** Kakao marks the email both verified and valid: only then may it link to another provider's account. */
  emailTrusted: boolean;
}

export function toKakaoTokens(wire: z.infer<typeof kakaoTokenWireSchema>, now: Date): KakaoTokens {
  return {
    accessToken: wire.access_token,
    accessTokenExpiresAt: new Date(now.getTime() + wire.expires_in * 1000),
    refreshToken: wire.refresh_token,
    idToken: wire.id_token,
  };
}

export function toKakaoUser(wire: z.infer<typeof kakaoUserWireSchema>): KakaoUser {
  const account = wire.kakao_account ?? {};
  const email = account.email?.trim() || null;
  return {
    kakaoId: String(wire.id),
    nickname: account.profile?.nickname ?? null,
    profileImageUrl: account.profile?.profile_image_url ?? null,
    thumbnailImageUrl: account.profile?.thumbnail_image_url ?? null,
    name: account.name ?? null,
    ageRange: account.age_range ?? null,
    email,
    emailTrusted: email !== null && account.is_email_verified === true && account.is_email_valid === true,
  };
}
