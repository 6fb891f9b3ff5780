/** Which security headers each kind of response carries (RFC 6749 §5.1 no-store; OWASP REST set; helmet for HTML). */
import { describe, expect, it } from 'vitest';
import { API_SECURITY_HEADERS } from '../../src/plugins/security-headers';
import { useHarness } from '../helpers/harness';

describe('security headers', () => {
  const h = useHarness('pglite');

  it('token responses are never cacheable: the exchange, the refresh and a refused refresh', async () => {
    const signIn = await h.signIn({ accountId: 1001 });
    expect(signIn.statusCode).toBe(200);
    const refreshed = await h.post('/auth/refresh', { refresh_token: signIn.json().refresh_token });
    expect(refreshed.statusCode).toBe(200);
    const refused = await h.post('/auth/refresh', { refresh_token: 'x'.repeat(86) });
    expect(refused.statusCode).toBe(401);
    for (const res of [signIn, refreshed, refused]) {
      for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(res.headers[name]).toBe(value);
    }
  });

  it('the profile is not cacheable either, and API responses carry no HTML-only headers', async () => {
    const { access_token } = (await h.signIn({ accountId: 1001 })).json();
    const me = await h.app.inject({ url: '/me', headers: { authorization: `Bearer ${access_token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expect(me.headers['x-frame-options']).toBe('DENY');
    expect(me.headers['x-dns-prefetch-control']).toBeUndefined();
  });

  it('the JWKS keeps its own cache lifetime (clients refetch it on an unknown kid)', async () => {
    const res = await h.app.inject({ url: '/.well-known/jwks.json' });
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it("the HTML docs get helmet's document headers", async () => {
    const res = await h.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['x-dns-prefetch-control']).toBe('off');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });
});
