/**
 * Request arbitraries for property-based fuzzing of any Fastify app over `inject` (fast-check): run settings, the
 * registered-route list, malformed JSON, wrong types, huge / unicode / control-character strings, missing and
 * repeated fields, odd headers, one huge part in ~30 requests. Nothing here knows Kakao or our API, so the backend's
 * fuzzing reuses it (`kakao-emulator/fuzz`) without sharing any protocol logic with the emulator.
 */
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';

// --- Run settings ---

/**
 * EMULATOR_FUZZ_RUNS, else FUZZ_RUNS, inputs per target (default 10,000); FUZZ_SEED replays a failure (fast-check
 * prints the seed). The emulator has its own setting so that CI can spend its time budget on the backend's fuzzers.
 */
export function fuzzParameters(): fc.Parameters<unknown> {
  const setting = process.env.EMULATOR_FUZZ_RUNS ?? process.env.FUZZ_RUNS;
  const runs = Number(setting ?? 10_000);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`FUZZ_RUNS must be a positive integer: ${setting}`);
  const seed = process.env.FUZZ_SEED;
  return { numRuns: runs, ...(seed !== undefined && { seed: Number(seed) }) };
}

/** Generous: 10,000 injects take seconds, but the machine may be loaded. */
export const FUZZ_TIMEOUT_MS = 600_000;

// --- Routes ---

/** `METHOD path` of every registered route, read from Fastify's route tree. */
export function registeredRoutes(app: FastifyInstance): Set<string> {
  const routes = new Set<string>();
  const stack: { depth: number; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*?)([^│├└─\s].*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    const path = (stack.at(-1)?.path ?? '') + match[2]!;
    stack.push({ depth, path });
    for (const method of match[3]?.split(', ') ?? []) routes.add(`${method} ${path}`);
  }
  return routes;
}

// --- Strings ---

const CONTROL_CHARS = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\uFEFF',
];

/** Every kind of text a client could send: unicode (lone surrogates too), control characters, huge, numeric. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(...CONTROL_CHARS, 'a', '%', '&', '='), maxLength: 8 }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '0',
      '-1',
      '1e309',
      'NaN',
      'true',
      'null',
      '[]',
      '{}',
      '__proto__',
      'constructor',
      'toString',
    ),
  },
);

/** Thousands of one character: rare in requests (see `withHugePart`), since every one is slow to send and log. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 8_000 }), fc.constantFrom('x', '가', '\u0000', '%', '😀', 'h'))
  .map(([n, c]) => c.repeat(n));

/** One of the values that open deeper paths, a mutation of one, or anything at all. */
export function fieldValue(pool: readonly string[]): fc.Arbitrary<string> {
  if (pool.length === 0) return anyText;
  const known = fc.constantFrom(...pool);
  return fc.oneof(
    { weight: 4, arbitrary: known },
    { weight: 2, arbitrary: anyText },
    {
      weight: 1,
      arbitrary: fc
        .tuple(known, anyText, fc.nat(3))
        .map(
          ([value, noise, how]) =>
            [
              `${value}${noise}`,
              `${noise}${value}`,
              value.slice(0, Math.max(0, value.length - 1)),
              value.toUpperCase(),
            ][how]!,
        ),
    },
  );
}

// --- Requests ---

export type Fields = Record<string, readonly string[]>;

/** Valid-looking pairs from `fields` (some missing, some repeated) mixed with unknown names. */
export function pairsOf(fields: Fields): fc.Arbitrary<[string, string][]> {
  const names = Object.keys(fields);
  const known: fc.Arbitrary<[string, string]> =
    names.length === 0
      ? fc.tuple(anyText, anyText)
      : fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), fieldValue(fields[name]!)));
  return fc.array(
    fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(anyText, anyText) }),
    { maxLength: 10 },
  );
}

/** String.prototype.toWellFormed (ES2024, not in our TypeScript lib): lone surrogates become U+FFFD. */
export const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function encodePairs(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => `${encodeURIComponent(wellFormed(k))}=${encodeURIComponent(wellFormed(v))}`)
    .join('&');
}

/** Query or form text: encoded pairs, or raw bytes with broken escapes (`%E0%A4%A`, `%zz`, lone `&&=`). */
export function urlEncoded(fields: Fields): fc.Arbitrary<string> {
  const rawChar = fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%zz',
    '%00',
    '&',
    '=',
    '+',
    ';',
    'a',
    '[',
    ']',
    '%ED%A0%80',
  );
  return fc.oneof(
    { weight: 6, arbitrary: pairsOf(fields).map(encodePairs) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(pairsOf(fields), fc.array(rawChar, { maxLength: 6 }))
        .map(([pairs, noise]) => `${encodePairs(pairs)}${noise.join('')}`),
    },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json;;;',
  'APPLICATION/JSON',
  'application/json; charset="\u00ff"',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded;charset=utf-8',
  'application/x-www-form-urlencoded; charset=latin1',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  'json',
  ' ',
];

