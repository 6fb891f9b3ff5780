import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../context';
import { KAUTH_CONTENT_TYPE, sendKoe } from '../errors';
import { param } from '../params';
import { idTokenProfileClaims } from '../profile';
import type { Grant } from '../store';
import type { EmulatorApp } from '../types';

/** A refresh token with less than this left is rotated on refresh (Kakao REST API reference, "Refresh tokens"). */
const ROTATE_WITHIN_MS = 30 * 24 * 60 * 60 * 1000;

export function tokenRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;

  async function idToken(grant: Grant, expiresAt: number, nonce?: string): Promise<string> {
    const account = store.accounts.get(grant.userId);
    const agreed = store.getConsent(grant.clientId, grant.userId)?.scopes ?? new Set<string>();
    return ctx.keys.sign({
      iss: ctx.publicUrl(),
      aud: grant.clientId,
      sub: String(grant.userId),
      iat: store.nowSeconds(),
      exp: Math.floor(expiresAt / 1000),
      auth_time: grant.authTime,
      ...(nonce !== undefined ? { nonce } : {}),
      ...(account ? idTokenProfileClaims(account, agreed) : {}),
    });
  }

  function grantedScope(grant: Grant): string {
    const agreed = store.getConsent(grant.clientId, grant.userId)?.scopes ?? new Set<string>();
    return [...agreed].join(' ');
  }

  function send(reply: FastifyReply, body: Record<string, unknown>): FastifyReply {
    return reply.code(200).type(KAUTH_CONTENT_TYPE).header('Cache-Control', 'no-store').send(body);
  }

  /** Client authentication: `client_secret` in the body (client_secret_post only). */
  function checkSecret(kakaoApp: EmulatorApp, secret: string | undefined): boolean {
    if (kakaoApp.clientSecret !== undefined) return secret === kakaoApp.clientSecret;
    return !(kakaoApp.rejectSecretWhenDisabled && secret !== undefined);
  }

  app.post('/oauth/token', async (request, reply) => {
    const body = request.body;
    const grantType = param(body, 'grant_type');
    if (!grantType) return sendKoe(reply, 'KOE001', 'grant_type is required');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return reply
        .code(400)
        .type(KAUTH_CONTENT_TYPE)
        .send({
          error: 'unsupported_grant_type',
          error_description: `unsupported grant_type: ${grantType}`,
          error_code: 'KOE001',
        });
    }
    const clientId = param(body, 'client_id');
    if (!clientId) return sendKoe(reply, 'KOE001', 'client_id is required');
    const kakaoApp = store.apps.get(clientId);
    if (!kakaoApp) return sendKoe(reply, 'KOE101', `Invalid client_id: ${clientId}`);
    if (!checkSecret(kakaoApp, param(body, 'client_secret'))) return sendKoe(reply, 'KOE010');

    // --- authorization_code ---
    if (grantType === 'authorization_code') {
      const codeValue = param(body, 'code');
      if (!codeValue) return sendKoe(reply, 'KOE320', 'authorization code not found for code=');
      const code = store.codes.get(codeValue);
      // Never echo the code itself (it would end up in client logs).
      if (!code || code.clientId !== clientId)
        return sendKoe(reply, 'KOE320', 'authorization code not found');
      if (code.usedBy !== undefined) {
        // Replay: kill whatever the first exchange produced (RFC 6749 §4.1.2).
        store.revokeGrant(code.usedBy);
        return sendKoe(reply, 'KOE320', 'authorization code already used');
      }
      if (code.expiresAt <= store.now()) return sendKoe(reply, 'KOE320', 'authorization code expired');

      const redirectUri = param(body, 'redirect_uri');
      const redirectMissing = redirectUri === undefined || redirectUri === '';
      // A failed check burns the code too, so a stolen code cannot be retried.
      if (
        (redirectMissing && kakaoApp.requireTokenRedirectUri) ||
        (!redirectMissing && redirectUri !== code.redirectUri)
      ) {
        code.usedBy = '';
        return sendKoe(reply, 'KOE303', 'Redirect URI mismatch');
      }
      if (code.codeChallenge !== undefined) {
        const verifier = param(body, 'code_verifier');
        const computed = verifier ? createHash('sha256').update(verifier).digest('base64url') : undefined;
        if (computed !== code.codeChallenge) {
          code.usedBy = '';
          return sendKoe(
            reply,
            'KOE324',
            verifier ? 'code_verifier does not match code_challenge' : 'code_verifier is required',
          );
        }
      }

      const grant = store.createGrant({
        clientId,
        userId: code.userId,
        oidc: code.scopes.includes('openid'),
        authTime: code.authTime,
      });
      code.usedBy = grant.id;
      const refresh = store.issueRefreshToken(grant.id);
      const access = store.issueAccessToken(grant.id);
      return send(reply, {
        token_type: 'bearer',
        access_token: access.token,
        ...(grant.oidc ? { id_token: await idToken(grant, access.expiresAt, code.nonce) } : {}),
        expires_in: store.lifetimes.accessToken,
        refresh_token: refresh.token,
        refresh_token_expires_in: store.lifetimes.refreshToken,
        scope: grantedScope(grant),
      });
    }

    // --- refresh_token ---
    const refreshValue = param(body, 'refresh_token');
    if (!refreshValue) return sendKoe(reply, 'KOE319');
    const found = store.findRefreshToken(refreshValue);
    if (!found || found.grant.clientId !== clientId) return sendKoe(reply, 'KOE322');
    const { refresh, grant } = found;
    const access = store.issueAccessToken(grant.id);
    const response: Record<string, unknown> = {
      token_type: 'bearer',
      access_token: access.token,
      ...(grant.oidc ? { id_token: await idToken(grant, access.expiresAt) } : {}),
      expires_in: store.lifetimes.accessToken,
    };
    if (refresh.expiresAt - store.now() < ROTATE_WITHIN_MS) {
      store.refreshTokens.delete(refreshValue);
      const rotated = store.issueRefreshToken(grant.id);
      response.refresh_token = rotated.token;
      response.refresh_token_expires_in = store.lifetimes.refreshToken;
    }
    response.scope = grantedScope(grant);
    return send(reply, response);
  });
}
