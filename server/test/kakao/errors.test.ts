import { describe, expect, it } from 'vitest';
import { type KakaoFailure, mapKakaoFailure } from '../../src/kakao/errors';

const TABLE: [KakaoFailure, number, string][] = [
  [{ kind: 'network', message: 'ECONNREFUSED' }, 503, 'kakao_unavailable'],
  [{ kind: 'timeout' }, 503, 'kakao_unavailable'],
  [{ kind: 'kapi', status: 400, code: -1 }, 503, 'kakao_unavailable'],
  [{ kind: 'kapi', status: 400, code: -7 }, 503, 'kakao_unavailable'],
  [{ kind: 'kapi', status: 503, code: -9798 }, 503, 'kakao_unavailable'],
  [{ kind: 'http', status: 500 }, 503, 'kakao_unavailable'],
  [{ kind: 'http', status: 502 }, 503, 'kakao_unavailable'],
  [{ kind: 'kapi', status: 401, code: -401 }, 401, 'kakao_token_invalid'],
  [{ kind: 'kapi', status: 400, code: -101 }, 401, 'kakao_token_invalid'],
  [{ kind: 'kapi', status: 400, code: -2 }, 400, 'kakao_bad_request'],
  [{ kind: 'kauth', status: 400, error: 'invalid_grant', errorCode: 'KOE320' }, 400, 'invalid_grant'],
  [{ kind: 'kauth', status: 400, error: 'invalid_grant', errorCode: 'KOE303' }, 400, 'invalid_grant'],
  [{ kind: 'kauth', status: 400, error: 'invalid_grant', errorCode: undefined }, 400, 'invalid_grant'],
  [{ kind: 'kauth', status: 401, error: 'invalid_client', errorCode: 'KOE010' }, 502, 'internal_error'],
  [{ kind: 'kauth', status: 400, error: 'invalid_client', errorCode: 'KOE101' }, 502, 'internal_error'],
  [{ kind: 'kauth', status: 400, error: 'invalid_request', errorCode: 'KOE237' }, 503, 'kakao_unavailable'],
  [{ kind: 'kapi', status: 403, code: -5 }, 502, 'internal_error'],
  [{ kind: 'http', status: 404 }, 502, 'internal_error'],
];

describe('mapKakaoFailure', () => {
  it.each(TABLE)('%o → %i %s', (failure, status, code) => {
    const error = mapKakaoFailure(failure);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    if (status === 503) expect(error.toProblem().retry_after).toBeGreaterThan(0);
  });
});
