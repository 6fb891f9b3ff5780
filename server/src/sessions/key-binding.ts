/**
 * The DPoP rule of a bound family (RFC 9449): its refresh token is honoured only with a proof of its key. No proof
 * is refused without touching the family (the app may simply have lost a header); a valid proof of ANOTHER key
 * means the token left the install it was issued to: the family is revoked (key_mismatch) and the call refused.
 * An unbound family has no rule here, proof or not: a family is bound at sign-in or never.
 */
import { dpopProofRefused, refreshRefused } from '../problem';
import type { FamilyRow } from './rotation-store';
import type { SessionStore } from './session-store';

/** The part of the audit log this rule writes to (see service.ts). */
type BindingAudit = (
  event: 'key_mismatch' | 'family_revoked',
  fields: { userId: string | null; sessionId: string; deviceName: string | null; reason?: string },
) => void;

export async function enforceKeyBinding(
  row: FamilyRow,
  proofJkt: string | undefined,
  now: Date,
  deps: { store: SessionStore; audit: BindingAudit },
): Promise<void> {
  if (!row.dpop_jkt) return;
  if (!proofJkt) throw dpopProofRefused('This session is bound to a key: send a DPoP proof made with it.');
  if (proofJkt === row.dpop_jkt) return;
  const fields = { userId: row.user_id, sessionId: row.session_id, deviceName: row.device_name };
  deps.audit('key_mismatch', fields);
  if (await deps.store.revoke(row.session_id, 'key_mismatch', now))
    deps.audit('family_revoked', { ...fields, reason: 'key_mismatch' });
  throw refreshRefused('key_mismatch');
}
