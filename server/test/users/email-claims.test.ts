import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AddressHolder,
  type EmailClaim,
  emailAfterSignIn,
  planFirstSignIn,
} from '../../src/users/email-claims';

const claim = fc.record({
  address: fc.option(fc.constantFrom('x@example.test', 'X@Example.test', 'y@example.test'), { nil: null }),
  verified: fc.boolean(),
});
const holder = fc.option(fc.record({ userId: fc.uuid(), hasProviderIdentity: fc.boolean() }), {
  nil: undefined,
});

describe('planFirstSignIn', () => {
  it('links or refuses only for a verified report of a held address; never claims an unverified one', () => {
    fc.assert(
      fc.property(claim, holder, (reported: EmailClaim, h: AddressHolder | undefined) => {
        const plan = planFirstSignIn(reported, h);
        const verified = reported.address !== null && reported.verified;
        if (plan.kind === 'link') expect(verified && h !== undefined && !h.hasProviderIdentity).toBe(true);
        if (plan.kind === 'refuse_second_identity') expect(verified && h?.hasProviderIdentity).toBe(true);
        if (plan.kind === 'create') {
          expect(plan.email.address).toBe(reported.address);
          // A new user holds the address only when it is verified and nobody holds it yet.
          expect(plan.email.verified).toBe(verified && h === undefined);
          if (!verified) expect(plan.email.verified).toBe(false);
        }
        if (!verified) expect(plan.kind).toBe('create');
      }),
    );
  });

  it('examples', () => {
    const x = 'x@example.test';
    expect(
      planFirstSignIn({ address: x, verified: false }, { userId: 'u', hasProviderIdentity: false }),
    ).toEqual({ kind: 'create', email: { address: x, verified: false } });
    expect(
      planFirstSignIn({ address: x, verified: true }, { userId: 'u', hasProviderIdentity: false }),
    ).toEqual({
      kind: 'link',
      userId: 'u',
    });
    expect(
      planFirstSignIn({ address: x, verified: true }, { userId: 'u', hasProviderIdentity: true }),
    ).toEqual({
      kind: 'refuse_second_identity',
    });
  });
});

describe('emailAfterSignIn', () => {
  const current = fc.record({
    address: fc.option(fc.constantFrom('x@example.test', 'z@example.test'), { nil: null }),
    verified: fc.boolean(),
    hasOtherProviders: fc.boolean(),
  });

  it('never downgrades what another provider verified, and never takes a held address', () => {
    fc.assert(
      fc.property(current, claim, fc.boolean(), (cur, reported, heldByAnotherUser) => {
        const next = emailAfterSignIn(cur, reported, heldByAnotherUser);
        if (cur.verified && cur.hasOtherProviders) {
          expect(next).toEqual({ address: cur.address, verified: true });
          return;
        }
        // Otherwise the provider's own report is shown, holding the address only when verified and free.
        expect(next.address).toBe(reported.address);
        expect(next.verified).toBe(reported.address !== null && reported.verified && !heldByAnotherUser);
      }),
    );
  });
});
