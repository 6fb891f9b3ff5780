import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { buildMenuTemplate } from './menu-template';

function signOutItem(template: MenuItemConstructorOptions[]) {
  const account = template.find((item) => item.label === 'Account');
  return (account!.submenu as MenuItemConstructorOptions[]).find((item) => item.id === 'sign-out')!;
}

describe('menu template', () => {
  const profile = fakeProfile();
  it.each([
    [{ kind: 'starting' }, false],
    [{ kind: 'signed-out', persistence: 'keychain' }, false],
    [{ kind: 'signing-in', persistence: 'keychain' }, false],
    [{ kind: 'signed-in', profile, persistence: 'keychain' }, true],
    [{ kind: 'refreshing', profile, persistence: 'memory' }, true],
    [
      {
        kind: 'offline',
        profile: null,
        retryAt: 0,
        problem: { code: 'network', message: 'm' },
        persistence: 'keychain',
      },
      true,
    ],
  ] as const)('"Sign out" in %j: enabled=%s', (state, enabled) => {
    expect(signOutItem(buildMenuTemplate(state, { signOut: () => {} }, 'linux')).enabled).toBe(enabled);
  });

  it('signs out when clicked', () => {
    const signOut = vi.fn();
    const item = signOutItem(
      buildMenuTemplate({ kind: 'signed-in', profile, persistence: 'keychain' }, { signOut }, 'darwin'),
    );
    (item.click as () => void)();
    expect(signOut).toHaveBeenCalledOnce();
  });
});
