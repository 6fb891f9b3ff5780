import type { DesktopErrorCode } from '@kakao-desktop/contract/errors';
import type { ProblemDetail } from '@kakao-desktop/contract/session-state';

export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The problems main narrows with a detail that get their own words (`code:detail`); any other pair shows the
 * code's text. Listed once, so both languages must word every one.
 */
export type DetailedProblem = Extract<
  | `kakao_error:${'consent_required' | 'login_required' | 'server_error' | 'other-kakao-account'}`
  | 'network:kakao-unreachable'
  | 'backend_unavailable:kakao-unavailable'
  | `system_browser_unavailable:${'port-in-use' | 'listen-failed' | 'open-failed'}`
  | `session_invalid:${'key_mismatch' | 'reused' | 'revoked' | 'expired' | 'user_deleted' | 'kakao_unlinked'}`
  | 'invalid_argument:current-device',
  `${DesktopErrorCode}:${ProblemDetail}`
>;

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
  /** System-browser sign-in (RFC 8252): Kakao's page is in the user's default browser. */
  continueInBrowser: string;
  continueInBrowserDetail: string;
  memberSince: (date: string) => string;
  shareEmail: string;
  sharingEmail: string;
  switchAccount: string;
  switchingAccount: string;
  devicesTitle: string;
  devicesLoading: string;
  devicesLoadFailed: string;
  devicesOffline: string;
  retry: string;
  thisDevice: string;
  unknownDevice: string;
  deviceSignedInAt: (date: string) => string;
  deviceLastUsedAt: (date: string) => string;
  signOutDevice: string;
  /** Accessible name of a device's sign-out button (the visible label alone would be ambiguous). */
  signOutDeviceNamed: (device: string) => string;
  signingOutDevice: string;
  signOutDeviceFailed: (reason: string) => string;
  deleteAccount: string;
  deleteAccountHint: string;
  deleteDialogTitle: string;
  deleteDialogBody: string;
  deleteDialogData: string;
  deleteDialogKakao: string;
  deleteDialogDevices: string;
  deleteConfirm: string;
  deleting: string;
  cancel: string;
  deleteFailed: (reason: string) => string;
  accountDeleted: string;
  bridgeMissingTitle: string;
  bridgeMissingBody: string;
  problems: Record<DesktopErrorCode, string>;
  problemDetails: Record<DetailedProblem, string>;
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
  continueInBrowser: '브라우저에서 로그인을 계속하세요',
  continueInBrowserDetail: '기본 브라우저에 카카오 로그인 페이지가 열렸습니다.',
  memberSince: (date) => `가입일 ${date}`,
  shareEmail: '내 이메일 공유하기',
  sharingEmail: '카카오 창에서 동의를 기다리는 중…',
  switchAccount: '계정 전환',
  switchingAccount: '계정 전환 중…',
  devicesTitle: '로그인된 기기',
  devicesLoading: '기기 목록을 불러오는 중…',
  devicesLoadFailed: '기기 목록을 불러오지 못했습니다.',
  devicesOffline: '다시 연결되면 로그인된 기기와 계정 설정이 표시됩니다.',
  retry: '다시 시도',
  thisDevice: '이 기기',
  unknownDevice: '이름 없는 기기',
  deviceSignedInAt: (date) => `로그인: ${date}`,
  deviceLastUsedAt: (date) => `마지막 사용: ${date}`,
  signOutDevice: '로그아웃',
  signOutDeviceNamed: (device) => `${device}에서 로그아웃`,
  signingOutDevice: '로그아웃하는 중…',
  signOutDeviceFailed: (reason) => `기기를 로그아웃하지 못했습니다. ${reason}`,
  deleteAccount: '계정 삭제',
  deleteAccountHint: 'Kakao Desktop에 저장된 내 정보를 모두 지웁니다.',
  deleteDialogTitle: '계정을 삭제할까요?',
  deleteDialogBody: '삭제하면 되돌릴 수 없습니다.',
  deleteDialogData: 'Kakao Desktop 서버에 저장된 내 정보가 삭제됩니다.',
  deleteDialogKakao: '이 앱과 카카오계정의 연결이 끊어집니다. 카카오계정 자체는 그대로 남습니다.',
  deleteDialogDevices: '모든 기기에서 로그아웃됩니다.',
  deleteConfirm: '계정 삭제',
  deleting: '삭제하는 중…',
  cancel: '취소',
  deleteFailed: (reason) => `계정을 삭제하지 못했습니다. 아무것도 바뀌지 않았습니다. ${reason}`,
  accountDeleted: '계정이 삭제되었고 카카오계정과의 연결이 끊어졌습니다.',
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
  problemDetails: {
    'kakao_error:consent_required': '로그인하려면 카카오에서 동의가 필요합니다. 다시 시도하세요.',
    'kakao_error:login_required': '계속하려면 카카오에 로그인하세요.',
    'kakao_error:server_error': '카카오에 일시적인 문제가 있습니다. 다시 시도하세요.',
    'kakao_error:other-kakao-account':
      '다른 카카오계정으로 동의했습니다. 로그인한 카카오계정의 이메일을 공유하세요.',
    'network:kakao-unreachable': '카카오에 연결할 수 없습니다. 인터넷 연결을 확인하고 다시 시도하세요.',
    'backend_unavailable:kakao-unavailable': '카카오를 잠시 사용할 수 없습니다. 잠시 후 다시 시도하세요.',
    'system_browser_unavailable:port-in-use':
      '다른 프로그램이 브라우저가 돌아올 포트를 쓰고 있어 웹 브라우저 로그인을 마칠 수 없습니다. 그 프로그램을 닫거나 로그인 창으로 바꾼 뒤 다시 시도하세요.',
    'system_browser_unavailable:listen-failed':
      '웹 브라우저에서 로그인을 시작하지 못했습니다. 다시 시도하거나 로그인 창으로 바꾸세요.',
    'system_browser_unavailable:open-failed':
      '웹 브라우저를 열지 못했습니다. 다시 시도하거나 로그인 창으로 바꾸세요.',
    'session_invalid:key_mismatch':
      '이 로그인이 다른 컴퓨터에서 사용되어, 계정을 보호하기 위해 종료했습니다. 다시 로그인하세요.',
    'session_invalid:reused':
      '이미 바뀐 로그인 정보가 다시 사용되어, 계정을 보호하기 위해 종료했습니다. 다시 로그인하세요.',
    'session_invalid:revoked': '이 컴퓨터의 로그인이 다른 곳에서 종료되었습니다. 다시 로그인하세요.',
    'session_invalid:expired': '로그인 유효 기간이 지났습니다. 다시 로그인하세요.',
    'session_invalid:user_deleted': 'Kakao Desktop 계정이 삭제되었습니다. 새로 시작하려면 로그인하세요.',
    'session_invalid:kakao_unlinked':
      'Kakao Desktop과 카카오계정의 연결이 끊어졌습니다. 다시 연결하려면 로그인하세요.',
    'invalid_argument:current-device': '이 기기는 로그아웃 버튼으로 로그아웃하세요.',
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
  continueInBrowser: 'Continue in your browser',
  continueInBrowserDetail: "Kakao's sign-in page opened in your default browser.",
  memberSince: (date) => `Member since ${date}`,
  shareEmail: 'Share my email',
  sharingEmail: 'Waiting for your consent in the Kakao window…',
  switchAccount: 'Switch account',
  switchingAccount: 'Switching account…',
  devicesTitle: 'Signed-in devices',
  devicesLoading: 'Loading your devices…',
  devicesLoadFailed: "Couldn't load your devices.",
  devicesOffline: 'Your devices and account settings will appear once you are back online.',
  retry: 'Try again',
  thisDevice: 'This device',
  unknownDevice: 'Unnamed device',
  deviceSignedInAt: (date) => `Signed in ${date}`,
  deviceLastUsedAt: (date) => `Last used ${date}`,
  signOutDevice: 'Sign out',
  signOutDeviceNamed: (device) => `Sign out ${device}`,
  signingOutDevice: 'Signing out…',
  signOutDeviceFailed: (reason) => `Couldn't sign out that device. ${reason}`,
  deleteAccount: 'Delete account',
  deleteAccountHint: 'Erases everything Kakao Desktop keeps about you.',
  deleteDialogTitle: 'Delete your account?',
  deleteDialogBody: 'This cannot be undone.',
  deleteDialogData: 'Everything Kakao Desktop keeps about you on its server is deleted.',
  deleteDialogKakao: 'This app is disconnected from your Kakao account. Your Kakao account itself stays.',
  deleteDialogDevices: 'You are signed out on every device.',
  deleteConfirm: 'Delete account',
  deleting: 'Deleting…',
  cancel: 'Cancel',
  deleteFailed: (reason) => `Your account was not deleted; nothing changed. ${reason}`,
  accountDeleted: 'Your account was deleted and the app is disconnected from your Kakao account.',
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
  problemDetails: {
    'kakao_error:consent_required': 'Kakao needs your consent before you can sign in. Please try again.',
    'kakao_error:login_required': 'Please sign in to Kakao to continue.',
    'kakao_error:server_error': 'Kakao had a temporary problem. Please try again.',
    'kakao_error:other-kakao-account':
      'That was a different Kakao account. Share the email of the Kakao account you signed in with.',
    'network:kakao-unreachable': "Can't reach Kakao. Check your internet connection and try again.",
    'backend_unavailable:kakao-unavailable':
      'Kakao is temporarily unavailable. Please try again in a moment.',
    'system_browser_unavailable:port-in-use':
      'Another program is using the port the browser returns to, so sign-in in your web browser cannot finish. Close that program, or switch to the sign-in window, and try again.',
    'system_browser_unavailable:listen-failed':
      "Sign-in in your web browser couldn't start. Please try again, or switch to the sign-in window.",
    'system_browser_unavailable:open-failed':
      "Your web browser couldn't be opened. Please try again, or switch to the sign-in window.",
    'session_invalid:key_mismatch':
      'This sign-in was used from another computer, so it was ended to keep your account safe. Please sign in again.',
    'session_invalid:reused':
      'This sign-in was used again after it had been replaced, so it was ended to keep your account safe. Please sign in again.',
    'session_invalid:revoked': 'This computer was signed out from elsewhere. Please sign in again.',
    'session_invalid:expired': 'Your sign-in has expired. Please sign in again.',
    'session_invalid:user_deleted': 'Your Kakao Desktop account was deleted. Sign in to start again.',
    'session_invalid:kakao_unlinked':
      'Kakao Desktop was disconnected from your Kakao account. Sign in again to reconnect.',
    'invalid_argument:current-device': 'Use Sign out to sign this device out.',
  },
};

export const MESSAGES: Record<Language, Messages> = { ko, en };
