/**
 * Kakao wire types (snake_case, as Kakao sends them) and their one mapping to our domain (camelCase).
 * @see https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-token
 * @see https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#req-user-info
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

// Control characters (C0 with NUL, DEL, C1) and lone surrogates: PostgreSQL refuses NUL in text, a lone surrogate is
// not valid UTF-8, and neither belongs in a name shown in a UI.
const UNSTORABLE = /[\p{Cc}\p{Cs}]/gu;

/** Display text from Kakao, minus control characters (a nickname is user-chosen: Kakao does not filter it for us). */
function displayText(value: string | undefined): string | null {
  const text = value?.replace(UNSTORABLE, '').trim();
  return text ? text : null;
}

/** A value that must be exact (email, URL): with a control character it is unusable, so it is dropped, not edited. */
function exactText(value: string | undefined): string | null {
  const text = value?.trim();
  return text && !/[\p{Cc}\p{Cs}]/u.test(text) ? text : null;
}

export function toKakaoUser(wire: z.infer<typeof kakaoUserWireSchema>): KakaoUser {
  const account = wire.kakao_account ?? {};
  const email = exactText(account.email);
  return {
    kakaoId: String(wire.id),
    nickname: displayText(account.profile?.nickname),
    profileImageUrl: exactText(account.profile?.profile_image_url),
    thumbnailImageUrl: exactText(account.profile?.thumbnail_image_url),
    name: displayText(account.name),
    ageRange: exactText(account.age_range),
    email,
    emailTrusted: email !== null && account.is_email_verified === true && account.is_email_valid === true,
  };
}
