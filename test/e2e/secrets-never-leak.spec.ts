/**
 * Secrets never leak. One full run across the three programs — the desktop's main process (SessionManager with
 * the file-backed preferences store, the production IPC handlers and the real renderer build in Chromium), the
 * companion backend (logging every line at trace level through its own redaction) and the Kakao emulator —
 * signs in through Kakao's pages, refreshes and signs out from the renderer. Then every token, code,
 * code_verifier, state, nonce and key used in the run (the desktop's DPoP install key too) is looked for in everything the programs wrote: logs,
 * the preferences file, the renderer (DOM, storage, IndexedDB, cookies, console, IPC), and the whole database
 * apart from hash columns. Finally known secrets are planted in each kind of place to prove the scan finds them.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import type { KakaoExchangeRequest, TokenResponse } from '@kakao-desktop/contract';
import type { Database } from '@kakao-desktop/server';
import type { BrowserContext, Page } from '@playwright/test';
import { type BackendClient, createBackendClient } from '../../main/backend/backend-client';
import { DEFAULT_SCOPES } from '../../main/config';
import { createInstallKeyStore } from '../../main/dpop/install-key';
import { createDpopProver } from '../../main/dpop/prover';
import { createFilePreferences } from '../../main/preferences/file-preferences';
import { createAccount } from '../../main/session/account';
import { SessionManager } from '../../main/session/session-manager';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { agreeIfAsked, logInWithPassword, person } from '../helpers/kakao-person';
import { keptKakao } from '../helpers/kept-kakao';
import { connectRenderer } from '../helpers/renderer-bridge';
import { sealedContext } from '../helpers/sealed-context';
import { findLeaks, type ScanSource, SecretBook } from '../helpers/secret-scan';
import { DEFAULT_KAKAO_APP, REDIRECT_URI, startSystem } from '../helpers/system';
import { expect, test } from '../renderer/harness';
import { ManualClock } from './manual-clock';

const KIM = { id: 1001, email: 'kim@kakao.test', nickname: '김카카오' } as const;

interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

/** Every table and column of the database as text, except columns holding hashes (the one allowed form). */
async function dumpDatabase(database: Database, moment: string): Promise<ScanSource[]> {
  const columns = await database.query<{ table_schema: string; table_name: string; column_name: string }>(
    'leak-scan-columns',
    `SELECT table_schema, table_name, column_name FROM information_schema.columns
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, ordinal_position`,
    [],
  );
  const tables = new Map<string, string[]>();
  for (const c of columns) {
    if (/hash/i.test(c.column_name)) continue;
    const key = `"${c.table_schema}"."${c.table_name}"`;
    tables.set(key, [...(tables.get(key) ?? []), c.column_name]);
  }
  const sources: ScanSource[] = [];
  for (const [table, names] of tables) {
    const list = names.map((n) => `"${n}"::text AS "${n}"`).join(', ');
    const rows = await database.query<Record<string, string | null>>(
      `leak-scan ${table}`,
      `SELECT ${list} FROM ${table}`,
      [],
    );
    rows.forEach((row, i) => {
      for (const name of names)
        sources.push({ where: `db ${table}.${name} row ${i + 1} (${moment})`, text: row[name] ?? '' });
    });
  }
  expect(tables.size, 'the dump found the schema').toBeGreaterThanOrEqual(5);
  return sources;
}

/** What the renderer holds: DOM, Web Storage, IndexedDB, cookies (run in the page as a string: no DOM types here). */
async function dumpRenderer(page: Page, context: BrowserContext, moment: string): Promise<ScanSource[]> {
  const storage = (name: string) =>
    page.evaluate(`JSON.stringify(Object.entries(${name}))`) as Promise<string>;
  const indexedDb = (await page.evaluate(`(async () => {
    const out = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(info.name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        out.push({ db: info.name, store, all });
      }
      db.close();
    }
    return JSON.stringify(out);
  })()`)) as string;
  return [
    { where: `renderer DOM (${moment})`, text: await page.content() },
    { where: `renderer localStorage (${moment})`, text: await storage('localStorage') },
    { where: `renderer sessionStorage (${moment})`, text: await storage('sessionStorage') },
    { where: `renderer IndexedDB (${moment})`, text: indexedDb },
    { where: `renderer cookies (${moment})`, text: JSON.stringify(await context.cookies()) },
  ];
}

async function dumpFolder(folder: string, moment: string): Promise<ScanSource[]> {
  const names = await readdir(folder, { recursive: true, withFileTypes: true });
  return Promise.all(
    names
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return {
          where: `file ${path.slice(folder.length + 1)} (${moment})`,
          text: await readFile(path, 'utf8'),
        };
      }),
  );
}

