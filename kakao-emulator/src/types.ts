/** A Kakao developer app as configured in the Kakao console. */
export interface EmulatorApp {
  /** REST API key. */
  clientId: string;
  /** When set, the client-secret feature is ON (KOE010 without it). */
  clientSecret?: string;
  /** `access_token_info.app_id`. */
  appId: number;
  /** `Authorization: KakaoAK <adminKey>`. */
  adminKey?: string;
  /** Shown on the consent page. */
  name?: string;
  /** Exact match. */
  redirectUris: string[];
  logoutRedirectUris?: string[];
  /** Consent items configured for the app; default: profile_nickname, profile_image, openid. */
  allowedScopes?: string[];
  /** OIDC on: id_token on every login (default true). */
  oidc?: boolean;
  /** Kakao calls it on unlink (POST form: app_id, user_id, referrer_type; header Authorization: KakaoAK <adminKey>). */
  unlinkCallbackUrl?: string;
  /** Consent items set as required in the console: cannot be unticked or revoked (default: profile_nickname). */
  requiredScopes?: string[];
  /** Auto-link (automatic connection) on; off = users are linked by `POST /v1/user/signup` (default true). */
  autoLink?: boolean;
  /** Custom user property keys registered for the app, set through `update_profile` / `signup`. */
  userProperties?: string[];
  /** The app holds the permission for `for_partner.uuid` in `/v2/user/me`. */
  partnerUuid?: boolean;
  /** Kakao Sync service terms: asked on the consent page, read and revoked through `/v2/user/service_terms`. */
  serviceTerms?: ServiceTerm[];
  // --- Emulator switches for behaviour Kakao does not document (our choices, marked as such in the README) ---
  /** Token request without `redirect_uri` is rejected with KOE303 (default false: python-social-auth omits it). */
  requireTokenRedirectUri?: boolean;
  /** A `client_secret` sent while the app has none gives KOE010 (default false: passport-kakao sends one). */
  rejectSecretWhenDisabled?: boolean;
  /** Kakao Login switched off in the console: authorize shows KOE004 (default true). */
  loginEnabled?: boolean;
  /** Test app: only these Kakao user ids may log in, others get KOE005 (default: everyone). */
  teamMemberIds?: number[];
  /** `error` redirected for `prompt=none` without a Kakao session (default `login_required`). */
  promptNoneWithoutSession?: string;
}

/** One service term of a Kakao Sync app (Kakao console: [Simple Signup] > service terms). */
export interface ServiceTerm {
  tag: string;
  /** Required terms cannot be unticked or revoked. */
  required: boolean;
}

/** A Kakao account that can sign in to the emulator. */
export interface EmulatorAccount {
  /** Kakao user id. */
  id: number;
  /** Absent = account without email. */
  email?: string;
  /** For the email + password form (default 'password'). */
  password?: string;
  nickname: string;
  profileImageUrl?: string;
  thumbnailImageUrl?: string;
  /** Default true. */
  isEmailVerified?: boolean;
  /** Default true. */
  isEmailValid?: boolean;
  name?: string;
  /** Kakao's `~` style, e.g. "20~29". */
  ageRange?: string;
  gender?: 'female' | 'male';
  /** "YYYY". */
  birthyear?: string;
  /** "MMDD". */
  birthday?: string;
  /** "+82 10-1234-5678". */
  phoneNumber?: string;
  /** Connecting information (`account_ci` consent item). */
  ci?: string;
  /** RFC 3339 time of the CI check. */
  ciAuthenticatedAt?: string;
  /** The nickname is Kakao's generated default (`profile.is_default_nickname`), default false. */
  isDefaultNickname?: boolean;
}

/** Lifetimes in seconds. */
export interface EmulatorLifetimes {
  /** Authorization code, default 600. */
  code: number;
  /** Default 21599. */
  accessToken: number;
  /** Default 5183999. */
  refreshToken: number;
  /** Kakao-account browser session, default 86400. */
  session: number;
}

export interface EmulatorConfig {
  apps: EmulatorApp[];
  accounts: EmulatorAccount[];
  lifetimes: EmulatorLifetimes;
}

export interface EmulatorOptions {
  /** 0 = random free port. Default 9010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Replace the default apps when given. */
  apps?: EmulatorApp[];
  /** Replace the default accounts when given. */
  accounts?: EmulatorAccount[];
  /** Override per field. */
  lifetimes?: Partial<EmulatorLifetimes>;
  /** Called once per answered request (method, path, status) — never with tokens. */
  onRequest?: (line: string) => void;
}
