/**
 * The menu's words in the app's two languages, and how the menu picks its language the way the renderer does:
 * the saved preference, else the first of the OS locales we have words for, else English.
 */
export const MENU_LANGUAGES = ['ko', 'en'] as const;
export type MenuLanguage = (typeof MENU_LANGUAGES)[number];

export function pickMenuLanguage(preference: MenuLanguage | null, locales: readonly string[]): MenuLanguage {
  if (preference) return preference;
  for (const tag of locales) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const match = MENU_LANGUAGES.find((language) => language === base);
    if (match) return match;
  }
  return 'en';
}

export interface MenuLabels {
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  account: string;
  signIn: string;
  switchAccount: string;
  signOut: string;
  about(appName: string): string;
  version(version: string): string;
  ok: string;
  services: string;
  hide(appName: string): string;
  hideOthers: string;
  showAll: string;
  quit(appName: string): string;
  close: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  reload: string;
  forceReload: string;
  devTools: string;
  actualSize: string;
  zoomIn: string;
  zoomOut: string;
  fullScreen: string;
  minimize: string;
  zoom: string;
  front: string;
}

export const MENU_LABELS: Record<MenuLanguage, MenuLabels> = {
  ko: {
    file: '파일',
    edit: '편집',
    view: '보기',
    window: '창',
    help: '도움말',
    account: '계정',
    signIn: '카카오 로그인',
    switchAccount: '계정 전환…',
    signOut: '로그아웃',
    about: (appName) => `${appName} 정보`,
    version: (version) => `버전 ${version}`,
    ok: '확인',
    services: '서비스',
    hide: (appName) => `${appName} 가리기`,
    hideOthers: '기타 가리기',
    showAll: '모두 보기',
    quit: (appName) => `${appName} 종료`,
    close: '창 닫기',
    undo: '실행 취소',
    redo: '다시 실행',
    cut: '잘라내기',
    copy: '복사',
    paste: '붙여넣기',
    selectAll: '모두 선택',
    reload: '새로 고침',
    forceReload: '강제 새로 고침',
    devTools: '개발자 도구',
    actualSize: '실제 크기',
    zoomIn: '확대',
    zoomOut: '축소',
    fullScreen: '전체 화면',
    minimize: '최소화',
    zoom: '확대/축소',
    front: '모두 앞으로 가져오기',
  },
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    account: 'Account',
    signIn: 'Sign in with Kakao',
    switchAccount: 'Switch account…',
    signOut: 'Sign out',
    about: (appName) => `About ${appName}`,
    version: (version) => `Version ${version}`,
    ok: 'OK',
    services: 'Services',
    hide: (appName) => `Hide ${appName}`,
    hideOthers: 'Hide Others',
    showAll: 'Show All',
    quit: (appName) => `Quit ${appName}`,
    close: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    reload: 'Reload',
    forceReload: 'Force Reload',
    devTools: 'Toggle Developer Tools',
    actualSize: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Toggle Full Screen',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
  },
};
