CREATE TABLE "algo_orders" (
	"algo_order_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"portfolio_id" text NOT NULL,
	"client_order_id" text NOT NULL,
	"sym" text NOT NULL,
	"venue" text NOT NULL,
	"business" text NOT NULL,
	"algo_order_type" text NOT NULL,
	"state" text NOT NULL,
	"create_at" bigint NOT NULL,
	"update_at" bigint NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "algo_orders_portfolio_time" ON "algo_orders" USING btree ("portfolio_id","create_at");--> statement-breakpoint
CREATE INDEX "algo_orders_client_order" ON "algo_orders" USING btree ("portfolio_id","client_order_id");