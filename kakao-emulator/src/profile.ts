import { parseStringArray } from './scopes';
import type { EmulatorAccount } from './types';

// Kakao's default profile picture (is_default_image: true).
const DEFAULT_IMAGE =
  'http://img1.kakaocdn.net/thumb/R640x640.q70/?fname=http://t1.kakaocdn.net/account_images/default_profile.jpeg';
const DEFAULT_THUMBNAIL =
  'http://img1.kakaocdn.net/thumb/R110x110.q70/?fname=http://t1.kakaocdn.net/account_images/default_profile.jpeg';

/** `property_keys` groups → the consent items whose fields they select (Kakao REST API reference, "Retrieve user information"). */
const PROPERTY_KEY_SCOPES: Record<string, string[]> = {
  'kakao_account.profile': ['profile_nickname', 'profile_image'],
  'kakao_account.name': ['name'],
  'kakao_account.email': ['account_email'],
  'kakao_account.age_range': ['age_range'],
  'kakao_account.birthday': ['birthday', 'birthyear'],
  'kakao_account.birthyear': ['birthyear'],
  'kakao_account.gender': ['gender'],
  'kakao_account.phone_number': ['phone_number'],
  'kakao_account.ci': ['account_ci'],
};
const LEGACY_PROPERTIES = ['properties.nickname', 'properties.profile_image', 'properties.thumbnail_image'];
const PARTNER_UUID_KEY = 'for_partner.uuid';

export type PropertyKeysResult =
  | { ok: true; keys: string[] | undefined }
  | { ok: false; code: -2 | -201; msg: string };

/**
 * Parses `property_keys` (a JSON array string); undefined = every field. Besides the documented keys, the
 * app's custom properties are addressed as `properties.<key>`, and `for_partner.uuid` selects the uuid.
 */
export function parsePropertyKeys(raw: string | undefined, customKeys: string[] = []): PropertyKeysResult {
  const parsed = parseStringArray(raw, 'property_keys');
  if (!parsed.ok) return { ok: false, code: -2, msg: parsed.msg };
  if (parsed.value === undefined) return { ok: true, keys: undefined };
  const known = (key: string) =>
    Object.hasOwn(PROPERTY_KEY_SCOPES, key) ||
    LEGACY_PROPERTIES.includes(key) ||
    key === PARTNER_UUID_KEY ||
    (key.startsWith('properties.') && customKeys.includes(key.slice('properties.'.length)));
  const unknown = parsed.value.filter((key) => !known(key));
  if (unknown.length > 0)
    return { ok: false, code: -201, msg: `invalid property keys: ${unknown.join(', ')}` };
  return { ok: true, keys: parsed.value };
}

function images(account: EmulatorAccount, secure: boolean) {
  const toScheme = (url: string) => (secure ? url.replace(/^http:/, 'https:') : url);
  const isDefault = !account.profileImageUrl;
  return {
    profile: toScheme(account.profileImageUrl ?? DEFAULT_IMAGE),
    thumbnail: toScheme(account.thumbnailImageUrl ?? account.profileImageUrl ?? DEFAULT_THUMBNAIL),
    isDefault,
  };
}

export interface MeInput {
  account: EmulatorAccount;
  /** Consent items configured for the app: only their fields appear. */
  configured: string[];
  /** Items the user agreed to: only their values appear. */
  agreed: Set<string>;
  connectedAt: number;
  secure: boolean;
  propertyKeys?: string[];
  /** Only for apps with auto-link off. */
  hasSignedUp?: boolean;
  synchedAt?: number;
  /** Only where the app holds the permission. */
  partnerUuid?: string;
  /** Custom app properties (`update_profile`). */
  customProperties?: Record<string, string>;
}

