/**
 * The desktop sign-in end to end, across programs: the main process's SessionManager (real axios backend
 * client, memory vault + preferences) runs in this Node process; the sign-in window is real Chromium driven
 * through the Playwright adapter on the production SignInAttempt; Kakao is the real emulator and the
 * backend is the real server on PGlite, both over HTTP. Each test plays a person at the Kakao pages.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SessionState } from '@kakao-desktop/contract';
import { type Browser, expect, type Page, test } from '@playwright/test';
import type { AuthWindowRequest } from '../../main/auth/auth-window-port';
import { createBackendClient } from '../../main/backend/backend-client';
import type { Clock } from '../../main/clock';
import { DEFAULT_SCOPES } from '../../main/config';
import type { KeptKakaoSession } from '../../main/preferences/kept-kakao-session';
import { SessionManager } from '../../main/session/session-manager';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { MemoryPreferences } from '../helpers/fakes/memory-preferences';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { keptKakao } from '../helpers/kept-kakao';
import { createPlaywrightAuthWindow, type PlaywrightAuthWindow } from '../helpers/playwright-auth-window';
import { DEFAULT_KAKAO_APP, REDIRECT_URI, type RunningSystem, startSystem } from '../helpers/system';
import { ManualClock } from './manual-clock';

const SCREENSHOTS = fileURLToPath(new URL('../../screenshots/', import.meta.url));
/** As `npm start` runs the desktop against the emulator: the defaults plus the email (the dev app allows it). */
const SCOPES = [...DEFAULT_SCOPES, 'account_email'];
const KIM = { id: 1001, email: 'kim@kakao.test', nickname: '김카카오' } as const;
const ALICE = { id: 1002, email: 'alice@example.test', nickname: 'Alice Kim' } as const;

let system: RunningSystem;

