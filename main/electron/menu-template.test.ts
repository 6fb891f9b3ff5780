/** The menu as data: account items per session state, both languages, roles per platform. */
import type { SessionState } from '@kakao-desktop/contract';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { MENU_LABELS, pickMenuLanguage } from './menu-labels';
import { aboutDialogOptions, buildMenuTemplate, type MenuActions, type MenuContext } from './menu-template';

const profile = fakeProfile();
const app = { name: 'Kakao Desktop', version: '1.2.3' };
const noActions: MenuActions = { signIn() {}, switchAccount() {}, signOut() {}, showAbout() {} };

function build(overrides: Partial<MenuContext> = {}, actions: MenuActions = noActions) {
  return buildMenuTemplate(
    {
      state: { kind: 'signed-in', profile, persistence: 'keychain' },
      language: 'en',
      platform: 'linux',
      app,
      devTools: false,
      ...overrides,
    },
    actions,
  );
}

const submenu = (item: MenuItemConstructorOptions | undefined) =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[];

/** Every item, depth first (top-level menus and their submenus). */
function flatten(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...flatten(submenu(item))]);
}

function item(template: MenuItemConstructorOptions[], id: string) {
  const found = flatten(template).find((entry) => entry.id === id);
  if (!found) throw new Error(`no menu item "${id}"`);
  return found;
}

const offline: SessionState = {
  kind: 'offline',
  profile: null,
  retryAt: 0,
  problem: { code: 'network' },
  persistence: 'keychain',
};

describe('account items follow the session state', () => {
  it.each<[SessionState, { signIn: boolean; switchAccount: boolean; signOut: boolean }]>([
    [{ kind: 'starting' }, { signIn: false, switchAccount: false, signOut: false }],
    [
      { kind: 'signed-out', persistence: 'keychain' },
      { signIn: true, switchAccount: false, signOut: false },
    ],
    [
      { kind: 'signed-out', persistence: 'memory', problem: { code: 'network' } },
      { signIn: true, switchAccount: false, signOut: false },
    ],
    [
      { kind: 'signing-in', persistence: 'keychain' },
      { signIn: false, switchAccount: false, signOut: false },
    ],
    [
      { kind: 'signing-in', persistence: 'keychain', via: 'browser' },
      { signIn: false, switchAccount: false, signOut: false },
    ],
    [
      { kind: 'signed-in', profile, persistence: 'keychain' },
      { signIn: false, switchAccount: true, signOut: true },
    ],
    [
      { kind: 'refreshing', profile, persistence: 'memory' },
      { signIn: false, switchAccount: false, signOut: true },
    ],
    [offline, { signIn: false, switchAccount: false, signOut: true }],
  ])('%j', (state, expected) => {
    for (const language of ['ko', 'en'] as const) {
      const template = build({ state, language });
      expect({
        signIn: item(template, 'sign-in').enabled,
        switchAccount: item(template, 'switch-account').enabled,
        signOut: item(template, 'sign-out').enabled,
      }).toEqual(expected);
    }
  });
});

describe('clicks', () => {
  it.each([
    ['sign-in', 'signIn'],
    ['switch-account', 'switchAccount'],
    ['sign-out', 'signOut'],
    ['about', 'showAbout'],
  ] as const)('%s calls %s and nothing else', (id, action) => {
    const actions = {
      signIn: vi.fn(),
      switchAccount: vi.fn(),
      signOut: vi.fn(),
      showAbout: vi.fn(),
    } satisfies MenuActions;
    (item(build({}, actions), id).click as () => void)();
    for (const [name, spy] of Object.entries(actions)) {
      expect(spy, name).toHaveBeenCalledTimes(name === action ? 1 : 0);
    }
  });
});

