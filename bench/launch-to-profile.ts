/**
 * `npm run bench:launch`: how long a launch takes to paint the signed-in user's profile, in Chromium with the
 * production pieces: the real SessionManager (this process) with a valid refresh token in its vault, the real
 * emulator and backend over HTTP (test/helpers/system.ts), the built renderer behind the same IPC handlers as the
 * app (test/helpers/renderer-bridge.ts).
 *
 * Each launch is a fresh browser context and a fresh SessionManager on the kept vault and preferences, started
 * as main/index.ts starts them (session.start() with the window loading). The page records, with
 * performance.now() (0 = navigation start), when DOMContentLoaded fired and when the first frame after the
 * element appeared was painted (MutationObserver → requestAnimationFrame → next task):
 *   - profile: the profile card ([data-testid="profile-card"]) — the cached profile while refreshing;
 *   - confirmed: the card without its "refreshing" line, i.e. after the refresh and profile round trip;
 *   - baseline: the signed-out screen ([data-testid="sign-in-screen"]) with an empty vault, launched in turn
 *     with the others in the same run, because machines differ threefold: compare ratios, not milliseconds.
 * Prints p50/p95 over BENCH_LAUNCHES launches of each (default 30, after 3 warm-ups). Target: profile ≤ 150 ms
 * p50 from DOMContentLoaded. Nothing here is asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build, type InlineConfig, preview } from 'vite';
import { rendererConfig } from '../electron.vite.config';
import type { AuthWindowOpener } from '../main/auth/auth-window-port';
import { createBackendClient } from '../main/backend/backend-client';
import { DEFAULT_SCOPES } from '../main/config';
import { createInstallKeyStore } from '../main/dpop/install-key';
import { createDpopProver } from '../main/dpop/prover';
import { createAccount } from '../main/session/account';
import { SessionManager } from '../main/session/session-manager';
import { chromiumLaunchOptions } from '../test/helpers/chromium';
import { MemoryPreferences } from '../test/helpers/fakes/memory-preferences';
import { MemoryVault } from '../test/helpers/fakes/memory-vault';
import { createPlaywrightAuthWindow } from '../test/helpers/playwright-auth-window';
import { connectRenderer } from '../test/helpers/renderer-bridge';
import { sealedContext } from '../test/helpers/sealed-context';
import { DEFAULT_KAKAO_APP, REDIRECT_URI, type RunningSystem, startSystem } from '../test/helpers/system';

const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 30);
const WARMUPS = 3;
const TARGET_P50_MS = 150;
/** The emulator's test account the vault is signed in as (kakao-emulator/README.md). */
const TEST_ACCOUNT_ID = 1001;

type Mark = 'dcl' | 'profile' | 'confirmed' | 'signedOut';
type Marks = Partial<Record<Mark, number>>;

/** The few DOM names the probe uses (this file is compiled without the DOM library: it runs in Node). */
interface ProbeGlobals {
  document: {
    addEventListener(type: string, listener: () => void): void;
    querySelector(selector: string): { querySelector(selector: string): unknown } | null;
  };
  requestAnimationFrame(callback: () => void): number;
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void };
}

