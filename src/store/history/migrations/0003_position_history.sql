CREATE TABLE "positions" (
	"position_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"portfolio_id" text NOT NULL,
	"sym" text NOT NULL,
	"venue" text NOT NULL,
	"position_side" text NOT NULL,
	"side" text NOT NULL,
	"position_mode" text NOT NULL,
	"leverage" integer NOT NULL,
	"qty" numeric NOT NULL,
	"max_qty" numeric NOT NULL,
	"closed_qty" numeric NOT NULL,
	"closed_value" numeric NOT NULL,
	"opened_qty" numeric NOT NULL,
	"opened_value" numeric NOT NULL,
	"realized_pnl" numeric NOT NULL,
	"fee" numeric NOT NULL,
	"funding_fee" numeric NOT NULL,
	"create_at" bigint NOT NULL,
	"update_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "quantity" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "price" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
CREATE INDEX "positions_portfolio_update" ON "positions" USING btree ("portfolio_id","update_at");--> statement-breakpoint
-- Fills projected before these columns: quantity and price from the body (the row-body.ts layout, or the older codec JSON).
UPDATE "executions" SET
	"quantity" = (CASE WHEN "body" LIKE '{%' THEN "body"::json->'quantity'->>'$n' ELSE split_part("body", '|', 10) END)::numeric * 0.000000000000000001,
	"price" = (CASE WHEN "body" LIKE '{%' THEN "body"::json->'price'->>'$n' ELSE split_part("body", '|', 11) END)::numeric * 0.000000000000000001;
