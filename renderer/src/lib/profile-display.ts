import type { UserProfile } from '@kakao-desktop/contract/http';

type NamedProfile = Pick<UserProfile, 'nickname' | 'name'>;

/** The name to show: Kakao nickname, else real name, else null (the UI then says "Kakao user"). */
export function displayName(profile: NamedProfile): string | null {
  for (const candidate of [profile.nickname, profile.name]) {
    const trimmed = candidate?.trim();
    if (trimmed) return trimmed;
  }
  return null;
}

const graphemes = (text: string) =>
  Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/** Up to two letters for the avatar fallback: first letters of the first two words ("Ryan Kim" → "RK", "라이언" → "라"). */
export function initials(name: string | null): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  return words
    .slice(0, 2)
    .map((word) => graphemes(word)[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * The avatar URL the page may load (matching the Content-Security-Policy's img-src): https as is,
 * http only on loopback (the local Kakao emulator), other http upgraded to https (Kakao's CDN serves both),
 * anything else (data:, javascript:, garbage) dropped.
 */
export function avatarSource(
  profile: Pick<UserProfile, 'thumbnail_image_url' | 'profile_image_url'>,
): string | null {
  // The full image (640px) stays sharp on 2x screens; the 110px thumbnail would not.
  const raw = profile.profile_image_url ?? profile.thumbnail_image_url;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') return url.href;
  if (url.protocol !== 'http:') return null;
  if (LOOPBACK_HOSTS.has(url.hostname)) return url.href;
  url.protocol = 'https:';
  return url.href;
}
