CREATE TABLE "money_movements" (
	"movement_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"kind" text NOT NULL,
	"user_id" text NOT NULL,
	"from_account_id" text NOT NULL,
	"from_account_type" text NOT NULL,
	"to_account_id" text NOT NULL,
	"to_account_type" text NOT NULL,
	"request_id" text NOT NULL,
	"coin" text NOT NULL,
	"stage" text NOT NULL,
	"create_at" bigint NOT NULL,
	"update_at" bigint NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "money_movements_user_time" ON "money_movements" USING btree ("user_id","create_at");