test.beforeAll(async () => {
  test.setTimeout(120_000); // PGlite's first start alone can take half a minute on a busy 2-core CI machine
  mkdirSync(SCREENSHOTS, { recursive: true });
  system = await startSystem();
});
test.afterAll(async () => {
  await system?.close();
});
test.beforeEach(async () => {
  // Every test meets a Kakao that has never seen it: no sessions, no earlier consents, no request log.
  const reset = await fetch(`${system.emulatorUrl}/__emulator/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  expect(reset.ok).toBe(true);
});

// --- The person at the sign-in window ---

type UserScript = (page: Page, request: AuthWindowRequest) => Promise<void>;

/** The sign-in window plus the person using it: each opened window runs the next queued script. */
interface Person {
  authWindow: PlaywrightAuthWindow;
  /** Queue what the person does in the next sign-in window. */
  will(script: UserScript): void;
  /** Script failures (a failed expect inside a window), rethrown by `signIn` so they are not lost. */
  readonly errors: unknown[];
}

const cleanups: (() => Promise<void> | void)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function person(browser: Browser): Person {
  const scripts: UserScript[] = [];
  const errors: unknown[] = [];
  const authWindow = createPlaywrightAuthWindow({
    browser,
    onPage: async (page, request) => {
      const script = scripts.shift();
      try {
        if (!script) throw new Error('a sign-in window opened that this test did not expect');
        await script(page, request);
      } catch (error) {
        if (!page.isClosed()) errors.push(error); // a closed page means the attempt ended under the script
        throw error;
      }
    },
  });
  cleanups.push(() => authWindow.close());
  return { authWindow, will: (script) => scripts.push(script), errors };
}

async function logInWithPassword(page: Page, email: string, screenshot?: string): Promise<void> {
  await expect(page.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible();
  await expect(page.getByTestId('emulator-badge')).toBeVisible();
  if (screenshot) await page.screenshot({ path: `${SCREENSHOTS}${screenshot}`, fullPage: true });
  await page.getByLabel(/Email/).fill(email);
  await page.getByLabel(/Password/).fill('password');
  await page.getByRole('button', { name: /로그인 · Log in/ }).click();
}

async function pickTestAccount(page: Page, accountId: number): Promise<void> {
  await expect(page.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible();
  await page.getByTestId(`account-${accountId}`).click();
}

async function agreeOnConsent(page: Page, nickname: string, screenshot?: string): Promise<void> {
  await expect(page.getByTestId('consent-scopes')).toBeVisible();
  await expect(page.getByText(nickname, { exact: false })).toBeVisible();
  await expect(page.getByText('카카오계정(이메일)')).toBeVisible();
  if (screenshot) await page.screenshot({ path: `${SCREENSHOTS}${screenshot}`, fullPage: true });
  await page.getByTestId('consent-agree').click();
}

// --- The desktop's main process ---

interface Desktop {
  session: SessionManager;
  /** "Stay signed in to Kakao", as the app's preference. */
  kakaoSession: KeptKakaoSession;
  /** Every state the session announced, in order. */
  states: SessionState[];
}

function launchDesktop(options: {
  vault: MemoryVault;
  preferences: MemoryPreferences;
  person: Person;
  clock?: Clock;
}): Desktop {
  const kakao = keptKakao(options.preferences, options.person.authWindow);
  const session = new SessionManager({
    backend: createBackendClient({ baseUrl: system.backendUrl, timeoutMs: 5000 }),
    vault: options.vault,
    preferences: options.preferences,
    openAuthWindow: kakao.openAuthWindow,
    clearKakaoSession: kakao.clearKakaoSession,
    auth: {
      clientId: DEFAULT_KAKAO_APP.clientId,
      authBaseUrl: system.emulatorUrl,
      redirectUri: REDIRECT_URI,
      scopes: SCOPES,
    },
    deviceName: 'e2e (Playwright)',
    ...(options.clock ? { clock: options.clock, random: () => 0.5 } : {}),
  });
  const states: SessionState[] = [];
  session.subscribe((state) => states.push(state));
  cleanups.push(() => session.dispose());
  return { session, kakaoSession: kakao.kakaoSession, states };
}

/** `session.signIn`, failing with the person's own error when a script inside the window failed. */
async function signIn(desktop: Desktop, who: Person, options: Parameters<SessionManager['signIn']>[0] = {}) {
  const result = await desktop.session.signIn(options);
  if (who.errors.length > 0) throw who.errors[0];
  return result;
}

/** Resolves with the next announced state of this kind. */
function nextState<K extends SessionState['kind']>(
  desktop: Desktop,
  kind: K,
): Promise<Extract<SessionState, { kind: K }>> {
  return new Promise((resolve) => {
    const off = desktop.session.subscribe((state) => {
      if (state.kind !== kind) return;
      off();
      resolve(state as Extract<SessionState, { kind: K }>);
    });
  });
}

/** A fresh install signed in as `account` by picking the test account; returns its stores. */
async function signedInAs(
  browser: Browser,
  account: { id: number; nickname: string },
  options: { staySignedInToKakao?: boolean } = {},
) {
  const vault = new MemoryVault();
  const preferences = new MemoryPreferences();
  const who = person(browser);
  who.will(async (page) => {
    await pickTestAccount(page, account.id);
    await agreeOnConsent(page, account.nickname);
  });
  const desktop = launchDesktop({ vault, preferences, person: who });
  await desktop.session.start();
  if (options.staySignedInToKakao) await desktop.kakaoSession.setStaySignedInToKakao(true);
  const result = await signIn(desktop, who);
  expect(result).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
  return { vault, preferences, who, desktop };
}

async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** What the emulator received since the test began (kakao-emulator README, control API). */
async function emulatorRequests(): Promise<{ method: string; path: string; body: unknown }[]> {
  const response = await fetch(`${system.emulatorUrl}/__emulator/requests`);
  expect(response.ok).toBe(true);
  return ((await response.json()) as { requests: { method: string; path: string; body: unknown }[] })
    .requests;
}

// --- Flows ---

test('a. sign in through Kakao login + consent: profile shown, refresh token in the vault only', async ({
  browser,
}) => {
  const vault = new MemoryVault();
  const preferences = new MemoryPreferences();
  const who = person(browser);
  let authorizeUrl = '';
  who.will(async (page, request) => {
    authorizeUrl = request.authorizeUrl;
    await logInWithPassword(page, KIM.email, 'e2e-login.png');
    await agreeOnConsent(page, KIM.nickname, 'e2e-consent.png');
  });
  const desktop = launchDesktop({ vault, preferences, person: who });

  expect(await desktop.session.start()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  const result = await signIn(desktop, who);

  expect(result).toMatchObject({ ok: true });
  expect(desktop.session.getState()).toMatchObject({
    kind: 'signed-in',
    persistence: 'keychain',
    profile: { kakao_id: String(KIM.id), nickname: KIM.nickname, email: KIM.email, email_verified: true },
  });
  expect(desktop.states.map((s) => s.kind)).toEqual(['signed-out', 'signing-in', 'signed-in']);
  expect(who.authWindow.pages).toHaveLength(1);
  // The desktop asked Kakao with PKCE and without the client secret (that lives in the backend only).
  const authorize = new URL(authorizeUrl);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorizeUrl).not.toContain(DEFAULT_KAKAO_APP.clientSecret);

  // Kakao saw the backend redeem the code with the secret and the desktop's PKCE verifier.
  const tokenRequests = (await emulatorRequests()).filter((r) => r.path === '/oauth/token');
  expect(tokenRequests).toHaveLength(1);
  expect(tokenRequests[0]!.body).toMatchObject({
    grant_type: 'authorization_code',
    client_secret: DEFAULT_KAKAO_APP.clientSecret,
    code_verifier: expect.any(String),
  });

  const refreshToken = await vault.get(VAULT_ACCOUNTS.refreshToken);
  expect(refreshToken).toEqual(expect.any(String));
  expect(refreshToken!.length).toBeGreaterThan(20);
  const accessToken = await desktop.session.getAccessToken();
  // The backend knows this user under our access token.
  const me = await createBackendClient({ baseUrl: system.backendUrl }).me(accessToken);
  expect(me).toMatchObject({ nickname: KIM.nickname, email: KIM.email });

  // Preferences keep the profile for offline display, never a token.
  const saved = JSON.stringify(preferences.get());
  expect(preferences.get().lastProfile).toMatchObject({ nickname: KIM.nickname });
  expect(saved).not.toContain(refreshToken!);
  expect(saved).not.toContain(accessToken);
});

test('b. relaunch: signed in again silently through /auth/refresh, refresh token rotated', async ({
  browser,
}) => {
  const { vault, preferences, who, desktop: first } = await signedInAs(browser, KIM);
  const tokenBefore = await vault.get(VAULT_ACCOUNTS.refreshToken);
  first.session.dispose(); // quit
  const pagesBefore = who.authWindow.pages.length;
  const cleared = await fetch(`${system.emulatorUrl}/__emulator/requests`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json' },
  });
  expect(cleared.ok).toBe(true);

  const second = launchDesktop({ vault, preferences, person: who });
  const state = await second.session.start();

  expect(state).toMatchObject({
    kind: 'signed-in',
    persistence: 'keychain',
    profile: { nickname: KIM.nickname, email: KIM.email },
  });
  // The cached profile is shown while the refresh runs; no sign-in window opened.
  expect(second.states.map((s) => s.kind)).toEqual(['refreshing', 'signed-in']);
  expect(who.authWindow.pages).toHaveLength(pagesBefore);
  expect(await emulatorRequests()).toEqual([]); // neither the window nor the backend went to Kakao
  const tokenAfter = await vault.get(VAULT_ACCOUNTS.refreshToken);
  expect(tokenAfter).toEqual(expect.any(String));
  expect(tokenAfter).not.toBe(tokenBefore);
  // The rotated session is a working one.
  const me = await createBackendClient({ baseUrl: system.backendUrl }).me(
    await second.session.getAccessToken(),
  );
  expect(me.nickname).toBe(KIM.nickname);
});

test('c. sign out: vault emptied, state signed-out, the backend session revoked', async ({ browser }) => {
  const { vault, preferences, desktop } = await signedInAs(browser, KIM);
  const refreshToken = await vault.get(VAULT_ACCOUNTS.refreshToken);
  const accessToken = await desktop.session.getAccessToken();
  const sessionsWith = (token: string) =>
    fetch(`${system.backendUrl}/auth/sessions`, { headers: { authorization: `Bearer ${token}` } });
  expect((await sessionsWith(accessToken)).status).toBe(200); // live before sign-out

  const state = await desktop.session.signOut();

  expect(state).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  expect(await vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  expect(await vault.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull(); // the revoke reached the backend
  expect(preferences.get().lastProfile).toBeNull();
  await expect(desktop.session.getAccessToken()).rejects.toMatchObject({ code: 'session_invalid' });

  const refused = await postJson(`${system.backendUrl}/auth/refresh`, { refresh_token: refreshToken });
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({ code: 'invalid_grant', reason: 'revoked' });
  const sessions = await sessionsWith(accessToken);
  expect(sessions.status).toBe(401);
  expect(await sessions.json()).toMatchObject({ code: 'unauthorized' });
});

test('d. switch account with prompt=select_account while still signed in to Kakao', async ({ browser }) => {
  // "Stay signed in to Kakao": the sign-in window keeps its Kakao cookies between sign-ins.
  const {
    vault,
    preferences,
    who,
    desktop: first,
  } = await signedInAs(browser, KIM, {
    staySignedInToKakao: true,
  });
  // The session is ended elsewhere (another device's session list, say): the backend revokes the family.
  const ended = await postJson(`${system.backendUrl}/auth/logout`, {
    refresh_token: await vault.get(VAULT_ACCOUNTS.refreshToken),
  });
  expect(ended.status).toBe(204);
  first.session.dispose();

  const second = launchDesktop({ vault, preferences, person: who });
  expect(await second.session.start()).toMatchObject({
    kind: 'signed-out',
    problem: { code: 'session_invalid' },
  });

  who.will(async (page, request) => {
    expect(new URL(request.authorizeUrl).searchParams.get('prompt')).toBe('select_account');
    expect(request.keepKakaoSession).toBe(true);
    // Kakao still knows Kim in this window: the account chooser, not the login form.
    await expect(page.getByRole('heading', { name: /계정 선택/ })).toBeVisible();
    await expect(page.getByTestId(`account-${KIM.id}`)).toContainText(KIM.nickname);
    await page.screenshot({ path: `${SCREENSHOTS}e2e-select-account.png`, fullPage: true });
    await page.getByTestId('use-another-account').click();
    await pickTestAccount(page, ALICE.id);
    await agreeOnConsent(page, ALICE.nickname);
  });
  const result = await signIn(second, who, { prompt: 'select_account' });

  expect(result).toMatchObject({
    ok: true,
    value: { kind: 'signed-in', profile: { nickname: ALICE.nickname, email: ALICE.email } },
  });
  const me = await createBackendClient({ baseUrl: system.backendUrl }).me(
    await second.session.getAccessToken(),
  );
  expect(me).toMatchObject({ nickname: ALICE.nickname, email: ALICE.email });
  expect(preferences.get().lastProfile).toMatchObject({ nickname: ALICE.nickname });

  // Turning the preference off forgets the kept Kakao session: even with it back on, Kakao no longer
  // knows Alice in this window, so the next sign-in starts at the login form, not the chooser.
  // (Not through sign-out, which forgets it anyway: the session is ended elsewhere again.)
  await second.kakaoSession.setStaySignedInToKakao(false);
  await second.kakaoSession.setStaySignedInToKakao(true);
  const endedAgain = await postJson(`${system.backendUrl}/auth/logout`, {
    refresh_token: await vault.get(VAULT_ACCOUNTS.refreshToken),
  });
  expect(endedAgain.status).toBe(204);
  second.session.dispose();
  const third = launchDesktop({ vault, preferences, person: who });
  expect(await third.session.start()).toMatchObject({ kind: 'signed-out' });
  who.will(async (page, request) => {
    expect(request.keepKakaoSession).toBe(true);
    await expect(page.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible();
    await page.close();
  });
  expect(await signIn(third, who, { prompt: 'select_account' })).toMatchObject({
    ok: false,
    code: 'cancelled',
  });
});

test('e. cancel at Kakao (consent Cancel → access_denied, or closing the window): signed out, no problem', async ({
  browser,
}) => {
  const vault = new MemoryVault();
  const preferences = new MemoryPreferences();
  const who = person(browser);
  const desktop = launchDesktop({ vault, preferences, person: who });
  await desktop.session.start();

  who.will(async (page) => {
    await logInWithPassword(page, KIM.email);
    await expect(page.getByTestId('consent-scopes')).toBeVisible();
    await page.getByTestId('consent-cancel').click();
  });
  const pressedCancel = await signIn(desktop, who);

  expect(pressedCancel).toMatchObject({ ok: false, code: 'cancelled' });
  expect(desktop.session.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  // Kakao really answered the cancel: the consent form was posted with action=cancel.
  const requests = await emulatorRequests();
  const consent = requests.filter((r) => r.method === 'POST' && r.path === '/oauth/authorize/consent');
  expect(consent).toHaveLength(1);
  expect(consent[0]!.body).toMatchObject({ action: 'cancel' });
  expect(requests.some((r) => r.path === '/oauth/token')).toBe(false); // no code was ever exchanged

  who.will(async (page) => {
    await expect(page.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible();
    await page.close(); // the person closes the window
  });
  const closedWindow = await signIn(desktop, who);

  expect(closedWindow).toMatchObject({ ok: false, code: 'cancelled' });
  expect(desktop.session.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  expect(desktop.states.some((s) => s.kind === 'signed-out' && s.problem !== undefined)).toBe(false);
  expect(await vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  expect(preferences.get().lastProfile).toBeNull();
});

test('f. backend offline at launch: cached profile offline, retried on the backoff timer until signed in', async ({
  browser,
}) => {
  const { vault, preferences, who, desktop: first } = await signedInAs(browser, KIM);
  const tokenBefore = await vault.get(VAULT_ACCOUNTS.refreshToken);
  const backend = createBackendClient({ baseUrl: system.backendUrl });
  const sessionBefore = (await backend.sessions(await first.session.getAccessToken())).sessions.find(
    (s) => s.current,
  );
  expect(sessionBefore).toBeDefined();
  first.session.dispose();

  await system.stopBackend();
  let backendDown = true;
  try {
    const clock = new ManualClock();
    const launchedAt = clock.now();
    const second = launchDesktop({ vault, preferences, person: who, clock });
    const offline = await second.session.start();
    if (offline.kind !== 'offline') throw new Error(`expected offline, got ${offline.kind}`);

    expect(offline).toMatchObject({
      kind: 'offline',
      profile: { nickname: KIM.nickname, email: KIM.email },
      problem: { code: 'network' },
    });
    expect(await vault.get(VAULT_ACCOUNTS.refreshToken)).toBe(tokenBefore); // the session is kept
    expect(offline.retryAt).toBeGreaterThan(launchedAt);
    expect(clock.nextDueAt()).toBe(offline.retryAt); // the retry is on the session's clock, not a sleep

    // The first retry while still down: offline again, with a longer wait (backoff grows).
    const stillOffline = nextState(second, 'offline');
    clock.advanceTo(offline.retryAt);
    const again = await stillOffline;
    expect(again.profile?.nickname).toBe(KIM.nickname);
    expect(again.retryAt - offline.retryAt).toBeGreaterThan(offline.retryAt - launchedAt);

    await system.startBackend();
    backendDown = false;
    const signedIn = nextState(second, 'signed-in');
    clock.advanceTo(again.retryAt);

    expect(await signedIn).toMatchObject({ profile: { nickname: KIM.nickname, email: KIM.email } });
    const tokenAfter = await vault.get(VAULT_ACCOUNTS.refreshToken);
    expect(tokenAfter).toEqual(expect.any(String));
    expect(tokenAfter).not.toBe(tokenBefore);
    expect(who.authWindow.pages).toHaveLength(1); // only the first sign-in ever showed Kakao
    // The same session carried on (rotated, not replaced by a new sign-in), and the outage revoked nothing.
    const after = await backend.sessions(await second.session.getAccessToken());
    expect(after.sessions.find((s) => s.current)?.id).toBe(sessionBefore!.id);
    const revoked = await system.database.query(
      'f-revoked',
      'SELECT id FROM sessions WHERE revoked_at IS NOT NULL AND id = $1',
      [sessionBefore!.id],
    );
    expect(revoked).toEqual([]);
  } finally {
    if (backendDown) await system.startBackend();
  }
});
