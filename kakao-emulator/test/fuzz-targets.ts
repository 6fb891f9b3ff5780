/**
 * What the emulator's fuzzers send where: every route with its methods, its error shape, and the field values
 * that reach past the first checks. fuzz-control.test.ts checks that the groups together cover every route.
 */
import { CHALLENGE, CLIENT, type Pools, type Target, VERIFIER } from './fuzz-arbitraries';

const CLIENT_IDS = [CLIENT.client_id, 'unknown-app', ''];
const REDIRECTS = [
  CLIENT.redirect_uri,
  'http://127.0.0.1:9021/callback',
  `${CLIENT.redirect_uri}/x`,
  'javascript:alert(1)',
];
const ACCOUNTS = ['1001', '1002', '1003', '1004', 'other', '0', '-1', '1e3', '1001.0', ' 1001'];
const SCOPES = [
  'openid',
  'profile_nickname',
  'openid profile_nickname,account_email',
  'talk_message',
  '',
  ',,',
];
const PROPERTY_KEYS = [
  '["kakao_account.email"]',
  '["kakao_account.profile","properties.nickname"]',
  '[]',
  '["toString"]',
  '["__proto__"]',
  '[1]',
  '{"a":1}',
  'x',
];

const SCOPE_IDS = [
  '["profile_image"]',
  '["profile_nickname"]',
  '["account_email","age_range"]',
  '["talk_message"]',
  '[]',
  '["__proto__"]',
  '[1]',
  '{}',
  'x',
];
const PROPERTIES = [
  '{"grade":"gold"}',
  '{"nickname":"x"}',
  '{"grade":1}',
  '[]',
  'null',
  '{"__proto__":"x"}',
  'x',
];
const TAGS = ['terms_a', 'terms_b', 'terms_a,terms_b', 'nope', ',', ''];

/** The browser pages and kauth JSON endpoints. */
export function kauthTargets(pools: Pools): Target[] {
  const authorizeFields = {
    client_id: CLIENT_IDS,
    redirect_uri: REDIRECTS,
    response_type: ['code', 'token', 'id_token'],
    scope: SCOPES,
    state: ['s'],
    nonce: ['n'],
    prompt: ['login', 'none', 'select_account', 'create', 'login none', 'consent'],
    service_terms: ['', 'terms_a', 'unknown_tag', 'a,,b'],
    login_hint: ['kim@kakao.test'],
    code_challenge: [CHALLENGE, 'short'],
    code_challenge_method: ['S256', 'plain', 's256'],
  };
  const form = { flow: pools.flows, account_id: ACCOUNTS };
  return [
    { path: '/oauth/authorize', methods: ['GET', 'HEAD'], shape: 'page', fields: authorizeFields },
    {
      path: '/oauth/authorize/login',
      methods: ['POST'],
      shape: 'page',
      fields: {
        ...form,
        email: ['kim@kakao.test', 'KIM@kakao.test ', 'nobody@x'],
        password: ['password', ''],
      },
    },
    { path: '/oauth/authorize/select', methods: ['POST'], shape: 'page', fields: form },
    {
      path: '/oauth/authorize/signup',
      methods: ['POST'],
      shape: 'page',
      fields: {
        flow: pools.flows,
        nickname: ['새 사용자', '', 'x'.repeat(41)],
        email: ['new@kakao.test', 'kim@kakao.test', 'nope'],
        password: ['password123', 'short'],
      },
    },
    {
      path: '/oauth/authorize/consent',
      methods: ['POST'],
      shape: 'page',
      fields: { flow: pools.flows, action: ['agree', 'cancel'], scope: SCOPES },
    },
    {
      path: '/oauth/logout',
      methods: ['GET', 'HEAD'],
      shape: 'page',
      fields: {
        client_id: CLIENT_IDS,
        logout_redirect_uri: ['http://localhost:9021/logout', 'http://evil.test/'],
        state: ['s'],
      },
    },
    {
      path: '/oauth/token',
      methods: ['POST'],
      shape: 'kauth',
      fields: {
        grant_type: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
        client_id: CLIENT_IDS,
        client_secret: [CLIENT.client_secret, 'wrong'],
        redirect_uri: REDIRECTS,
        code: pools.codes,
        code_verifier: [VERIFIER, 'x'.repeat(43)],
        refresh_token: pools.refreshTokens,
      },
    },
    { path: '/oauth/tokeninfo', methods: ['POST'], shape: 'kauth', fields: { id_token: pools.idTokens } },
    { path: '/.well-known/openid-configuration', methods: ['GET', 'HEAD'], shape: 'kauth', fields: {} },
    { path: '/.well-known/jwks.json', methods: ['GET', 'HEAD'], shape: 'kauth', fields: {} },
  ];
}

