import { describe, expect, it } from 'vitest';
import { loopbackListenTarget, loopbackRedirectProblem } from './loopback-redirect';

describe('loopbackRedirectProblem', () => {
  it('accepts http on a loopback IP literal with an explicit port', () => {
    for (const uri of [
      'http://127.0.0.1:9021/callback',
      'http://127.0.0.2:1/',
      'http://[::1]:9021/callback',
      'http://[0:0::1]:9021/cb', // the URL parser writes it [::1]
    ]) {
      expect(loopbackRedirectProblem(uri)).toBeUndefined();
    }
  });

  it.each([
    ['not a url', /absolute URL/],
    ['https://127.0.0.1:9021/callback', /must use http/],
    ['http://localhost:9021/callback', /loopback IP literal/],
    ['http://127.0.0.1.evil.example:9021/callback', /loopback IP literal/],
    ['http://192.168.0.2:9021/callback', /loopback IP literal/],
    ['http://127.0.0.1/callback', /port explicitly/],
    ['http://127.0.0.1:80/callback', /port explicitly/], // the default port is normalised away: Kakao would see no port
    ['http://me:pw@127.0.0.1:9021/callback', /user name/],
    ['http://127.0.0.1:9021/callback?x=1', /query or fragment/],
    ['http://127.0.0.1:9021/callback#x', /query or fragment/],
  ])('refuses %s', (uri, problem) => {
    expect(loopbackRedirectProblem(uri)).toMatch(problem);
  });
});

describe('loopbackListenTarget', () => {
  it('listens on the literal address and port, for the exact path and Host', () => {
    expect(loopbackListenTarget('http://127.0.0.1:9021/callback')).toEqual({
      host: '127.0.0.1',
      port: 9021,
      path: '/callback',
      hostHeader: '127.0.0.1:9021',
    });
    expect(loopbackListenTarget('http://[::1]:9022/cb')).toEqual({
      host: '::1',
      port: 9022,
      path: '/cb',
      hostHeader: '[::1]:9022',
    });
  });

  it('throws on anything else', () => {
    expect(() => loopbackListenTarget('http://localhost:9021/callback')).toThrow(TypeError);
  });
});
