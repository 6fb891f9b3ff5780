/**
 * The application menu, rebuilt whenever the session state or the language preference changes, so the account
 * items are enabled only when they apply and the labels follow the app's language.
 */
import type { AppInfo } from '@kakao-desktop/contract';
import { type BrowserWindow, dialog, Menu } from 'electron';
import type { SessionPort } from '../ipc/session-ipc';
import type { ObservablePreferencesStore } from '../preferences/observable-preferences';
import type { SessionListener } from '../session/session-manager';
import { createAccountActions } from './menu-actions';
import { pickMenuLanguage } from './menu-labels';
import { aboutDialogOptions, buildMenuTemplate } from './menu-template';

export interface MenuOptions {
  session: Pick<SessionPort, 'getState' | 'signIn' | 'signOut'> & {
    subscribe(listener: SessionListener): () => void;
  };
  preferences: Pick<ObservablePreferencesStore, 'get' | 'subscribe'>;
  app: AppInfo & { locale: string; isPackaged: boolean };
  /** The About dialog is modal to this window when there is one. */
  window: () => BrowserWindow | null | undefined;
  log?: (event: string) => void;
}

/** Returns a disposer that stops following the session and the preferences. */
export function setupMenu(options: MenuOptions): () => void {
  const account = createAccountActions(options.session, options.log);
  const language = () => pickMenuLanguage(options.preferences.get().language, [options.app.locale]);
  const showAbout = () => {
    const dialogOptions = aboutDialogOptions(language(), options.app);
    const parent = options.window();
    void (parent && !parent.isDestroyed()
      ? dialog.showMessageBox(parent, dialogOptions)
      : dialog.showMessageBox(dialogOptions));
  };
  const render = () => {
    const template = buildMenuTemplate(
      {
        state: options.session.getState(),
        language: language(),
        platform: process.platform,
        app: { name: options.app.name, version: options.app.version },
        devTools: !options.app.isPackaged,
      },
      {
        signIn: () => void account.signIn(),
        switchAccount: () => void account.switchAccount(),
        signOut: () => void account.signOut(),
        showAbout,
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  render();
  const stopSession = options.session.subscribe(render);
  const stopPreferences = options.preferences.subscribe((next, previous) => {
    if (next.language !== previous.language) render();
  });
  return () => {
    stopSession();
    stopPreferences();
  };
}
