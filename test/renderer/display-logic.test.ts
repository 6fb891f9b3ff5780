// Pure display logic of the renderer (no DOM): names, initials, avatar URLs, languages, clock, problem texts.
import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, problemText } from '../../renderer/src/i18n/format';
import { MESSAGES } from '../../renderer/src/i18n/messages';
import { pickLanguage } from '../../renderer/src/i18n/pick-language';
import { avatarSource, displayName, initials } from '../../renderer/src/lib/profile-display';

describe('displayName', () => {
  it.each([
    [{ nickname: '라이언', name: '김라이언' }, '라이언'],
    [{ nickname: '  Ryan  ', name: null }, 'Ryan'],
    [{ nickname: null, name: '김라이언' }, '김라이언'],
    [{ nickname: '   ', name: 'Apeach' }, 'Apeach'],
    [{ nickname: null, name: null }, null],
    [{ nickname: '', name: ' ' }, null],
  ])('%j → %s', (profile, expected) => {
    expect(displayName(profile)).toBe(expected);
  });
});

describe('initials', () => {
  it.each([
    ['Ryan Kim', 'RK'],
    ['ryan', 'R'],
    ['라이언', '라'],
    ['김 라이언', '김라'],
    ['  jordan   lee  smith ', 'JL'],
    ['👩‍💻 dev', '👩‍💻D'],
    ['', '?'],
    [null, '?'],
  ])('%j → %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe('avatarSource', () => {
  const none = { profile_image_url: null, thumbnail_image_url: null };
  it.each([
    [{ ...none, profile_image_url: 'https://k.kakaocdn.net/a.jpg' }, 'https://k.kakaocdn.net/a.jpg'],
    [{ ...none, profile_image_url: 'http://k.kakaocdn.net/a.jpg' }, 'https://k.kakaocdn.net/a.jpg'],
    [{ ...none, thumbnail_image_url: 'https://k.kakaocdn.net/t.jpg' }, 'https://k.kakaocdn.net/t.jpg'],
    [
      {
        profile_image_url: 'https://k.kakaocdn.net/big.jpg',
        thumbnail_image_url: 'https://k.kakaocdn.net/t.jpg',
      },
      'https://k.kakaocdn.net/big.jpg',
    ],
    [
      { ...none, profile_image_url: 'http://127.0.0.1:9021/img/ryan.png' },
      'http://127.0.0.1:9021/img/ryan.png',
    ],
    [
      { ...none, profile_image_url: 'http://localhost:9021/img/ryan.png' },
      'http://localhost:9021/img/ryan.png',
    ],
    [{ ...none, profile_image_url: 'javascript:alert(1)' }, null],
    [{ ...none, profile_image_url: 'data:image/png;base64,AAAA' }, null],
    [{ ...none, profile_image_url: 'file:///etc/passwd' }, null],
    [{ ...none, profile_image_url: 'not a url' }, null],
    [none, null],
  ])('%j → %s', (profile, expected) => {
    expect(avatarSource(profile)).toBe(expected);
  });
});

describe('pickLanguage', () => {
  it.each([
    [['ko-KR'], 'ko'],
    [['ko'], 'ko'],
    [['KO-kr'], 'ko'],
    [['en-US'], 'en'],
    [['fr-FR', 'ko-KR', 'en'], 'ko'],
    [['fr-FR', 'en-GB', 'ko'], 'en'],
    [['kok-IN'], 'en'],
    [['ja-JP'], 'en'],
    [[], 'en'],
  ])('%j → %s', (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });
});

describe('formatClock', () => {
  it.each([
    [new Date(2026, 10, 30, 15, 7, 8), '15:07:08'],
    [new Date(2026, 0, 2, 3, 4, 5), '03:04:05'],
    [new Date(2026, 11, 31, 23, 59, 59), '23:59:59'],
    [new Date(2026, 5, 1, 0, 0, 0), '00:00:00'],
  ])('%s → %s (local time, 24-hour)', (at, expected) => {
    expect(formatClock(at.getTime())).toBe(expected);
  });
});

describe('formatDateTime', () => {
  // Noon UTC: the same calendar day in every time zone this can run in (UTC-11 … UTC+11).
  const noon = '2026-11-30T12:00:00.000Z';

  it('writes the date in the language asked for, with or without the time', () => {
    expect(formatDateTime(noon, 'en', false)).toBe('November 30, 2026');
    expect(formatDateTime(noon, 'ko', false)).toBe('2026년 11월 30일');
    expect(formatDateTime(noon, 'en')).toMatch(/^Nov 30, 2026, \d{1,2}:\d{2}\s[AP]M$/);
    // The day period is ICU data: 오후 in Chromium, "PM" in some Node builds.
    expect(formatDateTime(noon, 'ko')).toMatch(/^2026\. 11\. 30\. \S+ \d{1,2}:\d{2}$/);
  });

  it.each(['', 'not a date', '2026-13-45T99:00:00Z'])('%j is no date: null (nothing shown)', (text) => {
    expect(formatDateTime(text, 'en')).toBeNull();
  });
});

describe('problemText', () => {
  it('localizes every known code, in both languages', () => {
    for (const messages of Object.values(MESSAGES)) {
      for (const [code, text] of Object.entries(messages.problems)) {
        expect(problemText(messages, { code })).toBe(text);
        expect(text.length).toBeGreaterThan(0);
      }
    }
    expect(problemText(MESSAGES.ko, { code: 'network' })).toBe(
      '서버에 연결할 수 없습니다. 인터넷 연결을 확인하세요.',
    );
  });

  // Whatever else arrives with an unknown code (an older main's `message`) is never shown.
  const unknown = (message: unknown) => ({ code: 'from_newer_main', message }) as { code: string };

  it('gives a code it does not know the generic text, never main’s words', () => {
    expect(problemText(MESSAGES.en, unknown('  Kakao is in maintenance.  '))).toBe(
      MESSAGES.en.problems.internal,
    );
  });

  it('does not take inherited names for codes or details', () => {
    expect(problemText(MESSAGES.en, { code: 'toString' })).toBe(MESSAGES.en.problems.internal);
    expect(problemText(MESSAGES.en, { code: 'kakao_error', detail: 'constructor' })).toBe(
      MESSAGES.en.problems.kakao_error,
    );
  });

  it('words every detailed problem in both languages, differently from the bare code', () => {
    for (const messages of Object.values(MESSAGES)) {
      for (const [pair, text] of Object.entries(messages.problemDetails)) {
        const [code, detail] = pair.split(':') as [string, string];
        expect(problemText(messages, { code, detail })).toBe(text);
        expect(text).not.toBe(problemText(messages, { code }));
      }
    }
    expect(Object.keys(MESSAGES.ko.problemDetails).sort()).toEqual(
      Object.keys(MESSAGES.en.problemDetails).sort(),
    );
  });

  it('says what main knows: Kakao’s consent, the browser port, a sign-in used elsewhere, a timeout', () => {
    const en = MESSAGES.en;
    expect(problemText(en, { code: 'kakao_error', detail: 'consent_required' })).toMatch(/consent/);
    expect(problemText(en, { code: 'kakao_error', detail: '__proto__' })).toBe(en.problems.kakao_error);
    expect(problemText(en, { code: 'system_browser_unavailable', detail: 'port-in-use' })).toMatch(
      /Another program is using the port/,
    );
    expect(problemText(en, { code: 'system_browser_unavailable', detail: 'open-failed' })).toMatch(
      /web browser couldn't be opened/,
    );
    expect(problemText(en, { code: 'backend_unavailable', detail: 'kakao-unavailable' })).toMatch(
      /Kakao is temporarily unavailable.*try again/,
    );
    expect(problemText(en, { code: 'session_invalid', detail: 'key_mismatch' })).toBe(
      'This sign-in was used from another computer, so it was ended to keep your account safe. Please sign in again.',
    );
    expect(problemText(en, { code: 'timeout' })).toMatch(/too long.*try again/);
    expect(problemText(en, { code: 'kakao_error', detail: 'other-kakao-account' })).toMatch(
      /different Kakao account/,
    );
    expect(problemText(en, { code: 'invalid_argument', detail: 'current-device' })).toMatch(/Sign out/);
  });

  it.each([
    ['a token', 'refresh failed: eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl'],
    ['an opaque token', 'bad rt_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZZYYXX'],
    ['nothing', '   '],
    ['no string', 42],
    ['too much', 'word '.repeat(60)],
  ])('uses the generic text when the fallback holds %s', (_label, message) => {
    expect(problemText(MESSAGES.en, unknown(message))).toBe(MESSAGES.en.problems.internal);
  });
});
