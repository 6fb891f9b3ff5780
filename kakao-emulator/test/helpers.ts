import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index';
import type { EmulatorOptions } from '../src/types';

export const APP = {
  clientId: 'kakao-desktop-dev',
  clientSecret: 'dev-client-secret',
  redirectUri: 'http://localhost:9021/callback',
  adminKey: 'dev-admin-key',
  appId: 100001,
};

export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, ...options });
}

/**
 * One emulator for the calling test file: started before its tests, closed after them, and (unless
 * `reset: false`) reset before each test so no test sees another's state. Returns a getter because the
 * emulator exists only once beforeAll has run.
 */
export function useEmulator(
  options: EmulatorOptions = {},
  { reset = true }: { reset?: boolean } = {},
): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await start(options);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  if (reset)
    beforeEach(async () => {
      await control(current().url, 'POST', 'reset');
    });
  function current(): RunningEmulator {
    if (!emulator) throw new Error('the emulator is not running: use it inside a test or hook');
    return emulator;
  }
  return current;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface ParsedForm {
  action: string;
  /** Hidden, text and checked checkbox fields (what a browser submits besides the clicked button). */
  fields: [string, string][];
  /** Every `scope` input's value, ticked or not, disabled or not: the items the page offers. */
  offeredScopes: string[];
  /** Submit buttons: name/value pairs. */
  buttons: { name: string; value: string; testid?: string }[];
}

function attr(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]!) : undefined;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A small HTML form reader, enough for the emulator's own pages. */
export function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const form: ParsedForm = {
      action: attr(match[1]!, 'action') ?? '',
      fields: [],
      offeredScopes: [],
      buttons: [],
    };
    for (const input of match[2]!.matchAll(/<input\b[^>]*>/g)) {
      const tag = input[0];
      const name = attr(tag, 'name');
      if (name === 'scope') form.offeredScopes.push(attr(tag, 'value') ?? '');
      if (!name || /\sdisabled\b/.test(tag)) continue;
      const type = attr(tag, 'type') ?? 'text';
      if (type === 'checkbox' && !/\schecked\b/.test(tag)) continue;
      form.fields.push([name, attr(tag, 'value') ?? '']);
    }
    for (const button of match[2]!.matchAll(/<button\b[^>]*>/g)) {
      const tag = button[0];
      form.buttons.push({
        name: attr(tag, 'name') ?? '',
        value: attr(tag, 'value') ?? '',
        testid: attr(tag, 'data-testid'),
      });
    }
    forms.push(form);
  }
  return forms;
}

