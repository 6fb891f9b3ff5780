import { problemSchema, tokenResponseSchema } from '@kakao-desktop/contract';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { fastSuccessSerializer } from '../../src/plugins/fast-serializer';

const route = (schema: unknown, httpStatus: string) => ({ schema, method: 'POST', url: '/x', httpStatus });

const body = {
  access_token: 'a.b.c',
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: 'r',
  refresh_token_expires_in: 3600,
  session_id: 's',
  user: {
    id: 'u',
    kakao_id: '42',
    nickname: 'Ann "quoted" \u2028',
    email: null,
    email_verified: false,
    profile_image_url: null,
    thumbnail_image_url: null,
    name: null,
    age_range: '20~29',
    created_at: '2026-11-30T00:00:00.000Z',
  },
};

describe('fastSuccessSerializer', () => {
  const fast = fastSuccessSerializer(route(tokenResponseSchema, '200'));
  const zod = serializerCompiler(route(tokenResponseSchema, '200') as never);

  it('writes the 200 body exactly as the zod serializer does, unknown keys dropped', () => {
    expect(fast(body)).toBe(zod(body));
    expect(JSON.parse(fast({ ...body, extra: 'x', user: { ...body.user, secret: 'y' } }))).toEqual(body);
  });

  it('refuses a body missing a required field', () => {
    const { session_id: _, ...incomplete } = body;
    expect(() => fast(incomplete)).toThrow();
  });

  it('leaves other statuses to the zod serializer', () => {
    const problem = fastSuccessSerializer(route(problemSchema, '4xx'));
    expect(() => problem({ nonsense: true })).toThrow();
  });
});
