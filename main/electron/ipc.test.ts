/** ipcMain wiring on a fake `electron`: the three channels, the sender check, state pushed to our window only. */
import type { SessionState } from '@kakao-desktop/contract';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, ipcMain, resetFakeElectron } from '../../test/helpers/fakes/fake-electron';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { setupIpc } from './ipc';

vi.mock('electron', () => import('../../test/helpers/fakes/fake-electron'));

const renderer = { indexHtmlPath: '/app/out/renderer/index.html' };
const ours = 'file:///app/out/renderer/index.html';

function fakeSession() {
  const listeners = new Set<(s: SessionState) => void>();
  let state: SessionState = { kind: 'signed-out', persistence: 'keychain' };
  return {
    signIn: vi.fn(async () => ({ ok: true as const, value: state })),
    signOut: vi.fn(async () => state),
    getState: () => state,
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

function invokeEvent(frameUrl: string, mainFrame = true) {
  const frame = { url: frameUrl };
  return { senderFrame: frame, sender: { mainFrame: mainFrame ? frame : { url: frameUrl } } };
}

describe('setupIpc', () => {
  beforeEach(() => resetFakeElectron());

  it('handles the contract channels for our renderer and refuses others', async () => {
    const session = fakeSession();
    const window = new BrowserWindow({});
    const dispose = setupIpc({ session, renderer, window: () => window as never });
    expect([...ipcMain.handlers.keys()].sort()).toEqual([
      'session:get-state',
      'session:sign-in',
      'session:sign-out',
    ]);
    const getState = ipcMain.handlers.get('session:get-state')!;
    expect(await getState(invokeEvent(ours))).toEqual({ kind: 'signed-out', persistence: 'keychain' });
    await expect(getState(invokeEvent('https://evil.com/'))).rejects.toThrow(/not our renderer/);
    await expect(ipcMain.handlers.get('session:sign-in')!(invokeEvent(ours, false))).rejects.toThrow();
    expect(session.signIn).not.toHaveBeenCalled();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('pushes state changes to the window only while it shows our renderer', async () => {
    const session = fakeSession();
    const window = new BrowserWindow({});
    setupIpc({ session, renderer, window: () => window as never });
    const signedIn: SessionState = { kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' };
    window.webContents.url = 'https://evil.com/';
    session.emit(signedIn);
    expect(window.webContents.sent).toEqual([]);
    window.webContents.url = ours;
    session.emit(signedIn);
    expect(window.webContents.sent).toEqual([{ channel: 'session:state-changed', args: [signedIn] }]);
  });
});
