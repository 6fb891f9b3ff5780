/**
 * Who may use the control API. It resets the emulator, injects faults and hands out the request log (which holds
 * tokens), so it must not be reachable from an ordinary web page the developer happens to have open:
 * - a loopback `Host` on every call: a DNS-rebinding page reaches 127.0.0.1 under its own name, which it
 *   cannot make `localhost`, `127.0.0.1` or `[::1]`;
 * - `Content-Type: application/json` on every call that changes something: a cross-site form or `text/plain`
 *   POST needs no CORS preflight, a JSON one does (and the emulator answers no preflight).
 * @see https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 */

/** `localhost`, an IPv4 loopback address (127.0.0.0/8) or `[::1]`, each with an optional port. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|\[::1\])(?::\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/** The media type without parameters is exactly `application/json` (`; charset=utf-8` is fine). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

export type ControlRefusal = { status: 403 | 415; error: string; message: string };

/** Why a control call is refused, or `undefined` when it may proceed. Reads headers only, never the body. */
export function refuseControlCall(request: {
  method: string;
  host: string | undefined;
  contentType: string | undefined;
}): ControlRefusal | undefined {
  if (!isLoopbackHost(request.host)) {
    return {
      status: 403,
      error: 'forbidden',
      message: 'the control API answers only requests addressed to localhost, 127.0.0.1 or [::1]',
    };
  }
  const readOnly = request.method === 'GET' || request.method === 'HEAD';
  if (!readOnly && !isJsonContentType(request.contentType)) {
    return {
      status: 415,
      error: 'unsupported_media_type',
      message: 'control calls that change state need Content-Type: application/json',
    };
  }
  return undefined;
}
