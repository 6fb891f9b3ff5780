/**
 * Shared pieces of the backend's property-based fuzzing (fast-check): run settings, the route list, request
 * arbitraries (malformed JSON, wrong types, huge / unicode / control-character strings, missing and repeated
 * fields, odd headers) and the check that every error is RFC 9457 problem details with our stable code.
 */

import { problemSchema } from '@kakao-desktop/contract';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  bodyOf,
  type Fields,
  fieldValue,
  fuzzParameters,
  headersOf,
  hugePart,
  injectRequest,
  STACK_TRACE,
  urlEncoded,
  wellFormed,
  withHugePart,
} from 'kakao-emulator/fuzz';
import { expect } from 'vitest';

export * from 'kakao-emulator/fuzz';

export interface Target {
  /** Route path as Fastify prints it (`:id` and `*` are filled in by `segments`). */
  path: string;
  methods: readonly string[];
  /** Known query / body fields and values that reach deeper code. */
  fields: Fields;
  /** Values for the path's `:param` / `*` parts. */
  segments?: fc.Arbitrary<string>;
}

/** A path part: a pool value, or anything, percent-encoded or with dot segments and broken escapes. */
export function segmentOf(pool: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fieldValue(pool).map((v) => encodeURIComponent(wellFormed(v))) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '..%2f..%2fpackage.json',
        '%00',
        '%',
        '%zz',
        '',
        '//',
        'a/b',
      ),
    },
  );
}

/** Requests for one target: its methods, path parameters, query, headers and body. */
export function requestsFor(
  target: Target,
  pools: { authorization?: readonly string[]; cookie?: readonly string[] },
): fc.Arbitrary<InjectOptions> {
  return fc
    .record({
      method: fc.constantFrom(...target.methods),
      segment: target.segments ?? fc.constant(''),
      query: fc.option(urlEncoded(target.fields), { nil: undefined, freq: 3 }),
      headers: headersOf(pools),
      body: bodyOf(target.fields),
      huge: hugePart,
    })
    .map(({ method, segment, query, headers, body, huge }) => {
      const path = target.path.replace(/:[a-z]+|\*/, segment);
      return withHugePart(
        injectRequest(method, query === undefined ? path : `${path}?${query}`, headers, body),
        huge,
      );
    });
}

// --- Reply checks ---

/**
 * Every reply: never 5xx, no stack trace; every error RFC 9457 problem details with our stable `code`, `status`
 * equal to the HTTP status, and Retry-After on 429 / 503.
 */
export function expectProblemOnError(request: InjectOptions, response: LightMyRequestResponse) {
  const where = `${request.method} ${String(request.url).slice(0, 120)} → ${response.statusCode}: ${response.body.slice(0, 300)}`;
  expect(response.statusCode, where).toBeLessThan(500);
  expect(response.statusCode, where).toBeGreaterThanOrEqual(200);
  if (response.statusCode < 400) {
    if (response.statusCode >= 300) expect(response.headers.location, where).toEqual(expect.any(String));
    return;
  }
  expect(response.body, where).not.toMatch(STACK_TRACE);
  expect(String(response.headers['content-type']), where).toMatch(/^application\/problem\+json/);
  if (response.statusCode === 429) expect(response.headers['retry-after'], where).toMatch(/^\d+$/);
  if (request.method === 'HEAD') return;
  // Strict: no extra members (a `stack`, a raw error) ride along.
  const problem = problemSchema.strict().parse(JSON.parse(response.body));
  expect(problem.status, where).toBe(response.statusCode);
  expect(problem.type, where).toBe(`https://kakao-desktop.invalid/problems/${problem.code}`);
  expect(problem.title, where).not.toBe('');
}

/**
 * Runs FUZZ_RUNS generated requests against one target (or a group of cheap routes sharing the runs); any 5xx or
 * malformed error reply fails, with the seed to replay it.
 */
export async function fuzzTarget(
  app: FastifyInstance,
  target: Target | readonly Target[],
  pools: { authorization?: readonly string[]; cookie?: readonly string[] },
): Promise<void> {
  const group = Array.isArray(target) ? target : [target as Target];
  const requests = fc.oneof(...group.map((t) => requestsFor(t, pools)));
  await fc.assert(
    fc.asyncProperty(requests, async (request) => {
      expectProblemOnError(request, await app.inject(request));
    }),
    fuzzParameters(),
  );
}
