import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import { chooserPage, signupPage } from '../pages/pages';
import { koePage, sendPage } from '../pages/send';
import { param, params, splitList } from '../params';
import { requiredScopes, splitTags } from '../scopes';
import { allowedScopes } from '../store';
import type { EmulatorApp } from '../types';
import { flowSteps } from './authorize-flow';
import { signupRoutes } from './authorize-signup';

export { SESSION_COOKIE } from './authorize-flow';

const KNOWN_PROMPTS = new Set(['login', 'none', 'select_account', 'create']);
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;

export function authorizeRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;
  const steps = flowSteps(ctx);
  const { redirectError, appName, currentSession, startSession, showLogin, proceed, issueCode, flowOrError } =
    steps;

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

    const termsParam = param(query, 'service_terms');
    const serviceTerms = termsParam === undefined ? undefined : splitTags(termsParam);
    const configuredTags = (kakaoApp.serviceTerms ?? []).map((term) => term.tag);
    const unknownTags = (serviceTerms ?? []).filter((tag) => !configuredTags.includes(tag));
    // Emulator choice: Kakao does not document the answer to a tag the app has not configured.
    if (unknownTags.length > 0)
      return koePage(reply, 'KOE001', `Service terms not set for this app: ${unknownTags.join(', ')}`);

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
      serviceTerms,
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
      const missing = steps.pending(flow, session.userId);
      if (missing.ask) return redirectError(reply, flow, 'consent_required', 'user consent required.');
      if (missing.scopes.length > 0) store.addConsent(flow.clientId, session.userId, missing.scopes);
      return issueCode(reply, flow, session.userId, session.authTime);
    }
    if (flow.prompts.includes('create'))
      return sendPage(reply, 200, signupPage({ flowId: flow.id, appName: appName(flow.clientId) }));
    if (!session || flow.prompts.includes('login')) return showLogin(reply, flow);
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
    const kakaoApp = store.apps.get(flow.clientId);
    const { scopes, terms } = steps.pending(flow, flow.userId);
    const required = kakaoApp ? requiredScopes(kakaoApp) : new Set<string>();
    const ticked = new Set(params(request.body, 'scope'));
    const isAgreed = (scope: string) => ticked.has(scope) || required.has(scope);
    store.addConsent(
      flow.clientId,
      flow.userId,
      scopes.filter(isAgreed),
      scopes.filter((scope) => !isAgreed(scope)),
    );
    const tickedTerms = new Set(params(request.body, 'term'));
    const requiredTags = (kakaoApp?.serviceTerms ?? []).filter((t) => t.required).map((t) => t.tag);
    const agreedTerms = terms.filter((tag) => tickedTerms.has(tag) || requiredTags.includes(tag));
    const consent = store.getConsent(flow.clientId, flow.userId)!;
    for (const tag of agreedTerms) consent.terms.set(tag, store.now());
    // synched_at: the first Kakao Sync sign-up (terms agreed on the consent page).
    if (agreedTerms.length > 0 && consent.synchedAt === undefined) consent.synchedAt = store.now();
    return issueCode(reply, flow, flow.userId, flow.authTime);
  });

  signupRoutes(app, ctx, steps);
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
