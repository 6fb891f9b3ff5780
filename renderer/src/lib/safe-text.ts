// A JWT (three base64url parts), or any unbroken run of 32+ token characters (opaque tokens, codes, keys).
const JWT = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/;
const LONG_TOKEN_RUN = /[A-Za-z0-9_\-+/=.~]{32,}/;

/** True when text contains something shaped like a token; such text is never shown. */
export function looksLikeSecret(text: string): boolean {
  return JWT.test(text) || LONG_TOKEN_RUN.test(text);
}
