/**
 * What the backend's fuzzers send where: every route with its methods and the field values that reach past
 * validation (real Kakao codes and tokens from the emulator, our own tokens and session ids), in three groups run
 * by three files. other.test.ts checks that the groups together cover every registered route.
 */
import { randomUUID } from 'node:crypto';
import type { Harness } from '../helpers/harness';
import { DEV_REDIRECT_URI, kakaoLogin } from '../helpers/kakao-login';
import { segmentOf, type Target } from './arbitraries';

export interface Pools {
  /** Fresh Kakao authorization codes (single use) and their PKCE verifiers / nonces. */
  kakaoCodes: string[];
  codeVerifiers: string[];
  nonces: string[];
  /** Kakao access tokens of our app: /auth/kakao/token signs in with them. */
  kakaoAccessTokens: string[];
  accessTokens: string[];
  refreshTokens: string[];
  sessionIds: string[];
}

export const EMPTY_POOLS: Pools = {
  kakaoCodes: [],
  codeVerifiers: [],
  nonces: [],
  kakaoAccessTokens: [],
  accessTokens: [],
  refreshTokens: [],
  sessionIds: [],
};

const DEVICE_NAMES = [
  'MacBook Pro (macOS)',
  '  ',
  '김카카오의 PC',
  'x'.repeat(100),
  'x'.repeat(101),
  'tab\there',
  'nul\u0000',
  '\u202Eevil',
];

/** Signs two accounts in through the emulator (our tokens) and collects unused Kakao codes and Kakao tokens. */
export async function seedPools(h: Harness): Promise<Pools> {
  const pools: Pools = structuredClone(EMPTY_POOLS);
  for (const accountId of [1001, 1002]) {
    const signedIn = await h.signIn({ accountId, deviceName: 'fuzz' });
    const body = signedIn.json() as { access_token: string; refresh_token: string; session_id: string };
    if (signedIn.statusCode !== 200) throw new Error(`sign-in failed: ${signedIn.body}`);
    pools.accessTokens.push(body.access_token);
    pools.refreshTokens.push(body.refresh_token);
    pools.sessionIds.push(body.session_id);
  }
  for (const accountId of [1001, 1003, 1004]) {
    const login = await kakaoLogin(h.emulator.url, { accountId, nonce: `nonce-${accountId}` });
    pools.kakaoCodes.push(login.code);
    pools.codeVerifiers.push(login.codeVerifier);
    pools.nonces.push(login.nonce!);
    const again = await kakaoLogin(h.emulator.url, { accountId });
    const response = await fetch(`${h.emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: h.config.kakao.clientId,
        client_secret: 'dev-client-secret',
        redirect_uri: again.redirectUri,
        code: again.code,
        code_verifier: again.codeVerifier,
      }),
    });
    const tokens = (await response.json()) as { access_token?: string };
    if (!tokens.access_token) throw new Error(`Kakao token exchange failed: ${JSON.stringify(tokens)}`);
    pools.kakaoAccessTokens.push(tokens.access_token);
  }
  return pools;
}

/** Authorization header values: ours, Kakao's admin key, and junk. */
export function authorizations(pools: Pools): string[] {
  return [
    ...pools.accessTokens.map((t) => `Bearer ${t}`),
    ...pools.accessTokens.map((t) => `bearer ${t}`),
    ...pools.accessTokens.map((t) => `Bearer ${t.slice(0, -2)}`),
    'KakaoAK dev-admin-key',
    'KakaoAK wrong',
    'Bearer',
    'Bearer a.b.c',
    'Basic YTpi',
  ];
}

/** POST /auth/kakao/*. */
export function kakaoTargets(pools: Pools): Target[] {
  return [
    {
      path: '/auth/kakao/exchange',
      methods: ['POST'],
      fields: {
        code: pools.kakaoCodes,
        redirect_uri: [
          DEV_REDIRECT_URI,
          'http://127.0.0.1:9021/callback',
          'https://evil.test/callback',
          'not a url',
        ],
        code_verifier: [...pools.codeVerifiers, 'a'.repeat(43), 'short'],
        nonce: pools.nonces,
        device_name: DEVICE_NAMES,
      },
    },
    {
      path: '/auth/kakao/token',
      methods: ['POST'],
      fields: { kakao_access_token: pools.kakaoAccessTokens, device_name: DEVICE_NAMES },
    },
  ];
}

/** Refresh, logout and the session list. */
export function sessionTargets(pools: Pools): Target[] {
  const ids = [...pools.sessionIds, randomUUID(), '00000000-0000-0000-0000-000000000000', 'not-a-uuid'];
  return [
    { path: '/auth/refresh', methods: ['POST'], fields: { refresh_token: pools.refreshTokens } },
    { path: '/auth/logout', methods: ['POST'], fields: { refresh_token: pools.refreshTokens } },
    { path: '/auth/sessions', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/auth/sessions/:id', methods: ['DELETE'], fields: {}, segments: segmentOf(ids) },
  ];
}

const DOCS_FILES = [
  'static/index.html',
  'static/swagger-ui.css',
  'static/swagger-ui-bundle.js',
  'static/logo.svg',
  'static/nope.js',
  'json',
  'uiConfig',
  'initOAuth',
];

/** /me, the meta routes, Kakao's unlink webhook and the API docs. */
export function otherTargets(): Target[] {
  const unlinkFields = {
    app_id: ['100001', '1', '１００００１'],
    user_id: ['1001', '1002', '99999999999999999999', '-1'],
    referrer_type: ['UNLINK_FROM_APPS', 'x'.repeat(101)],
    group_user_token: ['g'],
  };
  return [
    { path: '/me', methods: ['GET', 'HEAD', 'DELETE'], fields: {} },
    { path: '/.well-known/jwks.json', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/healthz', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/readyz', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/kakao/unlink-callback', methods: ['POST'], fields: unlinkFields },
    { path: '/docs', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/docs/', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/docs/static/index.html', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/docs/static/swagger-initializer.js', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/docs/json', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/docs/yaml', methods: ['GET', 'HEAD'], fields: {} },
    { path: '/docs/*', methods: ['GET', 'HEAD'], fields: {}, segments: segmentOf(DOCS_FILES) },
  ];
}
