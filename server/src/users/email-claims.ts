/**
 * Who holds an email address, as pure decisions (the SQL lives in kakao-sign-in.ts / repository.ts):
 * - Only a verified (and valid) email claims an address. An unverified one is kept on its own user for the profile
 *   but neither blocks nor captures the verified owner.
 * - Linking joins two verified claims of the same address, and only into a user without an identity of that
 *   provider: a user never gets a second Kakao account.
 * - A sign-in never downgrades what another identity verified.
 */

/** An email as a provider reported it. `verified` = verified and valid. */
export interface EmailClaim {
  address: string | null;
  verified: boolean;
}

/** The user that holds an address (its verified claim), and whether it already has an identity of the provider. */
export interface AddressHolder {
  userId: string;
  hasProviderIdentity: boolean;
}

export type FirstSignInPlan =
  | { kind: 'create'; email: EmailClaim }
  | { kind: 'link'; userId: string }
  | { kind: 'refuse_second_identity' };

/** A provider account seen for the first time: a new user, a link by verified email, or a refusal. */
export function planFirstSignIn(reported: EmailClaim, holder: AddressHolder | undefined): FirstSignInPlan {
  if (reported.address === null || !reported.verified) {
    return { kind: 'create', email: { address: reported.address, verified: false } };
  }
  if (holder === undefined) return { kind: 'create', email: reported };
  if (holder.hasProviderIdentity) return { kind: 'refuse_second_identity' };
  return { kind: 'link', userId: holder.userId };
}

export interface CurrentEmail extends EmailClaim {
  /** The user has an identity of another provider, which may be the one that verified the email. */
  hasOtherProviders: boolean;
}

/**
 * A returning sign-in: the user's email afterwards. The provider's own report replaces the email unless another
 * provider may have verified it; a verified report claims the address only when no other user holds it.
 */
export function emailAfterSignIn(
  current: CurrentEmail,
  reported: EmailClaim,
  heldByAnotherUser: boolean,
): EmailClaim {
  if (current.verified && current.hasOtherProviders) return { address: current.address, verified: true };
  if (reported.address !== null && reported.verified && !heldByAnotherUser) return reported;
  return { address: reported.address, verified: false };
}