describe('labels in the app’s language', () => {
  it.each([
    ['en', 'Account', 'Sign in with Kakao', 'Switch account…', 'Sign out', 'Help', 'About Kakao Desktop'],
    ['ko', '계정', '카카오 로그인', '계정 전환…', '로그아웃', '도움말', 'Kakao Desktop 정보'],
  ] as const)('%s', (language, account, signIn, switchAccount, signOut, help, about) => {
    const template = build({ language });
    expect(item(template, 'account').label).toBe(account);
    expect(item(template, 'sign-in').label).toBe(signIn);
    expect(item(template, 'switch-account').label).toBe(switchAccount);
    expect(item(template, 'sign-out').label).toBe(signOut);
    expect(template.find((entry) => entry.role === 'help')?.label).toBe(help);
    expect(item(template, 'about').label).toBe(about);
  });

  it('labels every item in both languages, and no Korean label is left in English', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const en = flatten(build({ language: 'en', platform, devTools: true }));
      const ko = flatten(build({ language: 'ko', platform, devTools: true }));
      expect(ko.length).toBe(en.length);
      ko.forEach((entry, index) => {
        if (entry.type === 'separator') return;
        expect(entry.label, JSON.stringify(entry)).toBeTruthy();
        const english = en[index]!.label;
        // The app's name is the same in both; everything else differs.
        if (english !== app.name) expect(entry.label, english).not.toBe(english);
      });
    }
  });

  it('has the same keys in both languages', () => {
    expect(Object.keys(MENU_LABELS.ko).sort()).toEqual(Object.keys(MENU_LABELS.en).sort());
  });
});

describe('pickMenuLanguage (as the renderer picks its language)', () => {
  it.each([
    [null, ['ko'], 'ko'],
    [null, ['ko-KR'], 'ko'],
    [null, ['en-US'], 'en'],
    [null, ['fr-FR'], 'en'],
    [null, ['fr', 'ko-KR'], 'ko'],
    [null, [], 'en'],
    ['en', ['ko-KR'], 'en'],
    ['ko', ['en-US'], 'ko'],
  ] as const)('preference %s, locales %j → %s', (preference, locales, expected) => {
    expect(pickMenuLanguage(preference, locales)).toBe(expected);
  });
});

describe('roles per platform', () => {
  const topRoles = (platform: NodeJS.Platform) => build({ platform }).map((entry) => entry.role ?? entry.id);

  it('macOS: the app menu first, About in it, Close (not Quit) in File', () => {
    const template = build({ platform: 'darwin' });
    expect(topRoles('darwin')).toEqual([
      'appMenu',
      'fileMenu',
      'editMenu',
      'account',
      'viewMenu',
      'windowMenu',
      'help',
    ]);
    const appMenu = submenu(template[0]);
    expect(appMenu[0]?.id).toBe('about');
    expect(appMenu.map((entry) => entry.role).filter(Boolean)).toEqual([
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit',
    ]);
    expect(submenu(template[1]).map((entry) => entry.role)).toEqual(['close']);
    expect(submenu(template.find((entry) => entry.role === 'windowMenu')).map((e) => e.role)).toContain(
      'front',
    );
  });

  it.each(['win32', 'linux'] as const)('%s: no app menu, Quit in File, About under Help', (platform) => {
    const template = build({ platform });
    expect(topRoles(platform)).toEqual(['fileMenu', 'editMenu', 'account', 'viewMenu', 'windowMenu', 'help']);
    expect(submenu(template[0]).map((entry) => entry.role)).toEqual(['quit']);
    expect(submenu(template.find((entry) => entry.role === 'help'))[0]?.id).toBe('about');
    const roles = flatten(template).map((entry) => entry.role);
    for (const macOnly of ['services', 'hide', 'hideOthers', 'unhide', 'front'] as const) {
      expect(roles).not.toContain(macOnly);
    }
  });

  it('the edit menu keeps the clipboard roles (copying an e-mail address works)', () => {
    const roles = flatten(build()).map((entry) => entry.role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('offers developer tools only in development builds', () => {
    const roles = (devTools: boolean) => flatten(build({ devTools })).map((entry) => entry.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
});

describe('About', () => {
  it.each([
    ['en', 'About Kakao Desktop', 'Version 1.2.3', 'OK'],
    ['ko', 'Kakao Desktop 정보', '버전 1.2.3', '확인'],
  ] as const)('%s: names the app and its version', (language, title, detail, ok) => {
    expect(aboutDialogOptions(language, app)).toMatchObject({
      type: 'info',
      title,
      message: 'Kakao Desktop',
      detail,
      buttons: [ok],
    });
  });
});
