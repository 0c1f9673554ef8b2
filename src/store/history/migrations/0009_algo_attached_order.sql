ALTER TABLE "algo_orders" ADD COLUMN "attached_order_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "algo_orders" SET "attached_order_id" = coalesce("body"::json->>'attachedOrderId', '');--> statement-breakpoint
CREATE INDEX "algo_orders_attached_order" ON "algo_orders" USING btree ("portfolio_id","attached_order_id");
