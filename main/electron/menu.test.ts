/** The Electron side of the menu on a fake `electron`: rebuilt on session and language changes, About shown. */
import type { SessionState } from '@kakao-desktop/contract';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, dialog, Menu, resetFakeElectron } from '../../test/helpers/fakes/fake-electron';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { observablePreferences } from '../preferences/observable-preferences';
import type { SessionListener } from '../session/session-manager';
import { setupMenu } from './menu';

vi.mock('electron', () => import('../../test/helpers/fakes/fake-electron'));

function fakeSession(initial: SessionState) {
  let state = initial;
  const listeners = new Set<SessionListener>();
  return {
    getState: () => state,
    subscribe(listener: SessionListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: SessionState) {
      state = next;
      for (const listener of listeners) listener(next);
    },
    signIn: vi.fn(async () => ({ ok: true }) as never),
    signOut: vi.fn(async () => state),
  };
}

function items(): MenuItemConstructorOptions[] {
  const template = (Menu.current as { template: MenuItemConstructorOptions[] } | null)?.template ?? [];
  const walk = (list: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    list.flatMap((item) => [item, ...walk((item.submenu ?? []) as MenuItemConstructorOptions[])]);
  return walk(template);
}
const byId = (id: string) => items().find((item) => item.id === id);

describe('setupMenu', () => {
  beforeEach(() => resetFakeElectron());
  afterEach(() => vi.restoreAllMocks());

  function setup(language: 'ko' | 'en' | null = null, locale = 'en-US', window: unknown = null) {
    const session = fakeSession({ kind: 'signed-out', persistence: 'keychain' });
    const preferences = observablePreferences(new MemoryPreferences({ language }));
    const dispose = setupMenu({
      session,
      preferences,
      app: { name: 'Kakao Desktop', version: '1.2.3', locale, isPackaged: true },
      window: () => window as never,
    });
    return { session, preferences, dispose };
  }

  it('sets the menu at once, following the current state', () => {
    setup();
    expect(byId('sign-in')?.enabled).toBe(true);
    expect(byId('sign-out')?.enabled).toBe(false);
  });

  it('rebuilds it when the session state changes', () => {
    const { session } = setup();
    session.set({ kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' });
    expect(byId('sign-in')?.enabled).toBe(false);
    expect(byId('switch-account')?.enabled).toBe(true);
    expect(byId('sign-out')?.enabled).toBe(true);
  });

  it('follows the OS locale while the language preference is unset, then the preference when it changes', () => {
    const { preferences } = setup(null, 'ko-KR');
    expect(byId('account')?.label).toBe('계정');
    preferences.update({ language: 'en' });
    expect(byId('account')?.label).toBe('Account');
    preferences.update({ language: null });
    expect(byId('account')?.label).toBe('계정');
  });

  it('is not rebuilt for a preference other than the language', () => {
    const { preferences } = setup();
    const before = Menu.current;
    preferences.update({ staySignedInToKakao: true });
    expect(Menu.current).toBe(before);
  });

  it('shows About, modal to the app window, with the name and version in the app’s language', async () => {
    const window = new BrowserWindow({});
    setup('ko', 'en-US', window);
    (byId('about')!.click as () => void)();
    expect(dialog.shown).toHaveLength(1);
    expect(dialog.shown[0]!.parent).toBe(window);
    expect(dialog.shown[0]!.options).toMatchObject({ message: 'Kakao Desktop', detail: '버전 1.2.3' });
  });

  it('switch account from the menu signs out, then signs in with the account picker', async () => {
    const { session } = setup();
    session.set({ kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' });
    (byId('switch-account')!.click as () => void)();
    await vi.waitFor(() => expect(session.signIn).toHaveBeenCalledWith({ prompt: 'select_account' }));
    expect(session.signOut.mock.invocationCallOrder[0]).toBeLessThan(
      session.signIn.mock.invocationCallOrder[0]!,
    );
  });

  it('stops following both after dispose', () => {
    const { session, preferences, dispose } = setup();
    dispose();
    const before = Menu.current;
    session.set({ kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' });
    preferences.update({ language: 'ko' });
    expect(Menu.current).toBe(before);
  });
});
