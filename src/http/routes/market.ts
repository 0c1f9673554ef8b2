/**
 * Market data for clients that poll (our extension; the stream is `/v1/public`): ticker, depth and
 * klines of the simulated venues. Depth is the venue's book now; ticker and klines come from the
 * same publisher that feeds the stream.
 */
import { ApiError } from '../../catalogue/index.ts';
import { formatFixed } from '../../domain/money.ts';
import type { MarketFeed } from '../../ws/public/market-feed.ts';
import { tickerOf } from '../../ws/public/ticker.ts';
import { INTERVALS, KLINE_INTERVALS } from '../../domain/candles.ts';
import { candleView } from '../../views/market.ts';
import type { Fields } from '../../wire/fields.ts';
import type { Gateway } from '../gateway.ts';
import type { Router } from '../router.ts';

const MAX_LIMIT = 1000;

export function marketRoutes(router: Router, market: MarketFeed): void {
  const common = { method: 'GET', permission: 'READ', scope: 'any', rateGroup: 'marketData' } as const;
  const symOf = (fields: Fields, gateway: Gateway) => gateway.reads.instrument(fields.text('sym', { missing: 400009 })).sym;
  const limitOf = (fields: Fields, fallback: number) => fields.integer('limit', { invalid: 400007, min: 1, max: MAX_LIMIT }) ?? fallback;

  router.add({
    ...common,
    url: '/api/v1/market/ticker',
    handle({ fields, gateway }) {
      const sym = symOf(fields, gateway);
      fields.done();
      const ticker = tickerOf(market.symFeed(sym)!.candles, gateway.clock());
      return ticker ? { sym, ...ticker } : { sym, last: '', chg: '', high24h: '', low24h: '', vol24h: '0', ts: String(gateway.clock()) };
    },
  });

  router.add({
    ...common,
    url: '/api/v1/market/depth',
    handle({ fields, gateway }) {
      const sym = symOf(fields, gateway);
      const limit = limitOf(fields, 100);
      fields.done();
      const depth = gateway.reads.market.depth(sym, limit);
      const render = (levels: typeof depth.bids) => levels.map(([price, quantity]) => [formatFixed(price), formatFixed(quantity)]);
      return { sym, bids: render(depth.bids), asks: render(depth.asks), ts: String(gateway.clock()) };
    },
  });

  router.add({
    ...common,
    url: '/api/v1/market/klines',
    handle({ fields, gateway }) {
      const sym = symOf(fields, gateway);
      const interval = fields.oneOf('interval', INTERVALS, { missing: 400009 });
      const startTime = fields.integer('startTime', { min: 0 }) ?? 0;
      const endTime = fields.integer('endTime', { min: 0 }) ?? Number.MAX_SAFE_INTEGER;
      const limit = limitOf(fields, 500);
      fields.done();
      if (startTime > endTime) throw new ApiError(400004);
      const now = gateway.clock();
      const candles = market.symFeed(sym)!.candles.list(interval, startTime).filter((c) => c.openTime <= endTime);
      return candles.slice(-limit).map((c) => candleView(c, c.openTime + KLINE_INTERVALS[interval] <= now));
    },
  });
}
