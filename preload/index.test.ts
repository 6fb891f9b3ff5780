/** preload/index.ts on a fake `electron`: exactly one verb per channel plus onStateChange, each on its own channel, nothing else. */
import { INVOKE_CHANNELS } from '@kakao-desktop/contract';
import { describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from '../test/helpers/fakes/fake-electron';

vi.mock('electron', () => import('../test/helpers/fakes/fake-electron'));

describe('preload bridge', () => {
  it('exposes window.api with one function per channel and no ipcRenderer', async () => {
    await import('./index');
    const api = contextBridge.exposed.get('api') as import('@kakao-desktop/contract').DesktopApi;
    expect(Object.keys(api).sort()).toEqual([
      'deleteAccount',
      'getAppInfo',
      'getPreferences',
      'getState',
      'listDevices',
      'onStateChange',
      'requestConsent',
      'setLanguage',
      'setStaySignedInToKakao',
      'signIn',
      'signOut',
      'signOutDevice',
    ]);
    await api.signIn();
    await api.signIn({ prompt: 'select_account' });
    await api.signOut();
    await api.getState();
    await api.getPreferences();
    await api.setStaySignedInToKakao(false);
    await api.setLanguage('ko');
    await api.listDevices();
    await api.signOutDevice('3f1c2a4e-0000-4000-8000-000000000001');
    await api.deleteAccount();
    await api.requestConsent('email');
    await api.getAppInfo();
    expect(ipcRenderer.invoked).toEqual([
      { channel: 'session:sign-in', args: [] },
      { channel: 'session:sign-in', args: [{ prompt: 'select_account' }] },
      { channel: 'session:sign-out', args: [] },
      { channel: 'session:get-state', args: [] },
      { channel: 'preferences:get', args: [] },
      { channel: 'preferences:set-stay-signed-in-to-kakao', args: [false] },
      { channel: 'preferences:set-language', args: ['ko'] },
      { channel: 'account:list-devices', args: [] },
      { channel: 'account:sign-out-device', args: ['3f1c2a4e-0000-4000-8000-000000000001'] },
      { channel: 'account:delete', args: [] },
      { channel: 'account:request-consent', args: ['email'] },
      { channel: 'app:get-info', args: [] },
    ]);
    // Every contract channel has its verb; main refuses anything else.
    expect(new Set(ipcRenderer.invoked.map((call) => call.channel))).toEqual(new Set(INVOKE_CHANNELS));

    const seen: unknown[] = [];
    const unsubscribe = api.onStateChange((state) => seen.push(state));
    ipcRenderer.emit('session:state-changed', {}, { kind: 'starting' });
    unsubscribe();
    ipcRenderer.emit('session:state-changed', {}, { kind: 'signed-out' });
    expect(seen).toEqual([{ kind: 'starting' }]);
    expect(ipcRenderer.listenerCount('session:state-changed')).toBe(0);
  });
});
