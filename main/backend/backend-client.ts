/**
 * The desktop's client for the companion backend (axios, per the card). Each method sends one request and
 * hands the raw response to the pure `processResponse`; the base URL and axios instance are injectable.
 * Tokens travel only in bodies and the Authorization header, never in URLs (so never in access logs).
 * With a DPoP port (`dpop`), every call carries a proof of the install key (dpop-sender.ts).
 */
import {
  type KakaoExchangeRequest,
  type SessionList,
  sessionListSchema,
  type TokenResponse,
  tokenResponseSchema,
  type UserProfile,
  userProfileSchema,
} from '@kakao-desktop/contract';
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { createDpopSender, type DpopProofPort, type OutgoingRequest } from './dpop-sender';
import { errorFromTransportFailure, processEmptyResponse, processResponse } from './process-response';

export interface BackendClient {
  /** POST /auth/kakao/exchange: Kakao's code + our PKCE verifier → our tokens and the profile. */
  exchange(request: KakaoExchangeRequest): Promise<TokenResponse>;
  /** POST /auth/refresh: rotate the refresh token. */
  refresh(refreshToken: string): Promise<TokenResponse>;
  /** POST /auth/logout: revoke the refresh token's family. */
  logout(refreshToken: string): Promise<void>;
  /** GET /me */
  me(accessToken: string): Promise<UserProfile>;
  /** GET /auth/sessions */
  sessions(accessToken: string): Promise<SessionList>;
  /** DELETE /auth/sessions/:id: end one of the user's sessions (another device). */
  deleteSession(accessToken: string, sessionId: string): Promise<void>;
  /** DELETE /me: unlink from Kakao, then delete the user's data and every session. */
  deleteMe(accessToken: string): Promise<void>;
}

export interface BackendClientOptions {
  /** e.g. `http://127.0.0.1:9020`. */
  baseUrl: string;
  /** Per request. Default 10 s: long enough for Kakao round trips behind the backend, short enough to go offline. */
  timeoutMs?: number;
  /** Inject an instance (interceptors, a test adapter); its defaults are overridden per request. */
  http?: AxiosInstance;
  /**
   * Sender-constrained sessions (RFC 9449): signs a proof per request with the install key. Without it the
   * client asks for unbound (Bearer) sessions, as before.
   */
  dpop?: DpopProofPort;
}

export type { DpopProofPort } from './dpop-sender';

export const DEFAULT_BACKEND_TIMEOUT_MS = 10_000;

export function createBackendClient(options: BackendClientOptions): BackendClient {
  const http = options.http ?? axios.create();
  const base: AxiosRequestConfig = {
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    timeout: options.timeoutMs ?? DEFAULT_BACKEND_TIMEOUT_MS,
    validateStatus: () => true, // every status is classified by processResponse
    maxRedirects: 0,
    responseType: 'json',
    headers: { Accept: 'application/json' },
  };

  const sender = createDpopSender({
    baseUrl: base.baseURL!,
    ...(options.dpop ? { dpop: options.dpop } : {}),
    transport: async (config) => {
      try {
        const response = await http.request({
          ...base,
          ...config,
          headers: { ...base.headers, ...config.headers },
        });
        return { status: response.status, data: response.data, headers: { ...response.headers } };
      } catch (error) {
        throw errorFromTransportFailure(error);
      }
    },
  });
  const send = (request: OutgoingRequest) => sender.send(request);
  const tokens = async (request: OutgoingRequest) =>
    sender.remember(processResponse(tokenResponseSchema, await send(request)));

  return {
    exchange: (request) => tokens({ method: 'POST', path: '/auth/kakao/exchange', data: request }),
    refresh: (refreshToken) =>
      tokens({ method: 'POST', path: '/auth/refresh', data: { refresh_token: refreshToken } }),
    async logout(refreshToken) {
      processEmptyResponse(
        await send({ method: 'POST', path: '/auth/logout', data: { refresh_token: refreshToken } }),
      );
    },
    async me(accessToken) {
      return processResponse(userProfileSchema, await send({ method: 'GET', path: '/me', accessToken }));
    },
    async sessions(accessToken) {
      return processResponse(
        sessionListSchema,
        await send({ method: 'GET', path: '/auth/sessions', accessToken }),
      );
    },
    async deleteSession(accessToken, sessionId) {
      processEmptyResponse(
        await send({
          method: 'DELETE',
          path: `/auth/sessions/${encodeURIComponent(sessionId)}`,
          accessToken,
        }),
      );
    },
    async deleteMe(accessToken) {
      processEmptyResponse(await send({ method: 'DELETE', path: '/me', accessToken }));
    },
  };
}