/** The `/v2/user/me` body: fields per configured item, values per consent. */
export function userMe(input: MeInput) {
  const { account, configured, agreed, connectedAt, secure, propertyKeys } = input;
  const wanted = new Set(
    propertyKeys === undefined
      ? configured
      : propertyKeys
          .flatMap((key) => PROPERTY_KEY_SCOPES[key] ?? [])
          .filter((scope) => configured.includes(scope)),
  );
  const has = (scope: string) => wanted.has(scope);
  const ok = (scope: string) => has(scope) && agreed.has(scope);
  const image = images(account, secure);
  const kakaoAccount: Record<string, unknown> = {};

  if (has('profile_nickname') || has('profile_image')) {
    const profile: Record<string, unknown> = {};
    if (has('profile_nickname'))
      kakaoAccount.profile_nickname_needs_agreement = !agreed.has('profile_nickname');
    if (has('profile_image')) kakaoAccount.profile_image_needs_agreement = !agreed.has('profile_image');
    if (ok('profile_nickname')) {
      profile.nickname = account.nickname;
      profile.is_default_nickname = account.isDefaultNickname ?? false;
    }
    if (ok('profile_image')) {
      profile.thumbnail_image_url = image.thumbnail;
      profile.profile_image_url = image.profile;
      profile.is_default_image = image.isDefault;
    }
    if (Object.keys(profile).length > 0) kakaoAccount.profile = profile;
  }
  if (has('name')) {
    kakaoAccount.name_needs_agreement = !agreed.has('name');
    if (ok('name') && account.name) kakaoAccount.name = account.name;
  }
  if (has('account_email')) {
    kakaoAccount.email_needs_agreement = !agreed.has('account_email');
    if (ok('account_email') && account.email) {
      kakaoAccount.is_email_valid = account.isEmailValid ?? true;
      kakaoAccount.is_email_verified = account.isEmailVerified ?? true;
      kakaoAccount.email = account.email;
    }
  }
  if (has('age_range')) {
    kakaoAccount.age_range_needs_agreement = !agreed.has('age_range');
    if (ok('age_range') && account.ageRange) kakaoAccount.age_range = account.ageRange;
  }
  if (has('birthyear')) {
    kakaoAccount.birthyear_needs_agreement = !agreed.has('birthyear');
    if (ok('birthyear') && account.birthyear) kakaoAccount.birthyear = account.birthyear;
  }
  if (has('birthday')) {
    kakaoAccount.birthday_needs_agreement = !agreed.has('birthday');
    if (ok('birthday') && account.birthday) {
      kakaoAccount.birthday = account.birthday;
      kakaoAccount.birthday_type = 'SOLAR';
      kakaoAccount.is_leap_month = false;
    }
  }
  if (has('gender')) {
    kakaoAccount.gender_needs_agreement = !agreed.has('gender');
    if (ok('gender') && account.gender) kakaoAccount.gender = account.gender;
  }
  if (has('phone_number')) {
    kakaoAccount.phone_number_needs_agreement = !agreed.has('phone_number');
    if (ok('phone_number') && account.phoneNumber) kakaoAccount.phone_number = account.phoneNumber;
  }

  if (has('account_ci')) {
    kakaoAccount.ci_needs_agreement = !agreed.has('account_ci');
    if (ok('account_ci') && account.ci) {
      kakaoAccount.ci = account.ci;
      if (account.ciAuthenticatedAt) kakaoAccount.ci_authenticated_at = account.ciAuthenticatedAt;
    }
  }

  // Deprecated, but django-allauth still reads properties.nickname / profile_image.
  const legacy = propertyKeys === undefined || propertyKeys.some((key) => LEGACY_PROPERTIES.includes(key));
  const properties: Record<string, string> = {};
  if (legacy && agreed.has('profile_nickname') && configured.includes('profile_nickname')) {
    properties.nickname = account.nickname;
  }
  if (legacy && agreed.has('profile_image') && configured.includes('profile_image')) {
    properties.profile_image = image.profile;
    properties.thumbnail_image = image.thumbnail;
  }

  for (const [key, value] of Object.entries(input.customProperties ?? {})) {
    if (propertyKeys === undefined || propertyKeys.includes(`properties.${key}`)) properties[key] = value;
  }
  const wantsUuid = propertyKeys === undefined || propertyKeys.includes(PARTNER_UUID_KEY);

  return {
    id: account.id,
    ...(input.hasSignedUp !== undefined ? { has_signed_up: input.hasSignedUp } : {}),
    ...(input.hasSignedUp !== false ? { connected_at: rfc3339(connectedAt) } : {}),
    ...(input.synchedAt !== undefined ? { synched_at: rfc3339(input.synchedAt) } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    kakao_account: kakaoAccount,
    ...(input.partnerUuid && wantsUuid ? { for_partner: { uuid: input.partnerUuid } } : {}),
  };
}

/** ID token profile claims: email only when valid AND verified; never `email_verified`. */
export function idTokenProfileClaims(account: EmulatorAccount, agreed: Set<string>) {
  const image = images(account, true);
  const claims: Record<string, string> = {};
  if (agreed.has('profile_nickname')) claims.nickname = account.nickname;
  if (agreed.has('profile_image')) claims.picture = image.thumbnail;
  if (
    agreed.has('account_email') &&
    account.email &&
    (account.isEmailValid ?? true) &&
    (account.isEmailVerified ?? true)
  ) {
    claims.email = account.email;
  }
  return claims;
}

/** `/v1/oidc/userinfo` (OpenID Connect user info). */
export function oidcUserInfo(account: EmulatorAccount, agreed: Set<string>) {
  const image = images(account, true);
  const info: Record<string, unknown> = { sub: String(account.id) };
  if (agreed.has('name') && account.name) info.name = account.name;
  if (agreed.has('profile_nickname')) info.nickname = account.nickname;
  if (agreed.has('profile_image')) info.picture = image.thumbnail;
  if (agreed.has('account_email') && account.email) {
    info.email = account.email;
    info.email_verified = (account.isEmailValid ?? true) && (account.isEmailVerified ?? true);
  }
  if (agreed.has('gender') && account.gender) info.gender = account.gender;
  const year = agreed.has('birthyear') ? account.birthyear : undefined;
  const day = agreed.has('birthday') ? account.birthday : undefined;
  if (year || day) info.birthdate = day ? `${year ?? '0000'}-${day.slice(0, 2)}-${day.slice(2)}` : year;
  if (agreed.has('phone_number') && account.phoneNumber) {
    info.phone_number = account.phoneNumber;
    info.phone_number_verified = true;
  }
  return info;
}

/** RFC 3339 UTC without milliseconds, as Kakao writes `connected_at`. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
