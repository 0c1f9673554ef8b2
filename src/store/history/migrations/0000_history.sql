CREATE TABLE "executions" (
	"transaction_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"portfolio_id" text NOT NULL,
	"order_id" text NOT NULL,
	"sym" text NOT NULL,
	"venue" text NOT NULL,
	"business" text NOT NULL,
	"create_at" bigint NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"portfolio_id" text NOT NULL,
	"client_order_id" text NOT NULL,
	"sym" text NOT NULL,
	"venue" text NOT NULL,
	"business" text NOT NULL,
	"state" text NOT NULL,
	"executed_qty" numeric NOT NULL,
	"create_at" bigint NOT NULL,
	"update_at" bigint NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projection_checkpoint" (
	"projection" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"statement_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"portfolio_id" text NOT NULL,
	"request_id" text NOT NULL,
	"coin" text NOT NULL,
	"sym" text NOT NULL,
	"venue" text NOT NULL,
	"business" text NOT NULL,
	"statement_type" text NOT NULL,
	"before_available" numeric NOT NULL,
	"after_available" numeric NOT NULL,
	"before_overdraw" numeric NOT NULL,
	"after_overdraw" numeric NOT NULL,
	"before_borrow" numeric NOT NULL,
	"after_borrow" numeric NOT NULL,
	"delta_amount" numeric NOT NULL,
	"create_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "executions_portfolio_time" ON "executions" USING btree ("portfolio_id","create_at");--> statement-breakpoint
CREATE INDEX "executions_order" ON "executions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "orders_portfolio_time" ON "orders" USING btree ("portfolio_id","create_at");--> statement-breakpoint
CREATE INDEX "statements_portfolio_time" ON "statements" USING btree ("portfolio_id","create_at");