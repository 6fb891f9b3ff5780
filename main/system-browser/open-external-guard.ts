/**
 * The one URL the app hands to the user's browser is Kakao's authorize URL. The guard makes that the only
 * thing `openExternal` (Electron's `shell.openExternal`, which also runs `file:` and custom protocols) can
 * ever be asked to open: an http(s) URL on the configured Kakao auth origin, without userinfo.
 */
export function openOnlyOnOrigin(
  origin: string,
  openExternal: (url: string) => Promise<void>,
): (url: string) => Promise<void> {
  const allowed = new URL(origin).origin;
  return async (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError('openExternal: not a URL');
    }
    const httpish = parsed.protocol === 'https:' || parsed.protocol === 'http:';
    if (!httpish || parsed.origin !== allowed || parsed.username !== '' || parsed.password !== '')
      throw new TypeError('openExternal: only the Kakao sign-in page may be opened in the browser');
    await openExternal(parsed.href);
  };
}
