/** The records the emulator's store keeps (see store.ts). */

/** A login in progress in one browser: its id is the CSRF token of every page form. */
export interface AuthorizeFlow {
  id: string;
  clientId: string;
  redirectUri: string;
  /** Requested consent items (empty request = every item the app has configured). */
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  loginHint?: string;
  /** `service_terms`: the tags to ask for (undefined = the app's default terms step). */
  serviceTerms?: string[];
  /** `scope` was given: declined items are asked again (additional consent). */
  explicitScopes: boolean;
  prompts: string[];
  expiresAt: number;
  /** Set once the user is known (consent page shown). */
  userId?: number;
  authTime?: number;
}

export interface KakaoSession {
  id: string;
  userId: number;
  /** Unix seconds. */
  authTime: number;
  expiresAt: number;
}

export interface AuthorizationCode {
  clientId: string;
  /** The authorize-time redirect_uri, compared at the token endpoint (KOE303). */
  redirectUri: string;
  userId: number;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  expiresAt: number;
  /** Set on first exchange; a second exchange revokes this grant (RFC 6749 §4.1.2). */
  usedBy?: string;
}

/** Everything issued from one authorization code: revoked together. */
export interface Grant {
  id: string;
  clientId: string;
  userId: number;
  oidc: boolean;
  authTime: number;
  revoked: boolean;
}

export interface AccessToken {
  grantId: string;
  expiresAt: number;
}

export interface RefreshToken {
  grantId: string;
  expiresAt: number;
}

export interface Consent {
  scopes: Set<string>;
  /** Optional items the user unticked: not asked again unless requested explicitly. */
  declined: Set<string>;
  /** First link time (ms), `connected_at`. */
  connectedAt: number;
  /** Linked to the app: at once with auto-link, else by `POST /v1/user/signup` (`has_signed_up`). */
  signedUp: boolean;
  /** Custom app properties (`update_profile`, `signup`). */
  properties: Record<string, string>;
  /** Agreed service terms: tag → agreement time (ms). */
  terms: Map<string, number>;
  /** First Kakao Sync sign-up (ms), `synched_at`: set when the user first agrees to the app's terms. */
  synchedAt?: number;
}
