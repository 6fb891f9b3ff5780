/**
 * The pure half of every backend call: a raw response (or a transport failure) in, a validated value or a
 * typed BackendError out. No I/O here, so every status/body combination is tested without a server.
 * The request/process split: the network call returns the raw response, this pure part validates and maps it.
 */
import { problemSchema } from '@kakao-desktop/contract';
import type { z } from 'zod';
import { BackendError } from './backend-error';

export interface RawResponse {
  status: number;
  data: unknown;
  /** Lower-case header names. */
  headers: Record<string, unknown>;
}

function retryAfterMs(headers: Record<string, unknown>, bodySeconds: number | undefined): number | undefined {
  if (bodySeconds !== undefined) return bodySeconds * 1000;
  const header = headers['retry-after'];
  const seconds = typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  return seconds === undefined ? undefined : seconds * 1000;
}

/** A non-2xx response → BackendError with the right kind. */
export function errorFromResponse(response: RawResponse): BackendError {
  const { status } = response;
  const parsed = problemSchema.safeParse(response.data);
  const problem = parsed.success ? parsed.data : undefined;
  const retryAfter = retryAfterMs(response.headers, problem?.retry_after);
  const details = {
    status,
    ...(problem?.reason ? { reason: problem.reason } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  };
  const message = `backend answered ${status}${problem ? ` ${problem.code}` : ''}`;

  if (status >= 500 || status === 429 || status === 408) {
    return new BackendError('transient', problem?.code ?? 'internal_error', message, details);
  }
  // key_mismatch: this family's token came with another key's proof; the server revoked the family (theft).
  if (status === 401 && (problem?.code === 'invalid_grant' || problem?.reason === 'key_mismatch')) {
    return new BackendError('session-invalid', problem.code, message, details);
  }
  // Our own DPoP proof was refused (clock skew, a bug): the session itself is fine, so no sign-out (which
  // would only loop through sign-in into the same refusal); the request failed, and says why.
  if (problem?.code === 'invalid_dpop_proof') {
    return new BackendError('rejected', 'invalid_dpop_proof', message, details);
  }
  return new BackendError(
    'rejected',
    problem?.code ?? (status === 401 ? 'unauthorized' : 'invalid_request'),
    message,
    details,
  );
}

/** Validate a response against the contract schema; any non-2xx becomes a BackendError. */
export function processResponse<T extends z.ZodType>(schema: T, response: RawResponse): z.infer<T> {
  if (response.status < 200 || response.status > 299) throw errorFromResponse(response);
  const parsed = schema.safeParse(response.data);
  if (!parsed.success) {
    // A 2xx we cannot read (a captive portal, a half-deployed backend): retryable, and never a sign-out.
    throw new BackendError(
      'transient',
      'bad_response',
      `backend answered ${response.status} with an unexpected body`,
      {
        status: response.status,
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

/** For calls with no body to read (logout): only the status matters. */
export function processEmptyResponse(response: RawResponse): void {
  if (response.status < 200 || response.status > 299) throw errorFromResponse(response);
}

/** A failure before any response (refused, reset, DNS, timeout) → a transient BackendError. */
export function errorFromTransportFailure(error: unknown): BackendError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED';
  return new BackendError(
    'transient',
    timedOut ? 'timeout' : 'network',
    timedOut ? 'backend did not answer in time' : `backend unreachable (${code || 'unknown'})`,
    { cause: error },
  );
}
