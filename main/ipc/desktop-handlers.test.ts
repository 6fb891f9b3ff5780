/** The composed map: every contract channel is served, and every one refuses a foreign frame before any work. */
import { INVOKE_CHANNELS, type SessionState } from '@kakao-desktop/contract';
import { describe, expect, it, vi } from 'vitest';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { createDesktopIpcHandlers } from './desktop-handlers';
import { UntrustedSenderError } from './trusted-sender';

const renderer = { indexHtmlPath: '/app/out/renderer/index.html' };
const trusted = { frameUrl: 'file:///app/out/renderer/index.html', isMainFrame: true };
const signedOut: SessionState = { kind: 'signed-out', persistence: 'keychain' };

function deps() {
  const session = {
    signIn: vi.fn(async () => ({ ok: true as const, value: signedOut })),
    signOut: vi.fn(async () => signedOut),
    getState: vi.fn(() => signedOut),
    getStaySignedInToKakao: vi.fn(() => false),
    setStaySignedInToKakao: vi.fn(async () => {}),
  };
  const account = {
    listDevices: vi.fn(async () => ({ ok: true as const, value: [] })),
    signOutDevice: vi.fn(async () => ({ ok: true as const, value: [] })),
    deleteAccount: vi.fn(async () => ({ ok: true as const, value: signedOut })),
    requestConsent: vi.fn(async () => ({ ok: true as const, value: signedOut })),
  };
  const preferences = new MemoryPreferences();
  const update = vi.spyOn(preferences, 'update');
  const handlers = createDesktopIpcHandlers({
    session,
    kakaoSession: session,
    account,
    preferences,
    renderer,
    appInfo: { name: 'kakao-desktop', version: '1.2.3' },
  });
  const touched = () =>
    [...Object.values(session), ...Object.values(account), update].filter((fn) => fn.mock.calls.length > 0);
  return { handlers, touched };
}

/** A valid call for each channel, so a refusal can only come from the sender check. */
const VALID_ARGS: Record<(typeof INVOKE_CHANNELS)[number], unknown[]> = {
  'session:sign-in': [],
  'session:sign-out': [],
  'session:get-state': [],
  'preferences:get': [],
  'preferences:set-stay-signed-in-to-kakao': [true],
  'preferences:set-language': ['ko'],
  'account:list-devices': [],
  'account:sign-out-device': ['3f1c2a4e-0000-4000-8000-000000000001'],
  'account:delete': [],
  'account:request-consent': ['email'],
  'app:get-info': [],
};

describe('createDesktopIpcHandlers', () => {
  it('serves every contract channel to our renderer', async () => {
    const { handlers } = deps();
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_CHANNELS].sort());
    for (const channel of INVOKE_CHANNELS) {
      await expect(handlers[channel](trusted, ...VALID_ARGS[channel])).resolves.toBeDefined();
    }
    expect(await handlers['app:get-info'](trusted)).toEqual({ name: 'kakao-desktop', version: '1.2.3' });
  });

  const foreignSenders = [
    { frameUrl: 'https://evil.example/', isMainFrame: true }, // another origin
    { frameUrl: 'file:///tmp/other.html', isMainFrame: true }, // another file
    { ...trusted, isMainFrame: false }, // a sub-frame of ours
    { frameUrl: null, isMainFrame: true }, // a destroyed frame
  ];

  it.each(INVOKE_CHANNELS)('refuses %s from any other frame before anything runs', async (channel) => {
    const { handlers, touched } = deps();
    for (const sender of foreignSenders) {
      await expect(handlers[channel](sender, ...VALID_ARGS[channel])).rejects.toBeInstanceOf(
        UntrustedSenderError,
      );
      // The sender is checked before the arguments: a malformed call from a foreign frame is refused the same way.
      await expect(handlers[channel](sender, { bogus: true }, 'extra')).rejects.toBeInstanceOf(
        UntrustedSenderError,
      );
    }
    expect(touched()).toEqual([]);
  });
});