test('secrets never leak: sign in, refresh and sign out leave no token, code or key anywhere', async ({
  browser,
  renderer,
}) => {
  test.setTimeout(120_000);
  // This run's own keys, so any hit is this run's doing.
  const clientSecret = `${randomBytes(24).toString('base64')}+/`; // always has characters URL encoding changes
  const encryptionKey = randomBytes(32).toString('base64url');
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

  const backendLog: string[] = [];
  const emulatorLog: string[] = [];
  const desktopLog: string[] = [];
  const kakaoAnswers: Record<string, unknown>[] = [];
  const system = await startSystem({
    clientSecret,
    backendEnv: {
      LOG_LEVEL: 'trace',
      TOKEN_ENCRYPTION_KEY: encryptionKey,
      ACCESS_TOKEN_SIGNING_KEY: JSON.stringify(signingKey),
    },
    backendLog: (line) => backendLog.push(line),
    emulatorLog: (line) => emulatorLog.push(line),
    // What Kakao answered the backend (its tokens and id_token), read from a copy of each response.
    kakaoFetch: async (input, init) => {
      const response = await fetch(input, init);
      const text = await response.clone().text();
      try {
        kakaoAnswers.push(JSON.parse(text) as Record<string, unknown>);
      } catch {}
      return response;
    },
  });
  const userData = await mkdtemp(join(tmpdir(), 'kakao-desktop-userdata-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [
    () => system.close(),
    () => rm(userData, { recursive: true, force: true }),
  ];
  try {
    // --- The desktop: main process in this Node process, renderer in Chromium ---
    const vault = new MemoryVault();
    // As main/index.ts wires it: the install key in the session's vault, its log beside the session's.
    const installKey = createInstallKeyStore({
      vault,
      log: (event, details) => desktopLog.push(format(`[dpop] ${event}`, details ?? '')),
    });
    const http = createBackendClient({
      baseUrl: system.backendUrl,
      timeoutMs: 5000,
      dpop: createDpopProver({ key: installKey }),
    });
    const issued: TokenResponse[] = [];
    const exchanges: KakaoExchangeRequest[] = [];
    const backend: Pick<BackendClient, 'exchange' | 'refresh' | 'logout'> = {
      exchange: async (request) => {
        exchanges.push(request);
        const tokens = await http.exchange(request);
        issued.push(tokens);
        return tokens;
      },
      refresh: async (token) => {
        const tokens = await http.refresh(token);
        issued.push(tokens);
        return tokens;
      },
      logout: (token) => http.logout(token),
    };
    const preferences = createFilePreferences(userData);
    const clock = new ManualClock();
    const who = person(browser);
    cleanups.push(() => who.authWindow.close());
    const auth = {
      clientId: DEFAULT_KAKAO_APP.clientId,
      authBaseUrl: system.emulatorUrl,
      redirectUri: REDIRECT_URI,
      scopes: [...DEFAULT_SCOPES, 'account_email'],
    };
    const kakao = keptKakao(preferences, who.authWindow);
    const session = new SessionManager({
      backend,
      vault,
      preferences,
      openAuthWindow: kakao.openAuthWindow,
      clearKakaoSession: kakao.clearKakaoSession,
      auth,
      deviceName: 'e2e leak scan',
      clock,
      random: () => 0.5,
      // As main/index.ts prints it.
      log: (event, details) => desktopLog.push(format(`[session] ${event}`, details ?? '')),
    });
    cleanups.push(() => session.dispose());
    // The account panel lists the devices once signed in: those calls cross IPC too.
    const account = createAccount({
      session,
      backend: {
        ...backend,
        sessions: http.sessions,
        deleteSession: http.deleteSession,
        deleteMe: http.deleteMe,
      },
      openAuthWindow: kakao.openAuthWindow,
      auth,
      deviceName: 'e2e leak scan',
    });

    // Nothing leaves the machine: only the renderer's own origin answers (profile pictures get a 404).
    const context = await sealedContext(browser, renderer.url, { locale: 'en-US' });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    const bridge = await connectRenderer(page, {
      session,
      kakaoSession: kakao.kakaoSession,
      account,
      renderer: { devServerUrl: renderer.url, indexHtmlPath: join(userData, 'not-used', 'index.html') },
    });
    cleanups.push(() => bridge.dispose());

    // --- Sign in from the renderer, through Kakao's login and consent pages ---
    expect(await session.start()).toMatchObject({ kind: 'signed-out' });
    await page.goto(renderer.url);
    who.will(async (kakao) => {
      await logInWithPassword(kakao, KIM.email);
      await agreeIfAsked(kakao);
    });
    await page.getByRole('button', { name: 'Login with Kakao' }).click();
    await expect
      .poll(() => who.errors.length > 0 || session.getState().kind !== 'signing-in', { timeout: 30_000 })
      .toBe(true);
    expect(who.errors).toEqual([]);
    await expect(page.getByTestId('profile-card')).toContainText(KIM.nickname);

    // --- Refresh: the proactive timer fires, the refresh token rotates ---
    const firstRefreshToken = await vault.get(VAULT_ACCOUNTS.refreshToken);
    const due = clock.nextDueAt();
    expect(due).toBeDefined();
    clock.advanceTo(due!);
    await expect.poll(() => vault.get(VAULT_ACCOUNTS.refreshToken)).not.toBe(firstRefreshToken);
    // A refresh that fails (backend down) goes through main's error logging; the backoff retry then recovers.
    await expect.poll(() => clock.nextDueAt()).toBeDefined();
    await system.stopBackend();
    clock.advanceTo(clock.nextDueAt()!);
    await expect(page.getByTestId('offline')).toBeVisible();
    await system.startBackend();
    await expect.poll(() => clock.nextDueAt()).toBeDefined();
    clock.advanceTo(clock.nextDueAt()!);
    await expect.poll(() => session.getState().kind).toBe('signed-in');
    expect(desktopLog.join('\n')).toContain('refresh failed: keeping the session');
    // Main uses its access token on our API (Authorization header, logged by the backend at trace).
    const accessToken = await session.getAccessToken();
    expect((await http.me(accessToken)).nickname).toBe(KIM.nickname);
    expect((await http.sessions(accessToken)).sessions).toHaveLength(1);

    // Snapshot while signed in: the preferences hold the profile, the database Kakao's sealed tokens.
    const signedIn = [
      ...(await dumpRenderer(page, context, 'signed in')),
      ...(await dumpFolder(userData, 'signed in')),
      ...(await dumpDatabase(system.database, 'signed in')),
    ];
    expect(
      signedIn.some((s) => s.where.startsWith('file preferences.json') && s.text.includes(KIM.nickname)),
    ).toBe(true);

    // --- Sign out from the renderer: our session revoked, Kakao logged out ---
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Login with Kakao' })).toBeVisible();
    const requests = async () => {
      const response = await fetch(`${system.emulatorUrl}/__emulator/requests`);
      return ((await response.json()) as { requests: LoggedRequest[] }).requests;
    };
    await expect.poll(async () => (await requests()).some((r) => r.path === '/v1/user/logout')).toBe(true);
    await expect.poll(() => vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
    expect(await vault.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();

    // --- Every secret of the run ---
    const secrets = new SecretBook();
    secrets.add('client secret', clientSecret);
    secrets.add('token encryption key', encryptionKey);
    secrets.add('access-token signing key (d)', signingKey.d);
    for (const r of await requests()) {
      const query = r.query as Record<string, string | undefined>;
      const body = (r.body ?? {}) as Record<string, string | undefined>;
      if (r.path === '/oauth/authorize') {
        secrets.add('state', query.state);
        secrets.add('nonce', query.nonce);
      }
      secrets.add('authorization code', body.code);
      secrets.add('code_verifier', body.code_verifier);
      if (r.path === '/oauth/token') expect(body.client_secret).toBe(clientSecret); // the run's secret was used
      const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
      secrets.add('Kakao access token', bearer);
      const kakaoCookie = /__kakao_emulator_session=([^;]+)/.exec(String(r.headers.cookie ?? ''))?.[1];
      secrets.add('Kakao web session cookie', kakaoCookie);
    }
    for (const answer of kakaoAnswers) {
      secrets.add('Kakao access token', answer.access_token as string | undefined);
      secrets.add('Kakao refresh token', answer.refresh_token as string | undefined);
      secrets.add('Kakao id_token', answer.id_token as string | undefined);
    }
    for (const request of exchanges) {
      secrets.add('authorization code', request.code);
      secrets.add('code_verifier', request.code_verifier);
      secrets.add('nonce', request.nonce);
    }
    for (const tokens of issued) {
      secrets.add('our access token', tokens.access_token);
      secrets.add('our refresh token', tokens.refresh_token);
    }
    // The DPoP install key outlives sign-out: one key per install, in its own vault entry.
    const installJwk = await vault.get(VAULT_ACCOUNTS.dpopKey);
    expect(installJwk, 'the run signed its requests with an install key').toEqual(expect.any(String));
    secrets.addPrivateJwk('DPoP install key', installJwk);
    const count = (name: string) => secrets.names().filter((n) => n === name).length;
    // The book is complete: one sign-in (one code, verifier, state, nonce), one refresh (two of ours each)…
    for (const name of ['state', 'nonce', 'authorization code', 'code_verifier', 'Kakao id_token'])
      expect(count(name), name).toBe(1);
    expect(count('Kakao access token')).toBe(1);
    expect(count('Kakao refresh token')).toBe(1);
    expect(count('our access token')).toBe(3); // sign-in, timer refresh, the retry after the outage
    expect(count('our refresh token')).toBe(3);
    // The run's session was bound to the install key (RFC 9449): its proofs were signed with the key scanned for.
    expect(issued.map((tokens) => tokens.token_type)).toEqual(['DPoP', 'DPoP', 'DPoP']);
    expect(count('Kakao web session cookie')).toBe(1);
    expect(count('DPoP install key (d)')).toBe(1);
    expect(count('DPoP install key (whole JWK)')).toBe(1);

    // --- Everything the three programs wrote ---
    const collect = async (): Promise<ScanSource[]> => [
      ...signedIn,
      ...(await dumpRenderer(page, context, 'signed out')),
      { where: 'renderer console', text: consoleLines.join('\n') },
      { where: 'IPC to the renderer', text: JSON.stringify(bridge.crossed) },
      ...(await dumpFolder(userData, 'signed out')),
      ...(await dumpDatabase(system.database, 'signed out')),
      ...backendLog.map((text, i) => ({ where: `backend log line ${i + 1}`, text })),
      ...emulatorLog.map((text, i) => ({ where: `emulator log line ${i + 1}`, text })),
      ...desktopLog.map((text, i) => ({ where: `desktop log line ${i + 1}`, text })),
    ];
    // Not a vacuous scan: each program did write, and the backend logged the run's events.
    expect(backendLog.join('\n')).toMatch(/audit sign_in[\s\S]*audit refresh[\s\S]*audit logout/);
    expect(desktopLog.join('\n')).toContain('[dpop] install key created');
    expect(emulatorLog).toEqual(
      expect.arrayContaining([expect.stringMatching(/^POST \/oauth\/token → 200$/)]),
    );
    expect(bridge.crossed.length).toBeGreaterThan(3);

    expect(findLeaks(secrets, await collect())).toEqual([]);

    // The column left out holds hashes of our refresh tokens, not the tokens.
    const hashes = (
      await system.database.query<{ token_hash: string }>(
        'leak-scan-hashes',
        'SELECT token_hash FROM refresh_tokens',
        [],
      )
    ).map((row) => row.token_hash);
    for (const tokens of issued)
      expect(hashes).toContain(createHash('sha256').update(tokens.refresh_token).digest('base64url'));

    // --- Self-check: a secret planted in each kind of place is found, in the form it was planted ---
    const [firstIssued, lastIssued] = [issued[0]!, issued.at(-1)!];
    const kakaoAccess = kakaoAnswers.find((a) => a.access_token)!.access_token as string;
    // A token in a URL reaches the backend's request log line (why tokens never go in URLs).
    await fetch(`${system.backendUrl}/me?leak=${encodeURIComponent(kakaoAccess)}`);
    await page.evaluate(`localStorage.setItem('planted', btoa(${JSON.stringify(lastIssued.refresh_token)}))`);
    await system.database.query('leak-scan-plant', 'UPDATE users SET nickname = $1', [
      firstIssued.access_token.split('.')[1],
    ]);
    await writeFile(join(userData, 'planted.txt'), new URLSearchParams({ s: clientSecret }).toString());
    const installD = (JSON.parse(installJwk!) as { d: string }).d;
    await writeFile(join(userData, 'planted-key.json'), installJwk!);
    desktopLog.push(`[dpop] planted …${installD.slice(-16)}`);
    await page.evaluate(`document.body.append(${JSON.stringify(installD)})`);

    const planted = findLeaks(secrets, await collect());
    expect(planted).toEqual(
      expect.arrayContaining([
        { where: expect.stringMatching(/^backend log line/), secret: 'Kakao access token', form: 'as is' },
        { where: 'renderer localStorage (signed out)', secret: 'our refresh token', form: 'base64' },
        {
          where: expect.stringMatching(/^db "public"."users".nickname row 1 \(signed out\)/),
          secret: 'our access token',
          form: 'JWT payload',
        },
        { where: 'file planted.txt (signed out)', secret: 'client secret', form: 'URL-encoded' },
        {
          where: 'file planted-key.json (signed out)',
          secret: 'DPoP install key (whole JWK)',
          form: 'as is',
        },
        { where: 'file planted-key.json (signed out)', secret: 'DPoP install key (d)', form: 'as is' },
        {
          where: `desktop log line ${desktopLog.length}`,
          secret: 'DPoP install key (d)',
          form: 'last 16 characters',
        },
        { where: 'renderer DOM (signed out)', secret: 'DPoP install key (d)', form: 'as is' },
      ]),
    );
    // …and nothing besides the plants.
    const plantedPlaces =
      /^(backend log line|renderer localStorage|renderer DOM \(signed out\)|db "public"."users".nickname|file planted(-key\.json|\.txt))/;
    const plantedLogLine = `desktop log line ${desktopLog.length}`;
    expect(
      planted.filter((leak) => !plantedPlaces.test(leak.where) && leak.where !== plantedLogLine),
    ).toEqual([]);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
});
