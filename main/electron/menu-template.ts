/**
 * The application menu as data, tested without Electron: which items exist in which language, which of the
 * account items are enabled in each session state, and the usual roles per platform.
 */
import type { AppInfo, SessionState } from '@kakao-desktop/contract';
import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import { MENU_LABELS, type MenuLanguage } from './menu-labels';

export interface MenuActions {
  signIn(): void;
  switchAccount(): void;
  signOut(): void;
  showAbout(): void;
}

export interface MenuContext {
  state: SessionState;
  language: MenuLanguage;
  platform: NodeJS.Platform;
  app: AppInfo;
  /** Developer tools in the View menu: development builds only. */
  devTools: boolean;
}

export interface AccountItemsEnabled {
  signIn: boolean;
  switchAccount: boolean;
  signOut: boolean;
}

/**
 * - Sign in: only when signed out (while starting, we do not know yet; while signing in, one attempt is open).
 * - Switch account: only with a working session (signed in). Offline it would sign out and then fail to reach
 *   Kakao, leaving the user signed out of both accounts; while refreshing, the session is about to change.
 * - Sign out: whenever a session exists, including refreshing and offline (sign-out is local first).
 */
export function accountItemsEnabled(state: SessionState): AccountItemsEnabled {
  return {
    signIn: state.kind === 'signed-out',
    switchAccount: state.kind === 'signed-in',
    signOut: state.kind === 'signed-in' || state.kind === 'refreshing' || state.kind === 'offline',
  };
}

export function aboutDialogOptions(language: MenuLanguage, app: AppInfo): MessageBoxOptions {
  const labels = MENU_LABELS[language];
  return {
    type: 'info',
    title: labels.about(app.name),
    message: app.name,
    detail: labels.version(app.version),
    buttons: [labels.ok],
    noLink: true,
  };
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const labels = MENU_LABELS[context.language];
  const mac = context.platform === 'darwin';
  const name = context.app.name;
  const enabled = accountItemsEnabled(context.state);
  const about: MenuItemConstructorOptions = {
    id: 'about',
    label: labels.about(name),
    click: () => actions.showAbout(),
  };

  const appMenu: MenuItemConstructorOptions = {
    role: 'appMenu',
    label: name,
    submenu: [
      about,
      separator,
      { role: 'services', label: labels.services },
      separator,
      { role: 'hide', label: labels.hide(name) },
      { role: 'hideOthers', label: labels.hideOthers },
      { role: 'unhide', label: labels.showAll },
      separator,
      { role: 'quit', label: labels.quit(name) },
    ],
  };
  const fileMenu: MenuItemConstructorOptions = {
    role: 'fileMenu',
    label: labels.file,
    submenu: [mac ? { role: 'close', label: labels.close } : { role: 'quit', label: labels.quit(name) }],
  };
  const editMenu: MenuItemConstructorOptions = {
    role: 'editMenu',
    label: labels.edit,
    submenu: [
      { role: 'undo', label: labels.undo },
      { role: 'redo', label: labels.redo },
      separator,
      { role: 'cut', label: labels.cut },
      { role: 'copy', label: labels.copy },
      { role: 'paste', label: labels.paste },
      { role: 'selectAll', label: labels.selectAll },
    ],
  };
  const accountMenu: MenuItemConstructorOptions = {
    id: 'account',
    label: labels.account,
    submenu: [
      { id: 'sign-in', label: labels.signIn, enabled: enabled.signIn, click: () => actions.signIn() },
      {
        id: 'switch-account',
        label: labels.switchAccount,
        enabled: enabled.switchAccount,
        click: () => actions.switchAccount(),
      },
      separator,
      { id: 'sign-out', label: labels.signOut, enabled: enabled.signOut, click: () => actions.signOut() },
    ],
  };
  const viewMenu: MenuItemConstructorOptions = {
    role: 'viewMenu',
    label: labels.view,
    submenu: [
      { role: 'reload', label: labels.reload },
      { role: 'forceReload', label: labels.forceReload },
      ...(context.devTools ? [{ role: 'toggleDevTools', label: labels.devTools } as const] : []),
      separator,
      { role: 'resetZoom', label: labels.actualSize },
      { role: 'zoomIn', label: labels.zoomIn },
      { role: 'zoomOut', label: labels.zoomOut },
      separator,
      { role: 'togglefullscreen', label: labels.fullScreen },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    role: 'windowMenu',
    label: labels.window,
    submenu: mac
      ? [
          { role: 'minimize', label: labels.minimize },
          { role: 'zoom', label: labels.zoom },
          separator,
          { role: 'front', label: labels.front },
        ]
      : [
          { role: 'minimize', label: labels.minimize },
          { role: 'close', label: labels.close },
        ],
  };
  // macOS keeps "About" in the app menu; elsewhere it lives under Help.
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: labels.help,
    submenu: [mac ? { ...about, id: 'help-about' } : about],
  };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, accountMenu, viewMenu, windowMenu, helpMenu];
}