/** kapi endpoints: user token or admin key. */
export function kapiTargets(pools: Pools): Target[] {
  const caller = {
    access_token: pools.accessTokens,
    target_id_type: ['user_id', 'app_user_id'],
    target_id: ACCOUNTS,
  };
  return [
    {
      path: '/v2/user/me',
      methods: ['GET', 'HEAD', 'POST'],
      shape: 'kapi',
      fields: { ...caller, property_keys: PROPERTY_KEYS, secure_resource: ['true', 'false', 'maybe'] },
    },
    { path: '/v1/user/access_token_info', methods: ['GET', 'HEAD'], shape: 'kapi', fields: caller },
    { path: '/v1/user/logout', methods: ['POST'], shape: 'kapi', fields: caller },
    { path: '/v1/user/unlink', methods: ['POST'], shape: 'kapi', fields: caller },
    { path: '/v1/oidc/userinfo', methods: ['GET', 'HEAD'], shape: 'kapi', fields: caller },
    {
      path: '/v1/user/signup',
      methods: ['POST'],
      shape: 'kapi',
      fields: { ...caller, properties: PROPERTIES },
    },
    {
      path: '/v1/user/update_profile',
      methods: ['POST'],
      shape: 'kapi',
      fields: { ...caller, properties: PROPERTIES },
    },
    {
      path: '/v2/user/scopes',
      methods: ['GET', 'HEAD'],
      shape: 'kapi',
      fields: { ...caller, scopes: SCOPE_IDS },
    },
    {
      path: '/v2/user/revoke/scopes',
      methods: ['POST'],
      shape: 'kapi',
      fields: { ...caller, scopes: SCOPE_IDS },
    },
    {
      path: '/v2/user/service_terms',
      methods: ['GET', 'HEAD'],
      shape: 'kapi',
      fields: { ...caller, result: ['agreed_terms', 'app_service_terms', 'x'], tags: TAGS },
    },
    {
      path: '/v2/user/revoke/service_terms',
      methods: ['POST'],
      shape: 'kapi',
      fields: { ...caller, tags: TAGS },
    },
  ];
}

/** Authorization header values for kapi targets. */
export function authorizations(pools: Pools): string[] {
  return [
    ...pools.accessTokens.map((t) => `Bearer ${t}`),
    ...pools.accessTokens.map((t) => `bearer  ${t} `),
    'KakaoAK dev-admin-key',
    'KakaoAK wrong',
    'Bearer',
    'Basic YTpi',
  ];
}

const APP_FIELDS = {
  clientId: ['fuzz-app', 'kakao-desktop-dev'],
  clientSecret: ['s'],
  appId: ['1'],
  redirectUris: ['http://localhost:1/cb'],
  name: ['앱'],
};

/** The control API (JSON; never part of Kakao's surface). rotate makes an RSA key: mostly early rejects there. */
export const CONTROL_TARGETS: Target[] = [
  { path: '/__emulator/reset', methods: ['POST'], shape: 'control', fields: {} },
  { path: '/__emulator/requests', methods: ['GET', 'HEAD', 'DELETE'], shape: 'control', fields: {} },
  { path: '/__emulator/apps', methods: ['GET', 'HEAD', 'POST'], shape: 'control', fields: APP_FIELDS },
  {
    path: '/__emulator/accounts',
    methods: ['GET', 'HEAD', 'POST'],
    shape: 'control',
    fields: {
      id: ['5000', '1001'],
      nickname: ['n'],
      email: ['a@b.test', 'not-an-email'],
      ageRange: ['20~29', '20'],
    },
  },
  {
    path: '/__emulator/faults',
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    shape: 'control',
    fields: {
      endpoint: ['/oauth/token', '*', 'x'],
      kind: ['kakao_error', 'http_status', 'latency', 'hang', 'x'],
      code: ['KOE320', '-401'],
      status: ['500'],
    },
  },
  {
    path: '/__emulator/clock',
    methods: ['POST'],
    shape: 'control',
    fields: { advanceSeconds: ['1', '-1', '1.5'] },
  },
  { path: '/__emulator/keys/rotate', methods: ['POST'], shape: 'control', fields: {}, handlerShare: 0.01 },
  { path: '/__emulator/webhooks', methods: ['GET', 'HEAD'], shape: 'control', fields: {} },
  {
    path: '/__emulator/unlink',
    methods: ['POST'],
    shape: 'control',
    fields: {
      clientId: ['kakao-desktop-dev', 'nope'],
      userId: ['1001', '0'],
      referrerType: ['UNLINK_FROM_APPS'],
    },
  },
];
