import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import { chooserPage, consentPage, loginPage } from '../pages/pages';
import { koePage, sendPage } from '../pages/send';
import { param, params, splitList, withQuery } from '../params';
import { type AuthorizeFlow, allowedScopes, type KakaoSession } from '../store';
import type { EmulatorApp } from '../types';

/** The Kakao-account browser session; a name no client on 127.0.0.1 will use. */
export const SESSION_COOKIE = '__kakao_emulator_session';

const KNOWN_PROMPTS = new Set(['login', 'none', 'select_account', 'create']);
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;
/** Items a user cannot untick on the consent page. */
const REQUIRED_SCOPES = new Set(['profile_nickname']);

export function authorizeRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;

  // --- Helpers ---

  function redirect(reply: FastifyReply, location: string): FastifyReply {
    return reply.code(302).header('Location', location).header('Content-Length', '0').send();
  }

  function redirectError(
    reply: FastifyReply,
    flow: Pick<AuthorizeFlow, 'redirectUri' | 'state'>,
    error: string,
    description: string,
  ) {
    return redirect(
      reply,
      withQuery(flow.redirectUri, { error, error_description: description, state: flow.state }),
    );
  }

  function appName(clientId: string): string {
    const found = store.apps.get(clientId);
    return found?.name ?? found?.clientId ?? clientId;
  }

  function currentSession(request: FastifyRequest): KakaoSession | undefined {
    return store.getSession(request.cookies[SESSION_COOKIE]);
  }

  function startSession(reply: FastifyReply, userId: number): KakaoSession {
    const session = store.createSession(userId);
    reply.setCookie(SESSION_COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: store.lifetimes.session,
    });
    return session;
  }

  function showLogin(
    reply: FastifyReply,
    flow: AuthorizeFlow,
    extra: { email?: string; error?: string } = {},
  ) {
    return sendPage(
      reply,
      200,
      loginPage({
        flowId: flow.id,
        appName: appName(flow.clientId),
        accounts: [...store.accounts.values()],
        email: extra.email ?? flow.loginHint,
        error: extra.error,
        signUp: flow.prompts.includes('create'),
      }),
    );
  }

  /** The user is known: ask for missing consent, or hand out the code. */
  function proceed(reply: FastifyReply, flow: AuthorizeFlow, session: KakaoSession): FastifyReply {
    const members = store.apps.get(flow.clientId)?.teamMemberIds;
    if (members && !members.includes(session.userId)) {
      store.flows.delete(flow.id);
      return koePage(reply, 'KOE005', `Kakao user ${session.userId} is not a team member of this test app`);
    }
    const missing = store.missingConsent(flow.clientId, session.userId, flow.scopes, flow.explicitScopes);
    const toAsk = missing.filter((scope) => scope !== 'openid');
    if (toAsk.length > 0) {
      flow.userId = session.userId;
      flow.authTime = session.authTime;
      const account = store.accounts.get(session.userId)!;
      return sendPage(
        reply,
        200,
        consentPage({ flowId: flow.id, appName: appName(flow.clientId), account, scopes: missing }),
      );
    }
    // openid alone is not a user-facing consent item.
    if (missing.length > 0) store.addConsent(flow.clientId, session.userId, missing);
    return issueCode(reply, flow, session.userId, session.authTime);
  }

  function issueCode(
    reply: FastifyReply,
    flow: AuthorizeFlow,
    userId: number,
    authTime: number,
  ): FastifyReply {
    const consent = store.getConsent(flow.clientId, userId);
    const code = store.issueCode({
      clientId: flow.clientId,
      redirectUri: flow.redirectUri,
      userId,
      scopes: flow.scopes.filter((scope) => consent?.scopes.has(scope)),
      nonce: flow.nonce,
      codeChallenge: flow.codeChallenge,
      authTime,
    });
    store.flows.delete(flow.id);
    return redirect(reply, withQuery(flow.redirectUri, { code, state: flow.state }));
  }

  function flowOrError(request: FastifyRequest, reply: FastifyReply): AuthorizeFlow | undefined {
    const flow = store.getFlow(param(request.body, 'flow'));
    if (!flow) {
      koePage(
        reply,
        'KOE001',
        '로그인 요청이 만료되었거나 올바르지 않습니다 · This login request expired or is invalid. Start again from the app.',
      );
    }
    return flow;
  }

  // --- GET /oauth/authorize ---

  app.get('/oauth/authorize', async (request, reply) => {
    const query = request.query;
    const clientId = param(query, 'client_id');
    const kakaoApp = clientId ? store.apps.get(clientId) : undefined;
    if (!kakaoApp) return koePage(reply, 'KOE101', `Invalid client_id: ${clientId ?? '(missing)'}`);
    if (kakaoApp.loginEnabled === false) return koePage(reply, 'KOE004');

    const redirectUri = param(query, 'redirect_uri');
    if (!redirectUri || !kakaoApp.redirectUris.includes(redirectUri)) {
      return koePage(reply, 'KOE006', `Unregistered redirect_uri: ${redirectUri ?? '(missing)'}`);
    }

    const responseType = param(query, 'response_type');
    if (responseType === 'token') return koePage(reply, 'KOE202');
    if (responseType !== 'code')
      return koePage(reply, 'KOE201', `Unsupported response_type: ${responseType ?? '(missing)'}`);

    const scopeParam = splitList(param(query, 'scope'));
    const scopes = requestedScopes(kakaoApp, scopeParam);
    const notAllowed = scopes.filter((scope) => !allowedScopes(kakaoApp).includes(scope));
    if (notAllowed.length > 0)
      return koePage(reply, 'KOE205', `Consent items not set for this app: ${notAllowed.join(', ')}`);

    const state = param(query, 'state');
    const codeChallenge = param(query, 'code_challenge');
    const challengeMethod = param(query, 'code_challenge_method');
    if (codeChallenge !== undefined || challengeMethod !== undefined) {
      // Discovery advertises S256 only; a missing method means `plain` (RFC 7636 §4.3). Rejection is unconfirmed.
      if (challengeMethod !== 'S256') {
        return redirectError(
          reply,
          { redirectUri, state },
          'invalid_request',
          'code_challenge_method must be S256',
        );
      }
      if (!codeChallenge || !PKCE_CHALLENGE.test(codeChallenge)) {
        return redirectError(reply, { redirectUri, state }, 'invalid_request', 'invalid code_challenge');
      }
    }

    const flow = store.createFlow({
      clientId: kakaoApp.clientId,
      redirectUri,
      scopes,
      explicitScopes: scopeParam.length > 0,
      state,
      nonce: param(query, 'nonce'),
      codeChallenge,
      loginHint: param(query, 'login_hint'),
      prompts: splitList(param(query, 'prompt')).filter((prompt) => KNOWN_PROMPTS.has(prompt)),
    });
    const session = currentSession(request);

    if (flow.prompts.includes('none')) {
      store.flows.delete(flow.id);
      if (!session) {
        return redirectError(
          reply,
          flow,
          kakaoApp.promptNoneWithoutSession ?? 'login_required',
          'user authentication required.',
        );
      }
      const missing = store.missingConsent(flow.clientId, session.userId, flow.scopes, flow.explicitScopes);
      if (missing.some((scope) => scope !== 'openid')) {
        return redirectError(reply, flow, 'consent_required', 'user consent required.');
      }
      if (missing.length > 0) store.addConsent(flow.clientId, session.userId, missing);
      return issueCode(reply, flow, session.userId, session.authTime);
    }
    if (!session || flow.prompts.includes('login') || flow.prompts.includes('create'))
      return showLogin(reply, flow);
    if (flow.prompts.includes('select_account')) {
      const account = store.accounts.get(session.userId)!;
      return sendPage(reply, 200, chooserPage({ flowId: flow.id, appName: appName(flow.clientId), account }));
    }
    return proceed(reply, flow, session);
  });

  // --- Page forms (POST, CSRF-protected by the unguessable per-flow id) ---

  app.post('/oauth/authorize/login', async (request, reply) => {
    const flow = flowOrError(request, reply);
    if (!flow) return reply;
    const accountId = param(request.body, 'account_id');
    const email = param(request.body, 'email');
    let account = accountId ? store.accounts.get(Number(accountId)) : undefined;
    if (!accountId) {
      const password = param(request.body, 'password') ?? '';
      const candidate = [...store.accounts.values()].find(
        (item) => item.email !== undefined && item.email.toLowerCase() === (email ?? '').trim().toLowerCase(),
      );
      if (candidate && (candidate.password ?? 'password') === password) account = candidate;
    }
    if (!account) {
      return showLogin(reply, flow, {
        email,
        error: '카카오계정 또는 비밀번호가 올바르지 않습니다. · Wrong Kakao Account or password.',
      });
    }
    return proceed(reply, flow, startSession(reply, account.id));
  });

  app.post('/oauth/authorize/select', async (request, reply) => {
    const flow = flowOrError(request, reply);
    if (!flow) return reply;
    const session = currentSession(request);
    const accountId = param(request.body, 'account_id');
    if (!session || accountId !== String(session.userId)) return showLogin(reply, flow);
    return proceed(reply, flow, session);
  });

  app.post('/oauth/authorize/consent', async (request, reply) => {
    const flow = flowOrError(request, reply);
    if (!flow) return reply;
    if (flow.userId === undefined || flow.authTime === undefined || !store.accounts.has(flow.userId))
      return showLogin(reply, flow);
    if (param(request.body, 'action') !== 'agree') {
      store.flows.delete(flow.id);
      return redirectError(reply, flow, 'access_denied', 'User denied access');
    }
    const pending = store.missingConsent(flow.clientId, flow.userId, flow.scopes, flow.explicitScopes);
    const ticked = new Set(params(request.body, 'scope'));
    const isAgreed = (scope: string) => ticked.has(scope) || REQUIRED_SCOPES.has(scope) || scope === 'openid';
    store.addConsent(
      flow.clientId,
      flow.userId,
      pending.filter(isAgreed),
      pending.filter((scope) => !isAgreed(scope)),
    );
    return issueCode(reply, flow, flow.userId, flow.authTime);
  });
}

/**
 * Empty `scope` (allauth, next-auth) asks for every configured item and, on OIDC apps, `openid` (→ id_token).
 * A `scope` list is taken as given: Kakao issues an id_token for it only when it names `openid`
 * (REST API reference, "Request additional consent").
 */
function requestedScopes(app: EmulatorApp, requested: string[]): string[] {
  if (requested.length > 0) return requested;
  const oidc = app.oidc !== false;
  const base = allowedScopes(app).filter((scope) => oidc || scope !== 'openid');
  return oidc && !base.includes('openid') ? [...base, 'openid'] : base;
}
