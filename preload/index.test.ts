/** preload/index.ts on a fake `electron`: exactly the four verbs, each on its own channel, nothing else. */
import { describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from '../test/helpers/fakes/fake-electron';

vi.mock('electron', () => import('../test/helpers/fakes/fake-electron'));

describe('preload bridge', () => {
  it('exposes window.api with one function per channel and no ipcRenderer', async () => {
    await import('./index');
    const api = contextBridge.exposed.get('api') as import('@kakao-desktop/contract').DesktopApi;
    expect(Object.keys(api).sort()).toEqual(['getState', 'onStateChange', 'signIn', 'signOut']);
    await api.signIn();
    await api.signOut();
    await api.getState();
    expect(ipcRenderer.invoked).toEqual([
      { channel: 'session:sign-in', args: [] },
      { channel: 'session:sign-out', args: [] },
      { channel: 'session:get-state', args: [] },
    ]);

    const seen: unknown[] = [];
    const unsubscribe = api.onStateChange((state) => seen.push(state));
    ipcRenderer.emit('session:state-changed', {}, { kind: 'starting' });
    unsubscribe();
    ipcRenderer.emit('session:state-changed', {}, { kind: 'signed-out' });
    expect(seen).toEqual([{ kind: 'starting' }]);
    expect(ipcRenderer.listenerCount('session:state-changed')).toBe(0);
  });
});