/** fetch with a cookie jar and no redirect following: one browser. */
export class TestBrowser {
  private cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  get sessionCookie(): string | undefined {
    return this.cookies.get('__kakao_emulator_session');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  async get(pathOrUrl: string): Promise<Response> {
    const response = await fetch(new URL(pathOrUrl, this.base), {
      redirect: 'manual',
      headers: this.cookieHeader(),
    });
    this.remember(response);
    return response;
  }

  async post(path: string, fields: [string, string][]): Promise<Response> {
    const response = await fetch(new URL(path, this.base), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader() },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(response);
    return response;
  }

  /** Submits `form` as if its button `name=value` (or data-testid) was clicked. */
  async submit(form: ParsedForm, button?: { name: string; value: string }, extra: [string, string][] = []) {
    const fields = [...form.fields.filter(([name]) => !extra.some(([other]) => other === name)), ...extra];
    if (button?.name) fields.push([button.name, button.value]);
    return this.post(form.action, fields);
  }
}

export interface AuthorizeParams {
  client_id?: string;
  redirect_uri?: string;
  response_type?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  prompt?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  login_hint?: string;
  [extra: string]: string | undefined;
}

export function authorizeUrl(params: AuthorizeParams = {}): string {
  const query = new URLSearchParams();
  const merged: AuthorizeParams = {
    client_id: APP.clientId,
    redirect_uri: APP.redirectUri,
    response_type: 'code',
    ...params,
  };
  for (const [key, value] of Object.entries(merged)) if (value !== undefined) query.set(key, value);
  return `/oauth/authorize?${query}`;
}

/** Reads a redirect Location into its query fields. */
export function redirectQuery(response: Response): Record<string, string> {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return Object.fromEntries(new URL(location).searchParams);
}

export async function formsOf(response: Response): Promise<ParsedForm[]> {
  return parseForms(await response.text());
}

/**
 * Drives the HTML flow like a user: authorize → (login by clicking the account) → (agree) → redirect.
 * Unticks the consent items (and service terms) in `decline`.
 */
export async function signIn(
  browser: TestBrowser,
  params: AuthorizeParams = {},
  options: { accountId?: number; decline?: string[] } = {},
): Promise<Response> {
  let response = await browser.get(authorizeUrl(params));
  for (let step = 0; step < 4 && response.status === 200; step++) {
    const html = await response.text();
    const forms = parseForms(html);
    const quick = forms.find((form) => form.buttons.some((button) => button.name === 'account_id'));
    const consent = forms.find((form) => form.action === '/oauth/authorize/consent');
    if (consent) {
      const fields = consent.fields.filter(
        ([name, value]) => !((name === 'scope' || name === 'term') && options.decline?.includes(value)),
      );
      response = await browser.submit({ ...consent, fields }, { name: 'action', value: 'agree' });
    } else if (quick) {
      const id = String(options.accountId ?? 1001);
      response = await browser.submit(quick, { name: 'account_id', value: id });
    } else {
      throw new Error(`unexpected page: ${html.slice(0, 200)}`);
    }
  }
  return response;
}

export async function exchangeCode(
  base: string,
  code: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  return postForm(base, '/oauth/token', {
    grant_type: 'authorization_code',
    client_id: APP.clientId,
    client_secret: APP.clientSecret,
    redirect_uri: APP.redirectUri,
    code,
    ...extra,
  });
}

export async function postForm(
  base: string,
  path: string,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) body.set(key, value);
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', ...headers },
    body: body.toString(),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

export async function getJson(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(new URL(path, base), { headers });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** A control API call as the emulator's own clients make it: JSON whenever it is not a read. */
export async function control(base: string, method: string, path: string, body?: unknown) {
  const read = method === 'GET' || method === 'HEAD';
  const response = await fetch(new URL(`/__emulator/${path}`, base), {
    method,
    ...(read ? {} : { headers: { 'content-type': 'application/json' } }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Signs in through a fresh browser; returns the authorization code from the redirect. */
export async function codeFor(
  base: string,
  params: AuthorizeParams = {},
  options: { accountId?: number; decline?: string[] } = {},
): Promise<string> {
  const { code } = redirectQuery(await signIn(new TestBrowser(base), params, options));
  if (!code) throw new Error('the redirect carries no code');
  return code;
}

/** Exchanges a code as `clientId` with no client secret or redirect_uri (apps registered in a test). */
export async function exchangeAsApp(
  base: string,
  clientId: string,
  code: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  return postForm(base, '/oauth/token', {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    ...extra,
  });
}

/** Full login + code exchange; returns the token response. */
export async function tokensFor(
  base: string,
  params: AuthorizeParams = {},
  options: { accountId?: number; decline?: string[] } = {},
): Promise<Record<string, unknown>> {
  const browser = new TestBrowser(base);
  const redirect = await signIn(browser, params, options);
  const { code } = redirectQuery(redirect);
  const tokens = await exchangeCode(base, code!);
  if (tokens.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(tokens.body)}`);
  return tokens.body;
}

export function bearer(token: unknown): Record<string, string> {
  return { authorization: `Bearer ${String(token)}` };
}

/** The admin-key header an app's server sends (`KakaoAK <admin key>`); the default app's key unless given. */
export function kakaoAK(adminKey: string = APP.adminKey): Record<string, string> {
  return { authorization: `KakaoAK ${adminKey}` };
}

/** A kapi read as an app's server makes it for one user: the admin key and `target_id_type=user_id&target_id=…`. */
export function getAsAdmin(
  base: string,
  path: string,
  targetId: string | number,
  adminKey: string = APP.adminKey,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const target = new URLSearchParams({ target_id_type: 'user_id', target_id: String(targetId) });
  return getJson(base, `${path}?${target}`, kakaoAK(adminKey));
}

/**
 * Registers (or replaces) an app for one test through the control API: no client secret, the default redirect
 * URI unless `app` names others. A refused registration fails the test.
 */
export async function registerApp(
  base: string,
  app: { clientId: string; appId: number; [setting: string]: unknown },
): Promise<void> {
  const answer = await control(base, 'POST', 'apps', { redirectUris: [APP.redirectUri], ...app });
  if (answer.status !== 200) throw new Error(`app not registered: ${JSON.stringify(answer.body)}`);
}

/** Signs `accountId` (default 1001) in to a registered app and exchanges the code as that app (no secret). */
export async function signInToApp(
  base: string,
  clientId: string,
  {
    params = {},
    accountId,
    extra = {},
  }: { params?: AuthorizeParams; accountId?: number; extra?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const code = await codeFor(base, { client_id: clientId, ...params }, { accountId });
  return exchangeAsApp(base, clientId, code, extra);
}
