/**
 * Who may talk to the browser shell's bridge, decided from the request's headers alone (pure, no I/O).
 * The bridge listens on loopback, but any web page the person has open can still send requests to loopback
 * ports, so three checks stand between a request and the session:
 * - `Host` must be the shell's own `127.0.0.1:<port>`: a DNS-rebinding page reaches us under its own name.
 * - `Origin`, when the browser sends one, must be the shell's origin: a cross-site `fetch`/form is refused
 *   (CSRF). A POST must carry it (browsers always do on POST), and must be JSON (no "simple" form request).
 * - The per-launch key (`X-Shell-Key`, or `?k=` on the event stream, which `EventSource` cannot give headers)
 *   must match: only the page opened from the URL `npm start` printed knows it.
 * @see https://www.rfc-editor.org/rfc/rfc6454 (Origin), https://fetch.spec.whatwg.org/#http-origin
 */
import { timingSafeEqual } from 'node:crypto';

export interface ShellIdentity {
  /** `http://127.0.0.1:<port>`: the only origin the page has. */
  origin: string;
  /** The per-launch secret. */
  key: string;
}

/** The parts of a request the guard reads (header names lower-case, as Node gives them). */
export interface GuardedRequest {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  contentType?: string | undefined;
  /** The key as presented: the header on calls, the query parameter on the event stream. */
  key: string | null | undefined;
}

export type RefusalCode =
  | 'foreign_host'
  | 'foreign_origin'
  | 'missing_origin'
  | 'bad_key'
  | 'unsupported_media_type';

export type GuardResult = { ok: true } | { ok: false; status: number; code: RefusalCode; message: string };

const REFUSALS: Record<RefusalCode, { status: number; message: string }> = {
  // 421: the request was meant for another server name (RFC 9110 §15.5.20), the DNS-rebinding case.
  foreign_host: { status: 421, message: 'This server answers only to its own address.' },
  foreign_origin: { status: 403, message: 'Requests from other web pages are refused.' },
  missing_origin: { status: 403, message: 'The request did not say which page sent it.' },
  bad_key: { status: 401, message: 'The key is missing or wrong: open the URL that `npm start` printed.' },
  unsupported_media_type: { status: 415, message: 'Calls must be sent as application/json.' },
};

export function refusal(code: RefusalCode): Extract<GuardResult, { ok: false }> {
  return { ok: false, code, ...REFUSALS[code] };
}

/** Same answer in the same time for every wrong key of a given length. */
export function keysMatch(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Static files and the page itself: only the Host check (nothing there is secret, but rebinding is refused). */
export function checkHost(host: string | undefined, identity: ShellIdentity): GuardResult {
  return host === new URL(identity.origin).host ? { ok: true } : refusal('foreign_host');
}

/** Bridge calls and the event stream: Host, Origin, content type (POST) and key, in that order. */
export function checkBridgeRequest(request: GuardedRequest, identity: ShellIdentity): GuardResult {
  const host = checkHost(request.host, identity);
  if (!host.ok) return host;
  const isPost = request.method === 'POST';
  if (request.origin === undefined) {
    // A same-origin GET (the EventSource) may come without Origin; a POST from a browser never does.
    if (isPost) return refusal('missing_origin');
  } else if (request.origin !== identity.origin) {
    return refusal('foreign_origin');
  }
  if (isPost && request.contentType?.split(';')[0]?.trim().toLowerCase() !== 'application/json')
    return refusal('unsupported_media_type');
  return keysMatch(request.key, identity.key) ? { ok: true } : refusal('bad_key');
}
