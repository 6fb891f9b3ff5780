/** The leak scanner finds a secret in every form it claims to, and nothing in clean text. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findLeaks, SecretBook, secretForms } from './secret-scan';

const opaque = randomBytes(32).toString('base64url');
/** Standard base64 with `+`, `/` and `=`: its URL-encoded form differs from it. */
const secret = `${randomBytes(30).toString('base64')}+/=`;
const jwt = [
  'eyJhbGciOiJFUzI1NiJ9',
  randomBytes(60).toString('base64url'),
  randomBytes(64).toString('base64url'),
].join('.');

function book(): SecretBook {
  const secrets = new SecretBook();
  secrets.add('refresh token', opaque);
  secrets.add('access token', jwt);
  secrets.add('client secret', secret);
  return secrets;
}

describe('findLeaks', () => {
  it('finds nothing in text without the secrets', () => {
    const clean = [
      { where: 'log', text: `{"msg":"refreshed","refresh_token":"[redacted]","jwt":"eyJhbGciOiJFUzI1NiJ9"}` },
    ];
    expect(findLeaks(book(), clean)).toEqual([]);
  });

  it.each([
    ['as is', (s: string) => `token=${s}`],
    ['first 16 characters', (s: string) => `token ${s.slice(0, 16)}…`],
    ['last 16 characters', (s: string) => `…${s.slice(-16)}`],
  ])('finds an opaque token %s', (form, plant) => {
    const leaks = findLeaks(book(), [{ where: 'log', text: plant(opaque) }]);
    expect(leaks).toContainEqual({ where: 'log', secret: 'refresh token', form });
  });

  it.each([
    ['URL-encoded', (s: string) => `x=${encodeURIComponent(s)}&y=1`],
    ['base64', (s: string) => Buffer.from(s).toString('base64')],
  ])('finds a secret with URL-special characters %s', (form, plant) => {
    const leaks = findLeaks(book(), [{ where: 'log', text: plant(secret) }]);
    expect(leaks).toContainEqual({ where: 'log', secret: 'client secret', form });
    expect(leaks.some((l) => l.form === 'as is')).toBe(false);
  });

  it('finds a base64url-encoded token (labelled base64 when both encodings agree)', () => {
    const leaks = findLeaks(book(), [{ where: 'log', text: Buffer.from(opaque).toString('base64url') }]);
    expect(leaks.map((l) => l.form)).toEqual([expect.stringMatching(/^base64(url)?$/)]);
  });

  it('finds a JWT by its payload or its signature alone, not by the shared header', () => {
    const [header, payload, signature] = jwt.split('.');
    expect(findLeaks(book(), [{ where: 'db', text: `x${payload}x` }])).toEqual([
      { where: 'db', secret: 'access token', form: 'JWT payload' },
    ]);
    expect(findLeaks(book(), [{ where: 'dom', text: signature! }])).toEqual([
      { where: 'dom', secret: 'access token', form: 'JWT signature' },
    ]);
    expect(findLeaks(book(), [{ where: 'dom', text: header! }])).toEqual([]);
  });

  it('refuses secrets too short to search for, and keeps a value once', () => {
    const secrets = new SecretBook();
    expect(() => secrets.add('pin', '1234')).toThrow(/too short/);
    secrets.add('a', opaque);
    secrets.add('b', opaque);
    secrets.add('none', null);
    expect(secrets.names()).toEqual(['a']);
    expect(secretForms(opaque).map((f) => f.form)).toContain('base64');
  });
});

describe('private JWKs', () => {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const stored = JSON.stringify(jwk);
  const { d, ...publicJwk } = jwk;
  const secrets = () => {
    const book = new SecretBook();
    book.addPrivateJwk('install key', stored);
    return book;
  };

  it('finds the private member d in any form, and the whole JWK as stored', () => {
    expect(secrets().names()).toEqual(['install key (d)', 'install key (whole JWK)']);
    expect(findLeaks(secrets(), [{ where: 'log', text: `key ${d}` }])).toContainEqual({
      where: 'log',
      secret: 'install key (d)',
      form: 'as is',
    });
    expect(findLeaks(secrets(), [{ where: 'ipc', text: `…${d!.slice(-16)}` }])).toEqual([
      { where: 'ipc', secret: 'install key (d)', form: 'last 16 characters' },
    ]);
    expect(findLeaks(secrets(), [{ where: 'file', text: Buffer.from(stored).toString('base64') }])).toEqual(
      expect.arrayContaining([{ where: 'file', secret: 'install key (whole JWK)', form: 'base64' }]),
    );
    expect(findLeaks(secrets(), [{ where: 'dom', text: `<pre>${stored}</pre>` }])).toEqual(
      expect.arrayContaining([
        { where: 'dom', secret: 'install key (d)', form: 'as is' },
        { where: 'dom', secret: 'install key (whole JWK)', form: 'as is' },
      ]),
    );
  });

  it('finds nothing in the public JWK (what every proof header carries)', () => {
    const proofHeader = { typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk };
    const text = `${JSON.stringify(publicJwk)} ${Buffer.from(JSON.stringify(proofHeader)).toString('base64url')}`;
    expect(findLeaks(secrets(), [{ where: 'log', text }])).toEqual([]);
  });

  it('refuses a JWK without private members', () => {
    expect(() => new SecretBook().addPrivateJwk('public', JSON.stringify(publicJwk))).toThrow(/no private/);
  });
});
