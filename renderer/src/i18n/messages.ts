import type { DesktopErrorCode } from '@kakao-desktop/contract/errors';

export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every text the UI shows. Typed so a missing translation (or a new error code) fails the typecheck. */
export interface Messages {
  languageName: string;
  languageSwitchLabel: string;
  starting: string;
  signInTitle: string;
  signInSubtitle: string;
  /** Kakao's required button label (design guide: full form). */
  kakaoLogin: string;
  signInNote: string;
  /** Secondary action under the Kakao button: Kakao's account chooser. */
  useAnotherKakaoAccount: string;
  staySignedInToKakao: string;
  /** One line: what keeping the Kakao session means. */
  staySignedInToKakaoHint: string;
  preferenceSaveFailed: string;
  continueInKakaoWindow: string;
  signedInWithKakao: string;
  signOut: string;
  signingOut: string;
  noEmail: string;
  unknownUser: string;
  refreshing: string;
  offline: (time: string) => string;
  offlineNoProfile: string;
  memoryPersistence: string;
  memoryPersistenceDetail: string;
  statusSignedOut: string;
  statusSignedIn: (name: string) => string;
  loadFailed: string;
  bridgeMissingTitle: string;
  bridgeMissingBody: string;
  problems: Record<DesktopErrorCode, string>;
}

const ko: Messages = {
  languageName: '한국어',
  languageSwitchLabel: '언어',
  starting: '시작하는 중…',
  signInTitle: '로그인',
  signInSubtitle: '카카오 계정으로 Kakao Desktop에 로그인하세요.',
  kakaoLogin: '카카오 로그인',
  signInNote: '카카오 로그인 창에서 로그인합니다. 이 앱은 비밀번호를 보지 않습니다.',
  useAnotherKakaoAccount: '다른 카카오계정으로 로그인',
  staySignedInToKakao: '카카오계정 로그인 상태 유지',
  staySignedInToKakaoHint:
    '로그인 창이 카카오 쿠키를 보관해, 다음 로그인 때 카카오 로그인 화면을 건너뛸 수 있습니다.',
  preferenceSaveFailed: '설정을 저장하지 못했습니다. 다시 시도하세요.',
  continueInKakaoWindow: 'Kakao 창에서 로그인을 계속하세요',
  signedInWithKakao: '카카오 계정으로 로그인됨',
  signOut: '로그아웃',
  signingOut: '로그아웃하는 중…',
  noEmail: '이메일 없음',
  unknownUser: '카카오 사용자',
  refreshing: '세션을 새로 고치는 중…',
  offline: (time) => `오프라인 — 다시 연결 중 (${time})`,
  offlineNoProfile: '다시 연결되면 프로필이 표시됩니다.',
  memoryPersistence: '이 기기에 보안 저장소(키체인)가 없어 이번 실행 동안만 로그인이 유지됩니다.',
  memoryPersistenceDetail: '다음에 앱을 열면 다시 로그인해야 합니다.',
  statusSignedOut: '로그아웃 상태입니다.',
  statusSignedIn: (name) => `${name}(으)로 로그인됨`,
  loadFailed: '로그인 상태를 불러오지 못했습니다. 앱을 다시 시작하세요.',
  bridgeMissingTitle: '앱에서 열어 주세요',
  bridgeMissingBody: '이 화면은 Kakao Desktop 앱 안에서만 동작합니다.',
  problems: {
    cancelled: '로그인이 취소되었습니다.',
    timeout: '로그인 시간이 초과되었습니다. 다시 시도하세요.',
    state_mismatch: '보안 확인에 실패해 로그인을 중단했습니다. 다시 시도하세요.',
    kakao_error: '카카오에서 로그인을 완료하지 못했습니다. 잠시 후 다시 시도하세요.',
    network: '서버에 연결할 수 없습니다. 인터넷 연결을 확인하세요.',
    backend_unavailable: '서비스를 잠시 사용할 수 없습니다. 잠시 후 다시 시도하세요.',
    session_invalid: '로그인이 만료되었습니다. 다시 로그인하세요.',
    backend_rejected: '서버가 요청을 거부했습니다. 다시 로그인하세요.',
    keychain_unavailable: '보안 저장소(키체인)를 사용할 수 없습니다.',
    system_browser_unavailable:
      '웹 브라우저에서 로그인을 시작하지 못했습니다. 다른 프로그램이 포트를 쓰고 있거나 브라우저를 열 수 없습니다. 다시 시도하세요.',
    invalid_argument: '앱이 잘못된 요청을 보냈습니다. 다시 시도하세요.',
    internal: '예기치 않은 오류가 발생했습니다. 다시 시도하세요.',
  },
};

const en: Messages = {
  languageName: 'English',
  languageSwitchLabel: 'Language',
  starting: 'Starting…',
  signInTitle: 'Sign in',
  signInSubtitle: 'Use your Kakao account to sign in to Kakao Desktop.',
  kakaoLogin: 'Login with Kakao',
  signInNote: "You sign in on Kakao's own page. This app never sees your password.",
  useAnotherKakaoAccount: 'Use a different Kakao account',
  staySignedInToKakao: 'Stay signed in to Kakao on this computer',
  staySignedInToKakaoHint:
    "The sign-in window keeps your Kakao cookie, so next time you can skip Kakao's login form.",
  preferenceSaveFailed: "Couldn't save this setting. Please try again.",
  continueInKakaoWindow: 'Continue in the Kakao window',
  signedInWithKakao: 'Signed in with Kakao',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  noEmail: 'No email',
  unknownUser: 'Kakao user',
  refreshing: 'Refreshing session…',
  offline: (time) => `Offline — reconnecting at ${time}`,
  offlineNoProfile: 'Your profile will appear once you are back online.',
  memoryPersistence: "No OS keychain: you'll stay signed in for this run only.",
  memoryPersistenceDetail: "Next time you open the app, you'll need to sign in again.",
  statusSignedOut: 'Signed out.',
  statusSignedIn: (name) => `Signed in as ${name}`,
  loadFailed: "Couldn't load the sign-in state. Please restart the app.",
  bridgeMissingTitle: 'Open this in the app',
  bridgeMissingBody: 'This screen only works inside the Kakao Desktop app.',
  problems: {
    cancelled: 'Sign-in was cancelled.',
    timeout: 'Sign-in took too long. Please try again.',
    state_mismatch: 'Sign-in was stopped because a security check failed. Please try again.',
    kakao_error: 'Kakao could not complete the sign-in. Please try again later.',
    network: "Can't reach the server. Check your internet connection.",
    backend_unavailable: 'The service is temporarily unavailable. Please try again shortly.',
    session_invalid: 'Your session has ended. Please sign in again.',
    backend_rejected: 'The server refused the request. Please sign in again.',
    keychain_unavailable: 'The OS keychain is not available.',
    system_browser_unavailable:
      "Sign-in in your web browser couldn't start: another program may be using its port, or no browser could be opened. Please try again.",
    invalid_argument: 'The app made an invalid request. Please try again.',
    internal: 'Something went wrong. Please try again.',
  },
};

export const MESSAGES: Record<Language, Messages> = { ko, en };
