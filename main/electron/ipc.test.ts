/** ipcMain wiring on a fake `electron`: every contract channel, the sender check, state pushed to our window only. */
import { INVOKE_CHANNELS, type SessionState } from '@kakao-desktop/contract';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, ipcMain, resetFakeElectron } from '../../test/helpers/fakes/fake-electron';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { setupIpc } from './ipc';

const appInfo = { name: 'kakao-desktop', version: '0.1.0' };

vi.mock('electron', () => import('../../test/helpers/fakes/fake-electron'));

const renderer = { indexHtmlPath: '/app/out/renderer/index.html' };
const ours = 'file:///app/out/renderer/index.html';

function fakeSession() {
  const listeners = new Set<(s: SessionState) => void>();
  let state: SessionState = { kind: 'signed-out', persistence: 'keychain' };
  let staySignedInToKakao = false;
  return {
    signIn: vi.fn(async () => ({ ok: true as const, value: state })),
    signOut: vi.fn(async () => state),
    getState: () => state,
    getStaySignedInToKakao: () => staySignedInToKakao,
    setStaySignedInToKakao: vi.fn(async (value: boolean) => {
      staySignedInToKakao = value;
    }),
    subscribe(listener: (s: SessionState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(next: SessionState) {
      state = next;
      for (const l of listeners) l(next);
    },
  };
}

/** The account channels' own tests are in main/ipc/account-ipc.test.ts; here they only need to be served. */
function fakeAccount() {
  return {
    listDevices: vi.fn(async () => ({ ok: true as const, value: [] })),
    signOutDevice: vi.fn(async () => ({ ok: true as const, value: [] })),
    deleteAccount: vi.fn(async () => ({ ok: true as const, value: fakeSession().getState() })),
    requestConsent: vi.fn(async () => ({ ok: true as const, value: fakeSession().getState() })),
  };
}

function invokeEvent(frameUrl: string, mainFrame = true) {
  const frame = { url: frameUrl };
  return { senderFrame: frame, sender: { mainFrame: mainFrame ? frame : { url: frameUrl } } };
}

/** setupIpc with a fake session and account and fresh preferences; state changes go to `window`. */
function wired(window: BrowserWindow | null = null) {
  const session = fakeSession();
  const dispose = setupIpc({
    session,
    kakaoSession: session,
    account: fakeAccount(),
    preferences: new MemoryPreferences(),
    renderer,
    appInfo,
    window: () => window as never,
  });
  return { session, dispose };
}

describe('setupIpc', () => {
  beforeEach(() => resetFakeElectron());

  it('handles the contract channels for our renderer and refuses others', async () => {
    const { session, dispose } = wired(new BrowserWindow({}));
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(INVOKE_CHANNELS).toHaveLength(11);
    const getState = ipcMain.handlers.get('session:get-state')!;
    expect(await getState(invokeEvent(ours))).toEqual({ kind: 'signed-out', persistence: 'keychain' });
    await expect(getState(invokeEvent('https://evil.com/'))).rejects.toThrow(/not our renderer/);
    await expect(ipcMain.handlers.get('session:sign-in')!(invokeEvent(ours, false))).rejects.toThrow();
    expect(session.signIn).not.toHaveBeenCalled();
    await expect(
      ipcMain.handlers.get('preferences:set-stay-signed-in-to-kakao')!(
        invokeEvent('https://evil.com/'),
        true,
      ),
    ).rejects.toThrow(/not our renderer/);
    expect(session.setStaySignedInToKakao).not.toHaveBeenCalled();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('passes the renderer’s arguments through to the handlers', async () => {
    const { session } = wired();
    await ipcMain.handlers.get('session:sign-in')!(invokeEvent(ours), { prompt: 'login' });
    expect(session.signIn).toHaveBeenCalledExactlyOnceWith({ prompt: 'login' });
    const set = ipcMain.handlers.get('preferences:set-stay-signed-in-to-kakao')!;
    expect(await set(invokeEvent(ours), true)).toEqual({
      ok: true,
      value: { language: null, staySignedInToKakao: true },
    });
    expect(await ipcMain.handlers.get('preferences:get')!(invokeEvent(ours))).toEqual({
      language: null,
      staySignedInToKakao: true,
    });
  });

  it('pushes state changes to the window only while it shows our renderer', async () => {
    const window = new BrowserWindow({});
    const { session } = wired(window);
    const signedIn: SessionState = { kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' };
    window.webContents.url = 'https://evil.com/';
    session.emit(signedIn);
    expect(window.webContents.sent).toEqual([]);
    window.webContents.url = ours;
    session.emit(signedIn);
    expect(window.webContents.sent).toEqual([{ channel: 'session:state-changed', args: [signedIn] }]);
  });
});
