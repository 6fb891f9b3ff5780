import { tokenResponseSchema } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { BackendError } from './backend-error';
import { errorFromResponse, errorFromTransportFailure, processResponse } from './process-response';

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  data: { type: 'about:blank', title: 't', status, code, ...extra },
});

const tokens = {
  access_token: 'a',
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: 'r',
  refresh_token_expires_in: 3600,
  session_id: 's',
  user: fakeProfile(),
};

describe('errorFromResponse: transient vs session-invalid vs rejected', () => {
  it.each([
    [problem(503, 'kakao_unavailable', { retry_after: 7 }), 'transient', 'kakao_unavailable'],
    [problem(500, 'internal_error'), 'transient', 'internal_error'],
    [{ status: 502, headers: {}, data: '<html>bad gateway</html>' }, 'transient', 'internal_error'],
    [problem(429, 'rate_limited'), 'transient', 'rate_limited'],
    [problem(401, 'invalid_grant', { reason: 'reused' }), 'session-invalid', 'invalid_grant'],
    [problem(401, 'invalid_grant', { reason: 'key_mismatch' }), 'session-invalid', 'invalid_grant'],
    [problem(401, 'invalid_dpop_proof', { reason: 'key_mismatch' }), 'session-invalid', 'invalid_dpop_proof'],
    [problem(401, 'invalid_dpop_proof'), 'rejected', 'invalid_dpop_proof'],
    [problem(400, 'invalid_dpop_proof'), 'rejected', 'invalid_dpop_proof'],
    [problem(401, 'use_dpop_nonce'), 'rejected', 'use_dpop_nonce'],
    [problem(400, 'invalid_grant'), 'rejected', 'invalid_grant'],
    [problem(401, 'unauthorized'), 'rejected', 'unauthorized'],
    [problem(400, 'invalid_request'), 'rejected', 'invalid_request'],
    [problem(409, 'email_conflict'), 'rejected', 'email_conflict'],
    [{ status: 404, headers: {}, data: 'not json' }, 'rejected', 'invalid_request'],
    [{ status: 401, headers: {}, data: null }, 'rejected', 'unauthorized'],
  ])('%j → %s %s', (response, kind, code) => {
    const error = errorFromResponse(response);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.status).toBe(response.status);
  });

  it('keeps the refusal reason and the retry hint', () => {
    expect(errorFromResponse(problem(401, 'invalid_grant', { reason: 'revoked' })).reason).toBe('revoked');
    expect(errorFromResponse(problem(401, 'invalid_grant', { reason: 'key_mismatch' })).reason).toBe(
      'key_mismatch',
    );
    expect(errorFromResponse(problem(503, 'kakao_unavailable', { retry_after: 7 })).retryAfterMs).toBe(7000);
    expect(
      errorFromResponse({
        status: 503,
        headers: { 'retry-after': '3' },
        data: problem(503, 'kakao_unavailable').data,
      }).retryAfterMs,
    ).toBe(3000);
  });
});

describe('processResponse', () => {
  it('returns the validated body on 2xx', () => {
    expect(
      processResponse(tokenResponseSchema, { status: 200, headers: {}, data: tokens }).refresh_token,
    ).toBe('r');
  });

  it('treats an unreadable 2xx as transient (never a sign-out)', () => {
    const error = (() => {
      try {
        processResponse(tokenResponseSchema, {
          status: 200,
          headers: {},
          data: '<html>captive portal</html>',
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ kind: 'transient', code: 'bad_response' });
  });
});

describe('errorFromTransportFailure', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'network'],
    [{ code: 'ECONNRESET' }, 'network'],
    [{ code: 'ENOTFOUND' }, 'network'],
    [{ code: 'ECONNABORTED' }, 'timeout'],
    [{ code: 'ETIMEDOUT' }, 'timeout'],
    [new Error('weird'), 'network'],
  ])('%j → transient %s', (cause, code) => {
    expect(errorFromTransportFailure(cause)).toMatchObject({ kind: 'transient', code });
  });
});
