import { randomBytes } from 'node:crypto';
import { DEFAULT_ALLOWED_SCOPES } from './config';
import type {
  AccessToken,
  AuthorizationCode,
  AuthorizeFlow,
  Consent,
  Grant,
  KakaoSession,
  RefreshToken,
} from './store-types';
import type { EmulatorAccount, EmulatorApp, EmulatorConfig, EmulatorLifetimes } from './types';

export type * from './store-types';

/** Milliseconds since the epoch; the store never reads Date.now() itself. */
export type Clock = () => number;

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The consent items the app may ask for; OIDC apps may always ask for `openid`. */
export function allowedScopes(app: EmulatorApp): string[] {
  const scopes = app.allowedScopes ?? DEFAULT_ALLOWED_SCOPES;
  return app.oidc !== false && !scopes.includes('openid') ? [...scopes, 'openid'] : scopes;
}

const FLOW_TTL_MS = 30 * 60 * 1000;
/** A long-running emulator drops expired entries once a map grows past this. */
const SWEEP_THRESHOLD = 5000;

function sweep<T extends { expiresAt: number }>(map: Map<string, T>, now: number): void {
  if (map.size < SWEEP_THRESHOLD) return;
  for (const [key, value] of map) if (value.expiresAt <= now) map.delete(key);
}

/** In-memory state of the emulated Kakao: configuration plus everything issued. */
export class Store {
  apps = new Map<string, EmulatorApp>();
  accounts = new Map<number, EmulatorAccount>();
  flows = new Map<string, AuthorizeFlow>();
  sessions = new Map<string, KakaoSession>();
  codes = new Map<string, AuthorizationCode>();
  grants = new Map<string, Grant>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  consents = new Map<string, Consent>();
  private offsetMs = 0;

  constructor(
    private readonly config: EmulatorConfig,
    private readonly clock: Clock = Date.now,
  ) {
    this.reset();
  }

  get lifetimes(): EmulatorLifetimes {
    return this.config.lifetimes;
  }

  /** Emulator time in ms (the real clock plus the control-API offset). */
  now(): number {
    return this.clock() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.apps = new Map(structuredClone(this.config.apps).map((app) => [app.clientId, app]));
    this.accounts = new Map(structuredClone(this.config.accounts).map((account) => [account.id, account]));
    for (const map of [
      this.flows,
      this.sessions,
      this.codes,
      this.grants,
      this.accessTokens,
      this.refreshTokens,
    ]) {
      map.clear();
    }
    this.consents.clear();
    this.offsetMs = 0;
  }

  // --- Authorize flows and Kakao sessions ---

  createFlow(flow: Omit<AuthorizeFlow, 'id' | 'expiresAt'>): AuthorizeFlow {
    sweep(this.flows, this.now());
    const created = { ...flow, id: randomToken(18), expiresAt: this.now() + FLOW_TTL_MS };
    this.flows.set(created.id, created);
    return created;
  }

  getFlow(id: string | undefined): AuthorizeFlow | undefined {
    const flow = id ? this.flows.get(id) : undefined;
    return flow && flow.expiresAt > this.now() ? flow : undefined;
  }

  createSession(userId: number): KakaoSession {
    sweep(this.sessions, this.now());
    const session = {
      id: randomToken(),
      userId,
      authTime: this.nowSeconds(),
      expiresAt: this.now() + this.lifetimes.session * 1000,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  getSession(id: string | undefined): KakaoSession | undefined {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session || session.expiresAt <= this.now() || !this.accounts.has(session.userId)) return undefined;
    return session;
  }

  // --- Consent ---

  consentKey(clientId: string, userId: number): string {
    return `${clientId}\u0000${userId}`;
  }

  getConsent(clientId: string, userId: number): Consent | undefined {
    return this.consents.get(this.consentKey(clientId, userId));
  }

  /**
   * Scopes of `requested` to ask the user for: not agreed yet, and (unless asked for explicitly
   * through `scope`) not declined before.
   */
  missingConsent(clientId: string, userId: number, requested: string[], explicit = true): string[] {
    const consent = this.getConsent(clientId, userId);
    return requested.filter(
      (scope) => !consent?.scopes.has(scope) && (explicit || !consent?.declined.has(scope)),
    );
  }

  addConsent(clientId: string, userId: number, agreed: string[], declined: string[] = []): Consent {
    const key = this.consentKey(clientId, userId);
    const consent = this.consents.get(key) ?? {
      scopes: new Set<string>(),
      declined: new Set<string>(),
      connectedAt: this.now(),
      signedUp: this.apps.get(clientId)?.autoLink !== false,
      properties: {},
      terms: new Map<string, number>(),
    };
    for (const scope of agreed) {
      consent.scopes.add(scope);
      consent.declined.delete(scope);
    }
    for (const scope of declined) consent.declined.add(scope);
    this.consents.set(key, consent);
    return consent;
  }

  // --- Codes and tokens ---

  issueCode(code: Omit<AuthorizationCode, 'expiresAt'>): string {
    sweep(this.codes, this.now());
    const value = randomToken(40);
    this.codes.set(value, { ...code, expiresAt: this.now() + this.lifetimes.code * 1000 });
    return value;
  }

  createGrant(grant: Omit<Grant, 'id' | 'revoked'>): Grant {
    const created = { ...grant, id: randomToken(12), revoked: false };
    this.grants.set(created.id, created);
    return created;
  }

  issueAccessToken(grantId: string): { token: string; expiresAt: number } {
    sweep(this.accessTokens, this.now());
    const token = randomToken();
    const expiresAt = this.now() + this.lifetimes.accessToken * 1000;
    this.accessTokens.set(token, { grantId, expiresAt });
    return { token, expiresAt };
  }

  issueRefreshToken(grantId: string): { token: string; expiresAt: number } {
    sweep(this.refreshTokens, this.now());
    const token = randomToken();
    const expiresAt = this.now() + this.lifetimes.refreshToken * 1000;
    this.refreshTokens.set(token, { grantId, expiresAt });
    return { token, expiresAt };
  }

  /** A live access token with its grant, or why it is not live. */
  findAccessToken(
    token: string | undefined,
  ): { kind: 'ok'; access: AccessToken; grant: Grant } | { kind: 'missing' | 'expired' } {
    const access = token ? this.accessTokens.get(token) : undefined;
    const grant = access ? this.grants.get(access.grantId) : undefined;
    if (!access || !grant || grant.revoked) return { kind: 'missing' };
    if (access.expiresAt <= this.now()) return { kind: 'expired' };
    return { kind: 'ok', access, grant };
  }

  findRefreshToken(token: string): { refresh: RefreshToken; grant: Grant } | undefined {
    const refresh = this.refreshTokens.get(token);
    const grant = refresh ? this.grants.get(refresh.grantId) : undefined;
    if (!refresh || !grant || grant.revoked || refresh.expiresAt <= this.now()) return undefined;
    return { refresh, grant };
  }

  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
  }

  /** Revokes every grant of the user for the app (logout with admin key, unlink). */
  revokeUser(clientId: string, userId: number): void {
    for (const grant of this.grants.values()) {
      if (grant.clientId === clientId && grant.userId === userId) grant.revoked = true;
    }
  }

  unlink(clientId: string, userId: number): void {
    this.revokeUser(clientId, userId);
    this.consents.delete(this.consentKey(clientId, userId));
  }

  appByAdminKey(adminKey: string): EmulatorApp | undefined {
    for (const app of this.apps.values()) if (app.adminKey && app.adminKey === adminKey) return app;
    return undefined;
  }
}
