import { describe, expect, it, vi } from 'vitest';
import { openOnlyOnOrigin } from './open-external-guard';

describe('openOnlyOnOrigin', () => {
  it('opens an http(s) URL on the Kakao auth origin', async () => {
    const open = vi.fn(async (_url: string) => {});
    const guarded = openOnlyOnOrigin('https://kauth.kakao.com', open);
    await guarded('https://kauth.kakao.com/oauth/authorize?client_id=x&state=s');
    expect(open).toHaveBeenCalledWith('https://kauth.kakao.com/oauth/authorize?client_id=x&state=s');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://kauth.kakao.com/share',
    'http://kauth.kakao.com/oauth/authorize', // another origin: plain http
    'https://kauth.kakao.com.evil.example/oauth/authorize',
    'https://kauth.kakao.com:444/oauth/authorize',
    'https://evil@kauth.kakao.com/oauth/authorize',
    'not a url',
  ])('refuses %s without opening anything', async (url) => {
    const open = vi.fn(async (_url: string) => {});
    await expect(openOnlyOnOrigin('https://kauth.kakao.com', open)(url)).rejects.toThrow(TypeError);
    expect(open).not.toHaveBeenCalled();
  });
});