/** Runs in the page before its scripts (serialized by Playwright, so self-contained). */
function installPaintProbe(): void {
  const { document, requestAnimationFrame, MutationObserver } = globalThis as unknown as ProbeGlobals;
  const marks: Record<string, number> = {};
  Object.defineProperty(globalThis, '__launchMarks', { value: marks });
  document.addEventListener('DOMContentLoaded', () => {
    marks.dcl = performance.now();
  });
  // The first frame that shows the element: the next animation frame is painted, then a task runs.
  const paintedNow = (name: string) => {
    if (name in marks || `${name}:pending` in marks) return;
    marks[`${name}:pending`] = 1;
    requestAnimationFrame(() =>
      setTimeout(() => {
        marks[name] = performance.now();
      }, 0),
    );
  };
  const check = () => {
    const card = document.querySelector('[data-testid="profile-card"]');
    if (card) paintedNow('profile');
    if (card && !card.querySelector('[data-testid="refreshing"]')) paintedNow('confirmed');
    if (document.querySelector('[data-testid="sign-in-screen"]')) paintedNow('signedOut');
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

interface Launch {
  vault: MemoryVault;
  preferences: MemoryPreferences;
}

function authFor(system: RunningSystem) {
  return {
    clientId: DEFAULT_KAKAO_APP.clientId,
    authBaseUrl: system.emulatorUrl,
    redirectUri: REDIRECT_URI,
    scopes: [...DEFAULT_SCOPES],
  };
}

/** As main/index.ts wires it: every call carries a DPoP proof of the install key, loaded from the vault per launch. */
function backendFor(system: RunningSystem, stores: Launch) {
  return createBackendClient({
    baseUrl: system.backendUrl,
    timeoutMs: 5000,
    dpop: createDpopProver({ key: createInstallKeyStore({ vault: stores.vault }) }),
  });
}

function sessionFor(
  system: RunningSystem,
  stores: Launch,
  openAuthWindow: AuthWindowOpener = refuseSignIn,
  backend = backendFor(system, stores),
) {
  return new SessionManager({
    backend,
    vault: stores.vault,
    preferences: stores.preferences,
    openAuthWindow,
    auth: authFor(system),
    deviceName: 'bench (launch to profile)',
  });
}

async function refuseSignIn(): Promise<never> {
  throw new Error('a launch with a stored session must not open the sign-in window');
}

/** Sign in once through the emulator's pages, as a person would, so the vault holds a real refresh token. */
async function signInOnce(browser: Browser, system: RunningSystem, stores: Launch): Promise<void> {
  const authWindow = createPlaywrightAuthWindow({
    browser,
    onPage: async (page: Page) => {
      await page.getByTestId(`account-${TEST_ACCOUNT_ID}`).click({ timeout: 20_000 });
      const agree = page.getByTestId('consent-agree');
      await agree.click({ timeout: 20_000 }).catch(() => {}); // no consent page when already agreed
    },
  });
  const session = sessionFor(system, stores, authWindow.open);
  try {
    await session.start();
    const result = await session.signIn({});
    if (!result.ok) throw new Error(`sign-in for the bench failed: ${result.code}`);
  } finally {
    session.dispose();
    await authWindow.close();
  }
}

async function launchOnce(
  browser: Browser,
  system: RunningSystem,
  url: string,
  stores: Launch,
  until: Mark,
): Promise<Marks> {
  // Only the renderer's own origin answers (the avatar from the emulator is not part of the figure).
  const context = await sealedContext(browser, url, { locale: 'en-US' });
  const page = await context.newPage();
  // tsx compiles with esbuild's keepNames, which wraps functions in `__name(...)`; the functions Playwright
  // serializes into the page (the bridge, the probe) need that helper there too.
  await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  // One backend client for the session and the account features, as in the app: it knows which tokens are bound.
  const backend = backendFor(system, stores);
  const session = sessionFor(system, stores, refuseSignIn, backend);
  // The signed-in screen asks for the devices list too, as in the app.
  const account = createAccount({
    session,
    backend,
    openAuthWindow: refuseSignIn,
    auth: authFor(system),
  });
  const bridge = await connectRenderer(page, {
    session,
    account,
    preferences: stores.preferences,
    renderer: { devServerUrl: url, indexHtmlPath: join(tmpdir(), 'not-used', 'index.html') },
  });
  try {
    await page.addInitScript(installPaintProbe);
    const started = session.start(); // as main/index.ts: the session starts while the window loads
    await page.goto(url);
    await page
      .waitForFunction(
        (mark) => mark in ((globalThis as unknown as { __launchMarks: Marks }).__launchMarks ?? {}),
        until,
        { timeout: 30_000 },
      )
      .catch(async (error: unknown) => {
        const marks = await page.evaluate(() =>
          JSON.stringify((globalThis as Record<string, unknown>).__launchMarks),
        );
        const shown = ((await page.locator('body').textContent()) ?? '').slice(0, 300);
        throw new Error(
          `launch never painted "${until}" (session: ${session.getState().kind}, marks: ${marks}, page: ${shown})`,
          { cause: error },
        );
      });
    await started;
    // A signed-in launch must also reach the backend's session list with its bound token, as the app does.
    if (until !== 'signedOut') {
      const devices = await account.listDevices();
      if (!devices.ok) throw new Error(`the devices list failed after launch: ${devices.code}`);
    }
    return await page.evaluate(() => ({
      ...(globalThis as unknown as { __launchMarks: Marks }).__launchMarks,
    }));
  } finally {
    bridge.dispose();
    session.dispose();
    await context.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summary(values: number[]): { p50: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function main(): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'kakao-desktop-bench-renderer-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => rm(outDir, { recursive: true, force: true })];
  try {
    const config = {
      ...rendererConfig,
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
    } as InlineConfig;
    await build({ ...config, build: { ...config.build, outDir, emptyOutDir: true } });
    const server = await preview({
      ...config,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
    cleanups.push(() => server.close());
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');

    const system = await startSystem();
    cleanups.push(() => system.close());
    const browser = await chromium.launch(chromiumLaunchOptions());
    cleanups.push(() => browser.close());

    const signedIn: Launch = { vault: new MemoryVault(), preferences: new MemoryPreferences() };
    await signInOnce(browser, system, signedIn);

    const rows = { profile: [] as number[], confirmed: [] as number[], signedOut: [] as number[] };
    const fromStart = { profile: [] as number[], signedOut: [] as number[] };
    for (let i = 0; i < WARMUPS + LAUNCHES; i++) {
      // In turn, so both see the same machine.
      const withToken = await launchOnce(browser, system, url, signedIn, 'confirmed');
      const fresh = { vault: new MemoryVault(), preferences: new MemoryPreferences() };
      const withoutToken = await launchOnce(browser, system, url, fresh, 'signedOut');
      if (i < WARMUPS) continue;
      const dcl = withToken.dcl ?? 0;
      rows.profile.push(withToken.profile! - dcl);
      rows.confirmed.push(withToken.confirmed! - dcl);
      rows.signedOut.push(withoutToken.signedOut! - (withoutToken.dcl ?? 0));
      fromStart.profile.push(withToken.profile!);
      fromStart.signedOut.push(withoutToken.signedOut!);
    }

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const line = (name: string, values: number[], start: number[] | null, baseline: number) => {
      const s = summary(values);
      const ratio = (s.p50 / baseline).toFixed(2);
      const navigation = start ? `  (from navigation start: p50 ${ms(summary(start).p50)})` : '';
      console.log(`${name.padEnd(44)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  ${ratio}× baseline${navigation}`);
    };
    const baseline = summary(rows.signedOut).p50;
    const load = loadavg()[0]!.toFixed(1);
    console.log(
      `launch → painted, ${LAUNCHES} launches each (+${WARMUPS} warm-ups), ms from DOMContentLoaded (load ${load}):`,
    );
    line('signed-out screen, empty vault (baseline)', rows.signedOut, fromStart.signedOut, baseline);
    line('profile card (cached profile, refreshing)', rows.profile, fromStart.profile, baseline);
    line('profile confirmed (refresh + profile done)', rows.confirmed, null, baseline);
    const p50 = summary(rows.profile).p50;
    console.log(`target: profile ≤ ${TARGET_P50_MS} ms p50 → ${p50 <= TARGET_P50_MS ? 'met' : 'NOT met'}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

await main();
