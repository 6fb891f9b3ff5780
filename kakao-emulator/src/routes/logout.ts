import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import { koePage } from '../pages/send';
import { param, withQuery } from '../params';
import { SESSION_COOKIE } from './authorize';

/** kauth GET /oauth/logout: ends the Kakao-account browser session; tokens stay valid. */
export function logoutRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get('/oauth/logout', async (request, reply) => {
    const page = (code: string, description: string) => koePage(reply, code, description);
    const clientId = param(request.query, 'client_id');
    const kakaoApp = clientId ? ctx.store.apps.get(clientId) : undefined;
    if (!kakaoApp) return page('KOE101', `Invalid client_id: ${clientId ?? '(missing)'}`);
    const target = param(request.query, 'logout_redirect_uri');
    if (!target || !(kakaoApp.logoutRedirectUris ?? []).includes(target)) {
      return page('KOE007', `Unregistered logout_redirect_uri: ${target ?? '(missing)'}`);
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) ctx.store.sessions.delete(sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply
      .code(302)
      .header('Location', withQuery(target, { state: param(request.query, 'state') }))
      .header('Content-Length', '0')
      .send();
  });
}
