/** The application menu as data: which items exist and when "Sign out" is enabled. Tested without Electron. */
import type { SessionState } from '@kakao-desktop/contract';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  signOut(): void;
}

/** "Sign out" makes sense whenever a session exists, including while refreshing or offline. */
export function canSignOut(state: SessionState): boolean {
  return state.kind === 'signed-in' || state.kind === 'refreshing' || state.kind === 'offline';
}

export function buildMenuTemplate(
  state: SessionState,
  actions: MenuActions,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const account: MenuItemConstructorOptions = {
    label: 'Account',
    submenu: [
      { id: 'sign-out', label: 'Sign out', enabled: canSignOut(state), click: () => actions.signOut() },
    ],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : [{ role: 'fileMenu' } as const]),
    { role: 'editMenu' },
    account,
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}
