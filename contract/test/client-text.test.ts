import { describe, expect, it } from 'vitest';
import {
  kakaoExchangeRequestSchema,
  kakaoTokenRequestSchema,
  kakaoUnlinkCallbackSchema,
  logoutRequestSchema,
  refreshRequestSchema,
} from '../src/http';

const EXCHANGE = {
  code: 'c',
  redirect_uri: 'http://localhost:9021/callback',
  code_verifier: 'a'.repeat(43),
};

describe('client strings', () => {
  it.each(['\u0000', '\t', '\n', '\u001f', '\u007f', '\u0080', '\u009f', '\ud800', '\udfff'])(
    'refuses %j inside every client string',
    (bad) => {
      const cases = [
        () => kakaoExchangeRequestSchema.safeParse({ ...EXCHANGE, device_name: `a${bad}b` }),
        () => kakaoExchangeRequestSchema.safeParse({ ...EXCHANGE, code: `a${bad}b` }),
        () => kakaoExchangeRequestSchema.safeParse({ ...EXCHANGE, nonce: `a${bad}b` }),
        () => kakaoTokenRequestSchema.safeParse({ kakao_access_token: `a${bad}b` }),
        () => refreshRequestSchema.safeParse({ refresh_token: `a${bad}b` }),
        () => logoutRequestSchema.safeParse({ refresh_token: `a${bad}b` }),
        () => kakaoUnlinkCallbackSchema.safeParse({ app_id: '1', user_id: '2', referrer_type: `a${bad}b` }),
        () =>
          kakaoUnlinkCallbackSchema.safeParse({ app_id: '1', user_id: '2', group_user_token: `a${bad}b` }),
      ];
      for (const parse of cases) expect(parse().success).toBe(false);
    },
  );

  it('accepts ordinary text in any script, emoji (surrogate pairs) included', () => {
    const parsed = kakaoExchangeRequestSchema.parse({
      ...EXCHANGE,
      device_name: '  김의 MacBook Pro 💻 (macOS) ',
    });
    expect(parsed.device_name).toBe('김의 MacBook Pro 💻 (macOS)');
  });
});
