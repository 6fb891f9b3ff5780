/**
 * Sender-constrained sessions (RFC 9449 DPoP) across programs: the desktop's SessionManager with the production
 * backend client, install key store and proof signer (memory vaults stand in for each install's keychain), the
 * sign-in window in Chromium, the real Kakao emulator and the real backend on PGlite, with server nonces
 * required so every flow also goes through the nonce retry.
 */
import type { TokenResponse } from '@kakao-desktop/contract';
import { type Browser, expect, test } from '@playwright/test';
import axios from 'axios';
import { type BackendClient, createBackendClient } from '../../main/backend/backend-client';
import { DEFAULT_SCOPES } from '../../main/config';
import { createInstallKeyStore } from '../../main/dpop/install-key';
import { createDpopProver } from '../../main/dpop/prover';
import { SessionManager } from '../../main/session/session-manager';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { MemoryPreferences } from '../helpers/fakes/memory-preferences';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { agreeIfAsked, type Person, person, pickTestAccount } from '../helpers/kakao-person';
import { DEFAULT_KAKAO_APP, REDIRECT_URI, type RunningSystem, startSystem } from '../helpers/system';

const KIM = { id: 1001, nickname: '김카카오' } as const;

let system: RunningSystem;

test.beforeAll(async () => {
  test.setTimeout(120_000); // PGlite's first start alone can take half a minute on a busy machine
  system = await startSystem({ backendEnv: { DPOP_NONCE_REQUIRED: 'true' } });
});
test.afterAll(async () => {
  await system?.close();
});

