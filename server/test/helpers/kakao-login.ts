/**
 * Drives the emulator's HTML login + consent pages with fetch (no browser) to get an authorization code:
 * GET /oauth/authorize → POST the login form (quick account button) → POST consent (all items) → 302 Location.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEV_KAKAO_APP } from '@kakao-desktop/contract/dev-defaults';

export interface KakaoLoginOptions {
  accountId: number;
  clientId?: string;
  redirectUri?: string;
  nonce?: string;
  /** Default: a fresh S256 challenge; its verifier is returned. */
  codeVerifier?: string;
  scope?: string;
}

export interface KakaoLoginResult {
  code: string;
  codeVerifier: string;
  redirectUri: string;
  nonce: string | undefined;
}

export const DEV_REDIRECT_URI = DEV_KAKAO_APP.signInWindowRedirectUri;

export function newCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

function field(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]+)"`).exec(html);
  if (!match) throw new Error(`emulator page has no ${name} field:\n${html.slice(0, 500)}`);
  return match[1]!;
}

function form(values: [string, string][]): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values),
    redirect: 'manual',
  };
}

function codeFrom(response: Response): string {
  const location = response.headers.get('location');
  if (response.status !== 302 || !location)
    throw new Error(`expected a redirect with a code, got ${response.status}`);
  const url = new URL(location);
  const code = url.searchParams.get('code');
  if (!code) throw new Error(`redirect without code: ${location}`);
  return code;
}

export async function kakaoLogin(emulatorUrl: string, options: KakaoLoginOptions): Promise<KakaoLoginResult> {
  const redirectUri = options.redirectUri ?? DEV_REDIRECT_URI;
  const codeVerifier = options.codeVerifier ?? newCodeVerifier();
  const authorize = new URL('/oauth/authorize', emulatorUrl);
  authorize.search = new URLSearchParams({
    client_id: options.clientId ?? DEV_KAKAO_APP.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    state: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...(options.nonce && { nonce: options.nonce }),
    ...(options.scope !== undefined && { scope: options.scope }),
  }).toString();
  const loginPage = await fetch(authorize, { redirect: 'manual' });
  const flow = field(await loginPage.text(), 'flow');

  const afterLogin = await fetch(
    new URL('/oauth/authorize/login', emulatorUrl),
    form([
      ['flow', flow],
      ['account_id', String(options.accountId)],
    ]),
  );
  if (afterLogin.status === 302)
    return { code: codeFrom(afterLogin), codeVerifier, redirectUri, nonce: options.nonce };

  const consentPage = await afterLogin.text();
  const scopes = [...consentPage.matchAll(/name="scope" value="([^"]+)"/g)].map((m) => m[1]!);
  const afterConsent = await fetch(
    new URL('/oauth/authorize/consent', emulatorUrl),
    form([
      ['flow', field(consentPage, 'flow')],
      ['action', 'agree'],
      ...scopes.map((s): [string, string] => ['scope', s]),
    ]),
  );
  return { code: codeFrom(afterConsent), codeVerifier, redirectUri, nonce: options.nonce };
}
