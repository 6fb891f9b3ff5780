import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import { consentPage, loginPage } from '../pages/pages';
import { koePage, sendPage } from '../pages/send';
import { param, withQuery } from '../params';
import { requiredScopes } from '../scopes';
import type { AuthorizeFlow, KakaoSession } from '../store-types';

/** The Kakao-account browser session; a name no client on 127.0.0.1 will use. */
export const SESSION_COOKIE = '__kakao_emulator_session';

/** The steps every authorize page shares: sessions, login page, consent (items + service terms), code. */
export function flowSteps(ctx: EmulatorContext) {
  const { store } = ctx;

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
      }),
    );
  }

  /**
   * Service terms to ask for: the tags named in `service_terms`, else the required ones not agreed yet and, on
   * the first sign-up, every configured term (Kakao Sync's sign-up screen).
   */
  function missingTerms(flow: AuthorizeFlow, userId: number): string[] {
    const terms = store.apps.get(flow.clientId)?.serviceTerms ?? [];
    const consent = store.getConsent(flow.clientId, userId);
    const open = terms.filter((term) => !consent?.terms.has(term.tag));
    if (flow.serviceTerms)
      return open.filter((term) => flow.serviceTerms!.includes(term.tag)).map((t) => t.tag);
    return open.filter((term) => term.required || !consent).map((term) => term.tag);
  }

  /** Consent items and service terms still to ask for (openid is never shown to the user). */
  function pending(flow: AuthorizeFlow, userId: number) {
    const scopes = store.missingConsent(flow.clientId, userId, flow.scopes, flow.explicitScopes);
    const terms = missingTerms(flow, userId);
    const ask = scopes.some((scope) => scope !== 'openid') || terms.length > 0;
    return { scopes, terms, ask };
  }

  /** The user is known: ask for missing consent, or hand out the code. */
  function proceed(reply: FastifyReply, flow: AuthorizeFlow, session: KakaoSession): FastifyReply {
    const kakaoApp = store.apps.get(flow.clientId);
    const members = kakaoApp?.teamMemberIds;
    if (members && !members.includes(session.userId)) {
      store.flows.delete(flow.id);
      return koePage(reply, 'KOE005', `Kakao user ${session.userId} is not a team member of this test app`);
    }
    const { scopes, terms, ask } = pending(flow, session.userId);
    if (ask && kakaoApp) {
      flow.userId = session.userId;
      flow.authTime = session.authTime;
      const account = store.accounts.get(session.userId)!;
      const required = requiredScopes(kakaoApp);
      return sendPage(
        reply,
        200,
        consentPage({
          flowId: flow.id,
          appName: appName(flow.clientId),
          account,
          scopes,
          required: scopes.filter((scope) => required.has(scope)),
          terms: (kakaoApp.serviceTerms ?? []).filter((term) => terms.includes(term.tag)),
        }),
      );
    }
    // openid alone is not a user-facing consent item.
    if (scopes.length > 0) store.addConsent(flow.clientId, session.userId, scopes);
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

  return {
    redirect,
    redirectError,
    appName,
    currentSession,
    startSession,
    showLogin,
    pending,
    proceed,
    issueCode,
    flowOrError,
  };
}
