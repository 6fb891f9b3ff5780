import type { Consent } from './store-types';
import type { EmulatorApp } from './types';

/** Korean + English labels of the consent items the emulator knows. */
export const SCOPE_LABELS: Record<string, { ko: string; en: string }> = {
  profile_nickname: { ko: '닉네임', en: 'Nickname' },
  profile_image: { ko: '프로필 사진', en: 'Profile image' },
  account_email: { ko: '카카오계정(이메일)', en: 'Kakao Account (email)' },
  name: { ko: '이름', en: 'Name' },
  age_range: { ko: '연령대', en: 'Age range' },
  birthday: { ko: '생일', en: 'Birthday' },
  birthyear: { ko: '출생 연도', en: 'Birth year' },
  gender: { ko: '성별', en: 'Gender' },
  phone_number: { ko: '카카오계정(전화번호)', en: 'Phone number' },
  account_ci: { ko: 'CI(연계정보)', en: 'CI (connecting information)' },
  openid: { ko: 'OpenID Connect', en: 'OpenID Connect' },
};

/** Kakao's scope `type`: personal data items are PRIVACY, the rest (openid, talk_message…) PERMISSION. */
function scopeType(scope: string): 'PRIVACY' | 'PERMISSION' {
  return scope === 'openid' || !(scope in SCOPE_LABELS) ? 'PERMISSION' : 'PRIVACY';
}

/** Items a user can neither untick on the consent page nor revoke: the app's required items (and openid). */
export function requiredScopes(app: EmulatorApp): Set<string> {
  return new Set([...(app.requiredScopes ?? ['profile_nickname']), 'openid']);
}

/** One entry of `/v2/user/scopes`: `revocable` only for agreed items, as in Kakao's example response. */
export interface ScopeInfo {
  id: string;
  display_name: string;
  type: 'PRIVACY' | 'PERMISSION';
  using: boolean;
  agreed: boolean;
  revocable?: boolean;
}

export function scopeInfo(app: EmulatorApp, configured: string[], consent: Consent, ids?: string[]) {
  const required = requiredScopes(app);
  return (ids ?? configured).map((id): ScopeInfo => {
    const agreed = consent.scopes.has(id);
    return {
      id,
      display_name: SCOPE_LABELS[id]?.ko ?? id,
      type: scopeType(id),
      using: configured.includes(id),
      agreed,
      ...(agreed ? { revocable: !required.has(id) } : {}),
    };
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; msg: string };

/** A JSON array of strings passed as one parameter (`scopes`, `property_keys`), e.g. `["account_email"]`. */
export function parseStringArray(raw: string | undefined, name: string): Parsed<string[] | undefined> {
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, msg: `${name} must be a JSON array of strings` };
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string'))
    return { ok: false, msg: `${name} must be a JSON array of strings` };
  return { ok: true, value: [...new Set(parsed)] };
}

/** `properties` of signup / update_profile: a JSON object of string values, e.g. `{"grade":"gold"}`. */
export function parseProperties(raw: string | undefined): Parsed<Record<string, string> | undefined> {
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, msg: 'properties must be a JSON object of strings' };
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((value) => typeof value === 'string')
  ) {
    return { ok: false, msg: 'properties must be a JSON object of strings' };
  }
  return { ok: true, value: Object.fromEntries(Object.entries(parsed as Record<string, string>)) };
}

/** `tags` of the service-terms APIs: comma-separated. */
export function splitTags(raw: string | undefined): string[] {
  return raw ? [...new Set(raw.split(',').map((tag) => tag.trim()))].filter(Boolean) : [];
}
