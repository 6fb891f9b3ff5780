/**
 * The system-browser redirect URI as a place to listen: `http://<loopback IP literal>:<port><path>`.
 * RFC 8252 §7.3 (loopback redirect) and §8.3 (prefer the IP literal over `localhost`, which may resolve
 * elsewhere or to the other IP family than the one we listen on). The port is explicit because Kakao matches
 * the registered redirect URI exactly: the browser must come back to the one port we listen on.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */

export interface LoopbackListenTarget {
  /** For `server.listen`: `127.0.0.1`, or `::1` for `[::1]`. */
  host: string;
  port: number;
  /** The exact path the browser comes back to, e.g. `/callback`. */
  path: string;
  /** The `Host` header a real redirect carries (`127.0.0.1:9021`): anything else is refused (DNS rebinding). */
  hostHeader: string;
}

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Why `uri` cannot be a system-browser redirect URI, in words for a config error; `undefined` when it can. */
export function loopbackRedirectProblem(uri: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return 'must be an absolute URL like http://127.0.0.1:9021/callback';
  }
  if (parsed.protocol !== 'http:') return 'must use http: the browser hands the code to a loopback listener';
  if (parsed.username !== '' || parsed.password !== '') return 'must not contain a user name or password';
  if (!IPV4_LOOPBACK.test(parsed.hostname) && parsed.hostname !== '[::1]')
    return 'must use a loopback IP literal (127.0.0.1 or [::1]), not a name (RFC 8252 §8.3)';
  if (parsed.port === '') return 'must name its port explicitly (Kakao matches the redirect URI exactly)';
  if (parsed.search !== '' || parsed.hash !== '') return 'must not carry a query or fragment';
  return undefined;
}

/** Where to listen for `redirectUri`. Throws a TypeError when it is not a loopback redirect URI (a config bug). */
export function loopbackListenTarget(redirectUri: string): LoopbackListenTarget {
  const problem = loopbackRedirectProblem(redirectUri);
  if (problem) throw new TypeError(`system-browser redirect URI ${problem}`);
  const parsed = new URL(redirectUri);
  return {
    host: parsed.hostname === '[::1]' ? '::1' : parsed.hostname,
    port: Number(parsed.port),
    path: parsed.pathname,
    hostHeader: parsed.host,
  };
}
