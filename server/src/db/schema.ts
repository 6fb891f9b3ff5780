/** Drizzle schema. Migrations in ../../drizzle are generated from it (`npm run db:generate -w server`). */
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email'),
    /**
     * This user holds the address: Kakao said it is verified and valid (or another provider vouched for it).
     * False = an unverified claim, kept for the profile but holding nothing (see the index below).
     */
    emailVerified: boolean('email_verified').notNull().default(false),
    nickname: text('nickname'),
    profileImageUrl: text('profile_image_url'),
    thumbnailImageUrl: text('thumbnail_image_url'),
    name: text('name'),
    ageRange: text('age_range'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  // Only a verified email holds its address, case-insensitively (citext needs an extension PGlite does not load by
  // default); any number of users may carry the same unverified email without blocking its verified owner.
  (t) => [uniqueIndex('users_verified_email_key').on(sql`lower(${t.email})`).where(sql`${t.emailVerified}`)],
);

export const identities = pgTable(
  'identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'kakao', or another provider ('google', 'local') for accounts created elsewhere. */
    provider: text('provider').notNull(),
    providerUserId: text('provider_user_id').notNull(),
    /** The latest Kakao tokens, AES-256-GCM encrypted (TOKEN_ENCRYPTION_KEY). Used for logout/unlink. */
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    accessTokenExpiresAt: ts('access_token_expires_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('identities_provider_user_key').on(t.provider, t.providerUserId),
    // At most one identity per provider per user (also serves lookups by user_id).
    uniqueIndex('identities_user_provider_key').on(t.userId, t.provider),
  ],
);

/** A session = one refresh-token family = one signed-in device. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null once the user is deleted: the row stays as an anonymous tombstone so refreshes say user_deleted. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    deviceName: text('device_name'),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Sign-in time; later use is the newest refresh token's issued_at (kept off the rotation hot path). */
    lastUsedAt: ts('last_used_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    /** A RefreshRefusalReason: revoked, reused, user_deleted, kakao_unlinked, key_mismatch. */
    revokedReason: text('revoked_reason'),
    /**
     * DPoP (RFC 9449): the RFC 7638 thumbprint of the client key the family is bound to, set at sign-in only.
     * Null = an unbound (Bearer) family.
     */
    dpopJkt: text('dpop_jkt'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    // The retention job finds long-revoked families through it.
    index('sessions_revoked_idx').on(t.revokedAt).where(sql`${t.revokedAt} is not null`),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    /** base64url SHA-256 of the token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    issuedAt: ts('issued_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /**
     * Set by the one atomic rotation statement; a second presentation is a reuse, or a grace retry (its successor
     * is recomputed from the presented token, never stored).
     */
    spentAt: ts('spent_at'),
  },
  (t) => [
    index('refresh_tokens_session_idx').on(t.sessionId),
    // The retention job purges long-expired rows through it.
    index('refresh_tokens_expires_idx').on(t.expiresAt),
  ],
);

/** Our ES256 signing keys. `slot = 'current'` is the one we sign with; others stay in the JWKS until dropped. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  slot: text('slot').unique(),
  publicJwk: jsonb('public_jwk').notNull(),
  privateJwkEnc: text('private_jwk_enc').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * DPoP proofs already seen (jti per key), so a proof is accepted once across every instance. A row is useless once
 * its proof's iat is out of the acceptance window (`expires_at`); the retention job deletes it then.
 */
export const dpopProofs = pgTable(
  'dpop_proofs',
  {
    jkt: text('jkt').notNull(),
    jti: text('jti').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jkt, t.jti] }), index('dpop_proofs_expires_idx').on(t.expiresAt)],
);
