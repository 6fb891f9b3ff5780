/**
 * Looks for secrets in text: each secret as given, URL-encoded, base64 / base64url encoded, and in pieces —
 * a JWT's payload and signature parts, the first and last 16 characters of a long opaque token — so a log
 * line that truncates, encodes or splits a token still counts.
 *
 * @example
 * ```ts
 * const secrets = new SecretBook();
 * secrets.add('our refresh token', refreshToken);
 * findLeaks(secrets, [{ where: 'backend log', text: logLines.join('\n') }]); // → [] when clean
 * ```
 */

export interface ScanSource {
  /** Where the text came from, for the report (e.g. "backend log line 12", "db users.nickname"). */
  where: string;
  text: string;
}

export interface Leak {
  where: string;
  /** The secret's name (e.g. "Kakao refresh token"). */
  secret: string;
  /** Which form was found (e.g. "as is", "base64url", "JWT payload"). */
  form: string;
}

/** Shorter pieces are not searched: a random 16-character base64url run does not occur by chance. */
const FRAGMENT_LENGTH = 16;

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The forms a secret may take in text, each with a label. `pieces: false` leaves out the first/last 16
 * characters: for structured text (a whole JWK) whose start is shared with harmless text (a public JWK).
 */
export function secretForms(
  value: string,
  options: { pieces?: boolean } = {},
): { form: string; text: string }[] {
  const forms = new Map<string, string>();
  const add = (form: string, text: string) => {
    if (text.length >= FRAGMENT_LENGTH && ![...forms.values()].includes(text)) forms.set(form, text);
  };
  add('as is', value);
  add('URL-encoded', encodeURIComponent(value));
  add('form-encoded', new URLSearchParams({ v: value }).toString().slice(2));
  add('base64', Buffer.from(value).toString('base64').replace(/=+$/, ''));
  add('base64url', Buffer.from(value).toString('base64url'));
  if (JWT.test(value)) {
    // The header is shared by every token of a key, so it is no secret; the payload and signature are.
    const [, payload, signature] = value.split('.');
    add('JWT payload', payload!);
    add('JWT signature', signature!);
  } else if (options.pieces !== false && value.length >= 2 * FRAGMENT_LENGTH) {
    add('first 16 characters', value.slice(0, FRAGMENT_LENGTH));
    add('last 16 characters', value.slice(-FRAGMENT_LENGTH));
  }
  return [...forms].map(([form, text]) => ({ form, text }));
}

/** The secrets of a run, by name. The same value under two names is kept once (the first name). */
export class SecretBook {
  private readonly byValue = new Map<string, { name: string; pieces: boolean }>();

  /** Ignores empty values; refuses values too short to search for without false hits. */
  add(name: string, value: string | null | undefined, options: { pieces?: boolean } = {}): void {
    if (!value) return;
    if (value.length < FRAGMENT_LENGTH) throw new Error(`${name} is too short to scan for (${value.length})`);
    if (!this.byValue.has(value)) this.byValue.set(value, { name, pieces: options.pieces !== false });
  }

  /**
   * A private JWK (e.g. the desktop's DPoP install key, as its vault holds it): each private member (`d`, and
   * RSA's `p`, `q`, `dp`, `dq`, `qi`) as `<name> (d)`…, and the whole JWK text as `<name> (whole JWK)`.
   * The public members (`x`, `y`, `n`, `e`) are no secret: proofs carry them.
   */
  addPrivateJwk(name: string, jwk: string | null | undefined): void {
    if (!jwk) return;
    const members = JSON.parse(jwk) as Record<string, unknown>;
    const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi'].filter((m) => typeof members[m] === 'string');
    if (privateMembers.length === 0) throw new Error(`${name} has no private member: not a private JWK`);
    for (const member of privateMembers) this.add(`${name} (${member})`, members[member] as string);
    this.add(`${name} (whole JWK)`, jwk, { pieces: false });
  }

  /** Every name, once per distinct value (a name may repeat: two refresh tokens). */
  names(): string[] {
    return [...this.byValue.values()].map((entry) => entry.name);
  }

  entries(): { name: string; value: string; pieces: boolean }[] {
    return [...this.byValue].map(([value, { name, pieces }]) => ({ name, value, pieces }));
  }
}

export function findLeaks(secrets: SecretBook, sources: readonly ScanSource[]): Leak[] {
  const leaks: Leak[] = [];
  const searches = secrets
    .entries()
    .flatMap(({ name, value, pieces }) =>
      secretForms(value, { pieces }).map(({ form, text }) => ({ name, form, text })),
    );
  for (const source of sources) {
    for (const search of searches) {
      if (source.text.includes(search.text))
        leaks.push({ where: source.where, secret: search.name, form: search.form });
    }
  }
  return leaks;
}
