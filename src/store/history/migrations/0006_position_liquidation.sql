ALTER TABLE "positions" ADD COLUMN "liq_fee" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "closed_type" text DEFAULT 'COMPLETE_CLOSED' NOT NULL;