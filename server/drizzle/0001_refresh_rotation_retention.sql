CREATE INDEX "refresh_tokens_expires_idx" ON "refresh_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_revoked_idx" ON "sessions" USING btree ("revoked_at") WHERE "sessions"."revoked_at" is not null;--> statement-breakpoint
-- Spent rows held their successor pair, encrypted. Null it first: DROP COLUMN alone leaves the old values in the
-- table's pages until each row is rewritten.
UPDATE "refresh_tokens" SET "successor_enc" = NULL WHERE "successor_enc" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "refresh_tokens" DROP COLUMN "successor_enc";