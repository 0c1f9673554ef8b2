CREATE TABLE "candles" (
	"sym" text NOT NULL,
	"interval" text NOT NULL,
	"open_time" bigint NOT NULL,
	"open" numeric NOT NULL,
	"high" numeric NOT NULL,
	"low" numeric NOT NULL,
	"close" numeric NOT NULL,
	"volume" numeric NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "candles_sym_interval_open_time_pk" PRIMARY KEY("sym","interval","open_time")
);
