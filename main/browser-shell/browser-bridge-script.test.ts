/**
 * The page-side bridge as the shell serves it (scripts/browser-shell-assets.mjs compiling preload/browser-bridge.ts),
 * run in a bare page stand-in: `window.api` has exactly contract's verbs, each calling its own channel, so the
 * bridge cannot drift from the Electron preload.
 */
import { runInNewContext } from 'node:vm';
import { API_VERBS, INVOKE_CHANNELS } from '@kakao-desktop/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileBrowserBridge } from '../../scripts/browser-shell-assets.mjs';

const KEY = 'bridge-key-0123456789abcdef';

/** Just enough of a page for the bridge to install itself; records every call it makes. */
function pageStandIn() {
  const calls: { url: string; args: unknown[]; key: string }[] = [];
  const storage = new Map<string, string>();
  const window = {
    location: { hash: `#k=${KEY}`, pathname: '/', search: '' },
    history: { replaceState() {} },
    sessionStorage: {
      getItem: (name: string) => storage.get(name) ?? null,
      setItem: (name: string, value: string) => storage.set(name, value),
    },
    open: () => null,
  } as Record<string, unknown>;
  class EventSource {
    addEventListener() {}
  }
  async function fetch(url: string, init: { body: string; headers: Record<string, string> }) {
    calls.push({ url, args: JSON.parse(init.body) as unknown[], key: init.headers['x-shell-key']! });
    return { ok: true, status: 200, json: async () => null };
  }
  return { globals: { window, fetch, EventSource, document: {} }, window, calls };
}

let script: string;
beforeAll(async () => {
  script = await compileBrowserBridge();
});

describe('browser shell bridge script', () => {
  it('is one classic script with the verb list taken from contract', () => {
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
    expect(script).toContain(`const CONTRACT_API_VERBS = Object.freeze(${JSON.stringify(API_VERBS)});`);
  });

  it('gives window.api exactly contract’s verbs, each posting to its own channel with the arguments', async () => {
    const page = pageStandIn();
    runInNewContext(script, page.globals);
    const api = page.window.api as Record<string, (...args: unknown[]) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(API_VERBS), 'onStateChange'].sort());
    for (const verb of Object.keys(API_VERBS)) await api[verb]!('argument', undefined);
    expect(page.calls).toEqual(
      Object.values(API_VERBS).map((channel) => ({ url: `/api/${channel}`, args: ['argument'], key: KEY })),
    );
    // Every channel main serves is reachable from the page.
    expect(new Set(page.calls.map((call) => call.url))).toEqual(
      new Set(INVOKE_CHANNELS.map((channel) => `/api/${channel}`)),
    );
  });
});
