import { describe, expect, it } from 'vitest';
import { toKakaoUser } from '../../src/kakao/types';

const user = (account: Record<string, unknown>) => toKakaoUser({ id: 7, kakao_account: account } as never);

describe('toKakaoUser: Kakao profile text we store and show', () => {
  it.each([
    ['NUL', 'Ryan\u0000', 'Ryan'],
    ['newline', 'Ry\nan', 'Ryan'],
    ['C1 control', 'Ry\u0085an', 'Ryan'],
    ['DEL', 'Ryan\u007f', 'Ryan'],
    ['lone surrogate', 'Ry\ud800an', 'Ryan'],
    ['only controls', '\u0000\u0001', null],
    ['Korean and emoji kept', '김카카오 🐻', '김카카오 🐻'],
  ])('nickname with %s → %j', (_label, nickname, expected) => {
    expect(user({ profile: { nickname } }).nickname).toBe(expected);
  });

  it('drops an email or image URL that carries a control character instead of editing it', () => {
    const u = user({
      email: 'kim@kakao.test\u0000',
      is_email_verified: true,
      is_email_valid: true,
      profile: { profile_image_url: 'https://k.kakaocdn.net/a\u0000.png' },
    });
    expect(u.email).toBeNull();
    expect(u.emailTrusted).toBe(false);
    expect(u.profileImageUrl).toBeNull();
  });

  it('keeps a clean verified email trusted', () => {
    const u = user({ email: ' kim@kakao.test ', is_email_verified: true, is_email_valid: true });
    expect(u).toMatchObject({ email: 'kim@kakao.test', emailTrusted: true });
  });
});
