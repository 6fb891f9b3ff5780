import type { UserProfile } from '@kakao-desktop/contract';

export function fakeProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    id: 'user-1',
    kakao_id: '1001',
    nickname: '김카카오',
    email: 'kim@kakao.test',
    email_verified: true,
    profile_image_url: null,
    thumbnail_image_url: null,
    name: null,
    age_range: null,
    created_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
