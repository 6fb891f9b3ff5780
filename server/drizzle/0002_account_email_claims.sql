DROP INDEX "identities_user_idx";--> statement-breakpoint
DROP INDEX "users_email_lower_key";--> statement-breakpoint
-- Repair data from the old email linking, which could give one user two Kakao identities (an unverified email
-- captured by a later verified one). Whose claim was real cannot be told apart here, so: the affected users'
-- sessions end, their email no longer holds its address, and every identity but the oldest of a provider moves to
-- a user of its own. Each person signs in again and lands in their own user; Kakao's next verified report reclaims
-- the address.
UPDATE "sessions" SET "revoked_at" = now(), "revoked_reason" = 'revoked'
WHERE "revoked_at" IS NULL
  AND "user_id" IN (SELECT "user_id" FROM "identities" GROUP BY "user_id", "provider" HAVING count(*) > 1);--> statement-breakpoint
UPDATE "users" SET "email_verified" = false, "updated_at" = now()
WHERE "id" IN (SELECT "user_id" FROM "identities" GROUP BY "user_id", "provider" HAVING count(*) > 1);--> statement-breakpoint
WITH "extra" AS MATERIALIZED (
  SELECT i."id" AS "identity_id", i."user_id", gen_random_uuid() AS "new_user_id"
  FROM "identities" i
  WHERE EXISTS (
    SELECT 1 FROM "identities" o
    WHERE o."user_id" = i."user_id" AND o."provider" = i."provider" AND (o."created_at", o."id") < (i."created_at", i."id")
  )
), "moved_users" AS (
  INSERT INTO "users" ("id", "email", "email_verified", "nickname", "profile_image_url", "thumbnail_image_url", "name", "age_range")
  SELECT e."new_user_id", u."email", false, u."nickname", u."profile_image_url", u."thumbnail_image_url", u."name", u."age_range"
  FROM "extra" e JOIN "users" u ON u."id" = e."user_id"
  RETURNING "id"
)
UPDATE "identities" i SET "user_id" = e."new_user_id", "updated_at" = now()
FROM "extra" e WHERE i."id" = e."identity_id";--> statement-breakpoint
CREATE UNIQUE INDEX "identities_user_provider_key" ON "identities" USING btree ("user_id","provider");--> statement-breakpoint
CREATE UNIQUE INDEX "users_verified_email_key" ON "users" USING btree (lower("email")) WHERE "users"."email_verified";