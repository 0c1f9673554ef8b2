CREATE TABLE "broker_fees" (
	"transaction_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"user_id" text NOT NULL,
	"portfolio_id" text NOT NULL,
	"sub_portfolio_id" text NOT NULL,
	"venue" text NOT NULL,
	"business" text NOT NULL,
	"coin" text NOT NULL,
	"amount" numeric NOT NULL,
	"create_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "broker_fees_user_time" ON "broker_fees" USING btree ("user_id","create_at");