const cleanups: (() => Promise<unknown> | unknown)[] = [];
test.beforeEach(async () => {
  const reset = await fetch(`${system.emulatorUrl}/__emulator/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  expect(reset.ok).toBe(true);
});
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface SentRequest {
  method: string;
  path: string;
  status: number;
  authorization: string | undefined;
  proof: boolean;
  code: unknown;
}

/** One desktop install: its keychain (vault), install key, backend client and session, as main/index.ts wires them. */
interface Install {
  vault: MemoryVault;
  preferences: MemoryPreferences;
  session: SessionManager;
  backend: BackendClient;
  /** Every token response the session received. */
  issued: TokenResponse[];
  /** What went over HTTP, in order. */
  sent: SentRequest[];
  /** The session's log lines (`event {details}`). */
  log: { event: string; details: Record<string, unknown> | undefined }[];
  who: Person;
}

function launch(
  browser: Browser,
  options: { dpop: boolean; vault?: MemoryVault; preferences?: MemoryPreferences; who?: Person },
): Install {
  const vault = options.vault ?? new MemoryVault();
  const preferences = options.preferences ?? new MemoryPreferences();
  const who = options.who ?? person(browser);
  if (!options.who) cleanups.push(() => who.authWindow.close());
  const sent: SentRequest[] = [];
  const http = axios.create();
  http.interceptors.response.use((response) => {
    const header = (name: string) => response.config.headers.get(name);
    const authorization = header('Authorization');
    sent.push({
      method: String(response.config.method).toUpperCase(),
      path: String(response.config.url),
      status: response.status,
      authorization: typeof authorization === 'string' ? authorization.split(' ')[0] : undefined,
      proof: typeof header('DPoP') === 'string',
      code: (response.data as { code?: unknown } | undefined)?.code,
    });
    return response;
  });
  const backend = createBackendClient({
    baseUrl: system.backendUrl,
    timeoutMs: 5000,
    http,
    ...(options.dpop ? { dpop: createDpopProver({ key: createInstallKeyStore({ vault }) }) } : {}),
  });
  const issued: TokenResponse[] = [];
  const log: Install['log'] = [];
  const session = new SessionManager({
    backend: {
      exchange: async (request) => issued[issued.push(await backend.exchange(request)) - 1]!,
      refresh: async (token) => issued[issued.push(await backend.refresh(token)) - 1]!,
      logout: (token) => backend.logout(token),
    },
    vault,
    preferences,
    openAuthWindow: who.authWindow.open,
    clearKakaoSession: who.authWindow.clearKakaoSession,
    auth: {
      clientId: DEFAULT_KAKAO_APP.clientId,
      authBaseUrl: system.emulatorUrl,
      redirectUri: REDIRECT_URI,
      scopes: [...DEFAULT_SCOPES],
    },
    deviceName: 'e2e dpop',
    log: (event, details) => log.push({ event, details }),
  });
  cleanups.push(() => session.dispose());
  return { vault, preferences, session, backend, issued, sent, log, who };
}

async function signIn(install: Install): Promise<void> {
  install.who.will(async (page) => {
    await pickTestAccount(page, KIM.id);
    await agreeIfAsked(page);
  });
  await install.session.start();
  const result = await install.session.signIn();
  expect(install.who.errors).toEqual([]);
  expect(result).toMatchObject({
    ok: true,
    value: { kind: 'signed-in', profile: { nickname: KIM.nickname } },
  });
}

/** A refresh now: the current access token is treated as expired. */
async function refreshNow(install: Install): Promise<string> {
  install.session.expireAccessToken(await install.session.getAccessToken());
  return install.session.getAccessToken();
}

async function rawRefresh(refreshToken: string | null) {
  const response = await fetch(`${system.backendUrl}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('a. a bound session: sign-in, refresh and sign-out all with proofs of the install key', async ({
  browser,
}) => {
  const a = launch(browser, { dpop: true });
  await signIn(a);

  // Bound at sign-in: the backend answered DPoP, after asking once for its nonce.
  expect(a.issued.map((t) => t.token_type)).toEqual(['DPoP']);
  expect(a.sent.slice(0, 2)).toMatchObject([
    { path: '/auth/kakao/exchange', status: 401, code: 'use_dpop_nonce', proof: true },
    { path: '/auth/kakao/exchange', status: 200, proof: true },
  ]);
  const installKey = await a.vault.get(VAULT_ACCOUNTS.dpopKey);
  expect(JSON.parse(installKey!)).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
  const firstRefreshToken = await a.vault.get(VAULT_ACCOUNTS.refreshToken);

  // The refresh rotates within the bound family; the nonce from the last answer needs no retry.
  const accessToken = await refreshNow(a);
  expect(a.issued.map((t) => t.token_type)).toEqual(['DPoP', 'DPoP']);
  expect(a.issued[1]!.session_id).toBe(a.issued[0]!.session_id);
  expect(await a.vault.get(VAULT_ACCOUNTS.refreshToken)).not.toBe(firstRefreshToken);
  expect(a.sent.at(-1)).toMatchObject({ path: '/auth/refresh', status: 200, proof: true });
  expect(a.sent.filter((r) => r.status === 401)).toHaveLength(1);

  // Our API takes the bound access token as DPoP with a proof; the same token as plain Bearer is refused.
  expect((await a.backend.sessions(accessToken)).sessions).toMatchObject([{ current: true }]);
  expect(a.sent.at(-1)).toMatchObject({
    path: '/auth/sessions',
    status: 200,
    authorization: 'DPoP',
    proof: true,
  });
  const asBearer = await fetch(`${system.backendUrl}/auth/sessions`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(asBearer.status).toBe(401);
  // The refresh token alone (no proof) is refused, and the session survives that.
  const stolen = await rawRefresh(await a.vault.get(VAULT_ACCOUNTS.refreshToken));
  expect(stolen).toMatchObject({ status: 401, body: { code: 'invalid_dpop_proof' } });
  expect(await refreshNow(a)).toEqual(expect.any(String));

  // Sign-out revokes the family with a proof: nothing owed, the token is dead.
  const lastRefreshToken = await a.vault.get(VAULT_ACCOUNTS.refreshToken);
  expect(await a.session.signOut()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  expect(a.sent.at(-1)).toMatchObject({ path: '/auth/logout', status: 204, proof: true });
  expect(await a.vault.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
  expect(await a.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  // The install key stays: one key per install.
  expect(await a.vault.get(VAULT_ACCOUNTS.dpopKey)).toBe(installKey);
  const refusedAfter = await rawRefresh(lastRefreshToken);
  expect(refusedAfter).toMatchObject({ status: 401, body: { code: 'invalid_grant', reason: 'revoked' } });
});

test('b. theft: the refresh token copied to another install is refused and ends the session everywhere', async ({
  browser,
}) => {
  const a = launch(browser, { dpop: true });
  await signIn(a);
  const stolenToken = await a.vault.get(VAULT_ACCOUNTS.refreshToken);

  // Install B: the copied refresh token, but its own key.
  const bVault = new MemoryVault();
  await bVault.set(VAULT_ACCOUNTS.refreshToken, stolenToken!);
  const b = launch(browser, { dpop: true, vault: bVault });
  expect(await b.session.start()).toMatchObject({
    kind: 'signed-out',
    problem: { code: 'session_invalid', detail: 'key_mismatch' },
  });
  expect(await bVault.get(VAULT_ACCOUNTS.dpopKey)).not.toBe(await a.vault.get(VAULT_ACCOUNTS.dpopKey));
  expect(b.issued).toEqual([]);
  expect(b.log).toContainEqual({
    event: 'refresh refused: signing out',
    details: { reason: 'key_mismatch' },
  });

  // A's next refresh finds the family revoked for key_mismatch: signed out, and told why in the log.
  const refused = await refreshNow(a).catch((error: unknown) => error);
  expect(refused).toMatchObject({ kind: 'session-invalid', code: 'invalid_grant', reason: 'key_mismatch' });
  expect(a.session.getState()).toMatchObject({
    kind: 'signed-out',
    problem: { code: 'session_invalid', detail: 'key_mismatch' },
  });
  expect(a.log).toContainEqual({
    event: 'refresh refused: signing out',
    details: { reason: 'key_mismatch' },
  });
  expect(await a.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
});

test('c. unbound sessions keep working: a client without DPoP, and an old session after the upgrade', async ({
  browser,
}) => {
  const old = launch(browser, { dpop: false });
  await signIn(old);
  expect(old.issued.map((t) => t.token_type)).toEqual(['Bearer']);
  expect(old.sent.every((r) => !r.proof)).toBe(true);
  const accessToken = await refreshNow(old);
  expect(old.issued.map((t) => t.token_type)).toEqual(['Bearer', 'Bearer']);
  expect((await old.backend.me(accessToken)).nickname).toBe(KIM.nickname);
  expect(old.sent.at(-1)).toMatchObject({ path: '/me', status: 200, authorization: 'Bearer' });
  old.session.dispose();

  // The app is upgraded: it now sends proofs, but a family is bound at sign-in or never. It stays Bearer.
  const upgraded = launch(browser, {
    dpop: true,
    vault: old.vault,
    preferences: old.preferences,
    who: old.who,
  });
  expect(await upgraded.session.start()).toMatchObject({ kind: 'signed-in' });
  expect(upgraded.issued.map((t) => t.token_type)).toEqual(['Bearer']);
  expect(upgraded.sent.find((r) => r.path === '/auth/refresh' && r.status === 200)).toMatchObject({
    proof: true,
  });
  const upgradedToken = await upgraded.session.getAccessToken();
  expect((await upgraded.backend.me(upgradedToken)).nickname).toBe(KIM.nickname);
  expect(upgraded.sent.at(-1)).toMatchObject({
    path: '/me',
    status: 200,
    authorization: 'Bearer',
    proof: false,
  });
  expect(await upgraded.session.signOut()).toMatchObject({ kind: 'signed-out' });
  expect(await old.vault.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
});
