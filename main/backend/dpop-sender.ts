/**
 * Credentials for each backend request, DPoP (RFC 9449) when the client has a proof port: a proof on every
 * token-endpoint call (exchange, refresh, logout), and `Authorization: DPoP` + a proof with `ath` on API calls
 * whose access token was issued bound (`token_type: DPoP`); an unbound token keeps `Bearer`, with no proof.
 * The server's latest DPoP-Nonce goes into the next proof, and a "use this nonce" refusal is retried once (§8).
 */
import {
  DPOP_AUTH_SCHEME,
  DPOP_HEADER,
  DPOP_NONCE_HEADER,
  type TokenResponse,
} from '@kakao-desktop/contract';
import { BackendError } from './backend-error';
import type { RawResponse } from './process-response';

/** Signs one proof per request (main/dpop/prover.ts in the app). */
export interface DpopProofPort {
  proof(request: { method: string; url: string; accessToken?: string; nonce?: string }): Promise<string>;
}

export interface OutgoingRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under the base URL, already escaped. */
  path: string;
  data?: unknown;
  /** Sent in the Authorization header (scheme chosen here). */
  accessToken?: string;
}

export type Transport = (request: {
  method: string;
  url: string;
  data?: unknown;
  headers: Record<string, string>;
}) => Promise<RawResponse>;

/** Only the newest few access tokens matter (the session's current one, a consent exchange's). */
const BOUND_TOKENS_KEPT = 8;

/** A 400/401 whose problem code, OAuth error or WWW-Authenticate says "use_dpop_nonce" (§8, §9). */
export function asksForNonce(response: RawResponse): boolean {
  if (response.status !== 400 && response.status !== 401) return false;
  const body = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as Record<
    string,
    unknown
  >;
  const challenge = response.headers['www-authenticate'];
  return (
    body.code === 'use_dpop_nonce' ||
    body.error === 'use_dpop_nonce' ||
    (typeof challenge === 'string' && /error="use_dpop_nonce"/.test(challenge))
  );
}

export function createDpopSender(options: { baseUrl: string; transport: Transport; dpop?: DpopProofPort }) {
  const { dpop, transport, baseUrl } = options;
  const bound = new Set<string>();
  let nonce: string | undefined;

  async function proofFor(request: OutgoingRequest, accessToken: string | undefined): Promise<string> {
    try {
      return await dpop!.proof({
        method: request.method,
        url: `${baseUrl}${request.path}`,
        ...(accessToken !== undefined ? { accessToken } : {}),
        ...(nonce !== undefined ? { nonce } : {}),
      });
    } catch (error) {
      // No key this moment (keychain hiccup): retry later, never a sign-out.
      throw new BackendError('transient', 'proof_unavailable', 'could not sign a DPoP proof', {
        cause: error,
      });
    }
  }

  async function attempt(request: OutgoingRequest, withProof: boolean): Promise<RawResponse> {
    const { accessToken } = request;
    const headers: Record<string, string> = {};
    if (withProof) headers[DPOP_HEADER] = await proofFor(request, accessToken);
    if (accessToken !== undefined)
      headers.Authorization = `${withProof ? DPOP_AUTH_SCHEME : 'Bearer'} ${accessToken}`;
    const response = await transport({
      method: request.method,
      url: request.path,
      ...(request.data !== undefined ? { data: request.data } : {}),
      headers,
    });
    const fresh = response.headers[DPOP_NONCE_HEADER.toLowerCase()];
    if (typeof fresh === 'string' && fresh !== '') nonce = fresh;
    return response;
  }

  return {
    /** Send with the right credentials; one retry when the server asks for a (new) nonce. */
    async send(request: OutgoingRequest): Promise<RawResponse> {
      const withProof =
        dpop !== undefined && (request.accessToken === undefined || bound.has(request.accessToken));
      const response = await attempt(request, withProof);
      if (!withProof || !asksForNonce(response) || nonce === undefined) return response;
      return attempt(request, withProof);
    },
    /** Note how a token response's access token must be presented. */
    remember(tokens: TokenResponse): TokenResponse {
      if (tokens.token_type === DPOP_AUTH_SCHEME) {
        bound.add(tokens.access_token);
        if (bound.size > BOUND_TOKENS_KEPT) bound.delete(bound.values().next().value!);
      }
      return tokens;
    },
  };
}
