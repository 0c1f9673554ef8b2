/**
 * Market data for clients that poll (our extension; the stream is `/v1/public`): ticker, depth and
 * klines of the simulated venues. Depth is the venue's book now; ticker and klines come from the
 * same publisher that feeds the stream. Besides them the reference's mark prices and funding rates (connex-api.md §4.8).
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../catalogue/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { EngineReads } from '../../engine/reads.ts';
import type { MarketFeed } from '../../ws/public/market-feed.ts';
import { tickerOf } from '../../ws/public/ticker.ts';
import { INTERVALS, KLINE_INTERVALS } from '../../domain/candles.ts';
import { CandleViewSchema, candleView, DecimalOrEmpty, FundingRateRowSchema, fundingRateRow, LevelsSchema, levelsView, MarkPriceRowSchema, markPriceRow } from '../../views/market.ts';
import { Decimal, MsText, Strict } from '../../views/schema.ts';
import { check, integer, oneOf, text } from '../../wire/field-spec.ts';
import type { Call, Router } from '../router.ts';

const MAX_LIMIT = 1000;
const SYM = Type.String({ examples: ['BINANCE_SPOT_BTC_USDT'] });

/** The sym, then the instrument it names, resolved at once (a sym written with the PEPR typo names the PERP market). */
const SYM_FIELDS = {
  sym: text({ missing: 400009, example: 'BINANCE_SPOT_BTC_USDT' }),
  instrument: check([401011], 'the sym names a listed instrument (text that is no sym at all: 400000)', ({ sym }: { sym: string }, call: Call) => call.gateway.reads.instrument(sym)),
};

/** The PERP sym named (one that is not PERP: 401041), else every PERP sym. */
export const PERP_FIELDS = {
  sym: text({ description: 'Only this perpetual (default: every PERP sym).', example: 'BINANCE_PERP_BTC_USDT' }),
  perps: check([401011, 401041], 'the sym names a listed PERP instrument (text that is no sym at all: 400000)', ({ sym }: { sym?: string }, call: Call) => perpsNamed(call.gateway.reads, sym)),
};

/** The PERP sym named, required (connex-api.md §4.8: `sym` Y). */
const PERP_NAMED_FIELDS = { ...PERP_FIELDS, sym: text({ missing: 400009, example: 'BINANCE_PERP_BTC_USDT' }) };

function perpsNamed(reads: EngineReads, sym: string | undefined): Instrument[] {
  if (sym === undefined) return [...reads.market.instruments()].filter((instrument) => instrument.business === 'PERP');
  const instrument = reads.instrument(sym);
  if (instrument.business !== 'PERP') throw new ApiError(401041);
  return [instrument];
}

const limit = (fallback: number) => integer({ invalid: 400007, min: 1, max: MAX_LIMIT, description: `1 to ${MAX_LIMIT} (default ${fallback}).` });

export function marketRoutes(router: Router, marketFeed: () => MarketFeed): void {
  const routes = router.group('Market data', 'Mark prices and funding rates (connex-api.md §4.8); ticker, depth and klines for clients that poll (our extension: the stream is `/v1/public`).');
  const common = { method: 'GET', permission: 'READ', scope: 'any', rateGroup: 'marketData' } as const;

  routes.add({
    ...common,
    url: '/api/v1/market/ticker',
    summary: 'Last price and the 24-hour change, range and volume',
    fields: SYM_FIELDS,
    response: Strict(
      { sym: SYM, last: DecimalOrEmpty(), chg: DecimalOrEmpty({ description: '24 h change, percent.' }), high24h: DecimalOrEmpty(), low24h: DecimalOrEmpty(), vol24h: Decimal(), ts: MsText() },
      { title: 'Ticker', description: 'Empty prices before the sym’s first trade since the candles kept.' },
    ),
    handle({ values: { instrument }, gateway }) {
      const { sym } = instrument;
      const ticker = tickerOf(marketFeed().symFeed(sym)!.candles, gateway.venueClock());
      return ticker ? { sym, ...ticker } : { sym, last: '', chg: '', high24h: '', low24h: '', vol24h: '0', ts: String(gateway.venueClock()) };
    },
  });

  routes.add({
    ...common,
    url: '/api/v1/market/depth',
    summary: 'The venue’s book now',
    fields: { ...SYM_FIELDS, limit: limit(100) },
    response: Strict({ sym: SYM, bids: LevelsSchema, asks: LevelsSchema, ts: MsText() }, { title: 'Depth' }),
    handle({ values: { instrument, limit = 100 }, gateway }) {
      const { sym } = instrument;
      const depth = gateway.reads.market.depth(sym, limit);
      return { sym, bids: levelsView(depth.bids), asks: levelsView(depth.asks), ts: String(gateway.venueClock()) };
    },
  });

  routes.add({
    ...common,
    url: '/api/v1/market/klines',
    summary: 'Candles of one interval, oldest first',
    description: 'startTime after endTime → 400004.',
    fields: {
      ...SYM_FIELDS,
      interval: oneOf(INTERVALS, { missing: 400009, example: '1m' }),
      startTime: integer({ min: 0, description: 'ms: candles opened from then on.' }),
      endTime: integer({ min: 0, description: 'ms: candles opened until then.' }),
      limit: limit(500),
    },
    response: Type.Array(CandleViewSchema),
    codes: [400004],
    handle({ values: { instrument, interval, startTime = 0, endTime = Number.MAX_SAFE_INTEGER, limit = 500 }, gateway }) {
      if (startTime > endTime) throw new ApiError(400004);
      const now = gateway.venueClock();
      const candles = marketFeed().symFeed(instrument.sym)!.candles.list(interval, startTime).filter((c) => c.openTime <= endTime);
      return candles.slice(-limit).map((c) => candleView(c, c.openTime + KLINE_INTERVALS[interval] <= now));
    },
  });

  routes.add({
    ...common,
    url: '/api/v1/market/markPrice',
    summary: 'Mark prices of perpetuals',
    description: 'One row per PERP sym, or only the one named; `time` is a number of ms.',
    rateGroup: 'marketReference',
    fields: PERP_FIELDS,
    response: Type.Array(MarkPriceRowSchema),
    handle({ values: { perps }, gateway }) {
      const market = gateway.reads.market;
      const now = gateway.venueClock();
      return perps.map((instrument) => markPriceRow(instrument.sym, market.markPrice(instrument), now));
    },
  });

  routes.add({
    ...common,
    url: '/api/v1/market/fundingRate',
    summary: 'Funding rate of a perpetual',
    description: 'One row: the rate predicted for the running interval and its boundaries (ms text, venue time).',
    rateGroup: 'marketReference',
    fields: PERP_NAMED_FIELDS,
    response: Type.Array(FundingRateRowSchema),
    handle({ values: { perps }, gateway }) {
      const market = gateway.reads.market;
      const now = gateway.venueClock();
      return perps.map((instrument) => fundingRateRow(instrument.sym, market.fundingRate(instrument).rate, gateway.reads.fundingTimes(instrument.sym, now)));
    },
  });
}
