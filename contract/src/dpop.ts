/**
 * DPoP (RFC 9449): the names both sides of a sender-constrained session agree on. The desktop signs a proof per
 * request with its per-install key; the backend binds the session family to that key's thumbprint (`jkt`).
 * @see https://www.rfc-editor.org/rfc/rfc9449
 */

/** Request header carrying the proof JWT (§4.1). */
export const DPOP_HEADER = 'DPoP';
/** Response header carrying a server-provided nonce (§8); the client retries once with it. */
export const DPOP_NONCE_HEADER = 'DPoP-Nonce';
/** `typ` of every proof's JOSE header (§4.2). */
export const DPOP_PROOF_TYP = 'dpop+jwt';
/** The only proof algorithm we sign and accept: ECDSA P-256 with SHA-256. */
export const DPOP_ALGORITHM = 'ES256';
/** Authorization scheme for a bound access token (§7.1); unbound tokens keep `Bearer`. */
export const DPOP_AUTH_SCHEME = 'DPoP';
