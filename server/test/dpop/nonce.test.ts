import { describe, expect, it } from 'vitest';
import { createNonceSource, nonceKeyFrom } from '../../src/dpop/nonce';

describe('stateless DPoP nonces', () => {
  const key = nonceKeyFrom(Buffer.alloc(32, 7));
  const nonces = createNonceSource(key, 300);
  const at = (s: number) => new Date(s * 1000);

  it('accepts the current and the previous window only', () => {
    const issued = nonces.current(at(3000)); // window 10
    expect(nonces.isValid(issued, at(3299))).toBe(true);
    expect(nonces.isValid(issued, at(3300))).toBe(true); // window 11: previous accepted
    expect(nonces.isValid(issued, at(3599))).toBe(true);
    expect(nonces.isValid(issued, at(3600))).toBe(false); // window 12
    expect(nonces.isValid(issued, at(2999))).toBe(false); // from the future
    expect(nonces.current(at(3300))).not.toBe(issued);
  });

  it('depends on the server key, and refuses junk', () => {
    const other = createNonceSource(nonceKeyFrom(Buffer.alloc(32, 8)), 300);
    expect(other.isValid(nonces.current(at(3000)), at(3000))).toBe(false);
    expect(nonces.isValid('', at(3000))).toBe(false);
    expect(nonces.isValid('x'.repeat(1000), at(3000))).toBe(false);
  });
});