/** A JSON object with the route's fields (values of any JSON type) and maybe strangers. */
function jsonObject(fields: Fields): fc.Arbitrary<Record<string, unknown>> {
  const numeric = (v: string) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
  const value = (name: string) => {
    const known = fieldValue(Object.hasOwn(fields, name) ? fields[name]! : []);
    return fc.oneof(
      { weight: 4, arbitrary: known },
      { weight: 2, arbitrary: known.map(numeric) },
      { weight: 1, arbitrary: known.map((v) => [numeric(v)]) },
      { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
  };
  return pairsOf(fields).chain((pairs) =>
    fc.tuple(...pairs.map(([name]) => value(name))).map((values) => {
      const object: Record<string, unknown> = {};
      pairs.forEach(([name], index) => {
        object[name] = values[index];
      });
      return object;
    }),
  );
}

/** JSON text: valid objects, any JSON value, duplicated keys, truncated, or `__proto__` games. */
export function jsonText(fields: Fields): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: jsonObject(fields).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.tuple(jsonObject(fields), fc.nat()).map(([o, cut]) => {
        const text = JSON.stringify(o);
        return text.slice(0, cut % (text.length + 1));
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(jsonObject(fields), jsonObject(fields))
        .map(
          ([a, b]) =>
            `${JSON.stringify(a).slice(0, -1)}${Object.keys(a).length ? ',' : ''}${JSON.stringify(b).slice(1)}`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{}}}',
        '',
        ' ',
        '\u0000',
        '{}',
        '[]',
        'null',
        '"x"',
        '1',
      ),
    },
  );
}

export interface Body {
  contentType?: string;
  payload?: string | Buffer;
}

/** A request body: JSON, form, raw bytes, nothing; with a fitting, a wrong, an odd or no content type. */
export function bodyOf(fields: Fields): fc.Arbitrary<Body> {
  const anyType = fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerValue);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Body>({}) },
    {
      weight: 4,
      arbitrary: jsonText(fields).map((payload): Body => ({ contentType: 'application/json', payload })),
    },
    {
      weight: 4,
      arbitrary: urlEncoded(fields).map(
        (payload): Body => ({ contentType: 'application/x-www-form-urlencoded', payload }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(jsonText(fields), urlEncoded(fields), anyText), anyType)
        .map(([payload, contentType]): Body => ({ contentType, payload })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.uint8Array({ maxLength: 200 }), fc.option(anyType, { nil: undefined }))
        .map(([bytes, contentType]): Body => ({ contentType, payload: Buffer.from(bytes) })),
    },
  );
}

/** Header values Node would send: visible ASCII, tab, space and obs-text. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  // Node's header size limit is 16 KiB in all: huge values come from withHugePart.
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9))
      .map((c) => String.fromCharCode(c)),
    maxLength: 40,
  }),
);
const headerName = fc.stringMatching(/^[a-z][a-z0-9!#$%&'*+.^_`|~-]{0,20}$/);

/** Odd headers: junk Authorization, Host, Cookie, forwarding headers, huge values, unknown names. */
export function headersOf(pools: { authorization?: readonly string[]; cookie?: readonly string[] }) {
  return fc
    .record(
      {
        authorization: fc.oneof(
          fieldValue(pools.authorization ?? []).map((v) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '')),
          headerValue,
        ),
        cookie: fc.oneof(fc.constantFrom(...(pools.cookie ?? ['a=b'])), headerValue),
        host: fc.oneof(
          fc.constantFrom('localhost', '127.0.0.1:9010', '[::1]', 'kauth.kakao.com', 'a b', ':'),
          headerValue,
        ),
        accept: fc.constantFrom('*/*', 'text/html', 'application/json', 'x/y;q=abc'),
        'x-forwarded-for': headerValue,
        'accept-language': headerValue,
        extra: fc.tuple(headerName, headerValue),
      },
      { requiredKeys: [] },
    )
    .map(({ extra, ...headers }) => {
      const out: Record<string, string> = { ...headers };
      if (
        extra &&
        !['content-length', 'transfer-encoding', 'content-type', 'expect', 'connection'].includes(extra[0])
      )
        out[extra[0]] = extra[1];
      return out;
    });
}

type Huge = { where: 'query' | 'header' | 'authorization' | 'body'; text: string };

/** One request in ~30 gets one huge part: a query value, a header, the Authorization header or an oversized body. */
export const hugePart: fc.Arbitrary<Huge | undefined> = fc.option(
  fc.record({ where: fc.constantFrom('query', 'header', 'authorization', 'body'), text: hugeText }),
  { nil: undefined, freq: 30 },
);

/** One inject request: the body's content type as a header, and no payload on GET / HEAD. */
export function injectRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Body,
): InjectOptions {
  return {
    method: method as InjectOptions['method'],
    url,
    headers: { ...headers, ...(body.contentType !== undefined && { 'content-type': body.contentType }) },
    ...(body.payload !== undefined && method !== 'GET' && method !== 'HEAD' && { payload: body.payload }),
  };
}

export function withHugePart(request: InjectOptions, huge: Huge | undefined): InjectOptions {
  if (!huge) return request;
  const headerSafe = huge.text.replace(/[^\t\x20-\x7e\x80-\xff]/g, 'h');
  const headers = { ...(request.headers as Record<string, string>) };
  switch (huge.where) {
    case 'query': {
      const url = String(request.url);
      return { ...request, url: `${url}${url.includes('?') ? '&' : '?'}x=${encodeURIComponent(huge.text)}` };
    }
    case 'header':
      return { ...request, headers: { ...headers, 'x-huge': headerSafe } };
    case 'authorization':
      return { ...request, headers: { ...headers, authorization: `Bearer ${headerSafe}` } };
    case 'body':
      if (request.method === 'GET' || request.method === 'HEAD') return request;
      return { ...request, payload: `a=${huge.text.repeat(10)}` };
  }
}

/** A V8 stack frame (`at fn (/path/file.ts:1:2)`); echoed input such as `"A:\\"` must not look like one. */
export const STACK_TRACE = /\bat \S+ \((?:file:\/\/|\/|[A-Za-z]:\\|node:)[^)]*:\d+:\d+\)/;
