/** Market-data payloads (connex-api.md §5.6) and their schemas. Numbers are decimal strings (decisions B3). */
import { Type, type Static } from '@sinclair/typebox';
import { SIDES } from '../domain/market.ts';
import { formatFixed, type Price, type Rate, type Size } from '../domain/money.ts';
import type { PublicTrade } from '../engine/core/events.ts';
import type { BookUpdate, Level, Top } from '../ws/public/book-mirror.ts';
import type { Candle } from '../domain/candles.ts';
import { Decimal, MsNumber, MsText, StringEnum, Strict } from './schema.ts';

/** A decimal, or "" where there is none (an empty side of the book, a sym not traded yet). */
export const DecimalOrEmpty = (options: Parameters<typeof Decimal>[0] = {}) => Type.Union([Decimal(), Type.Literal('')], options);

export const LevelsSchema = Type.Array(Type.Tuple([Decimal({ description: 'price' }), Decimal({ description: 'quantity (0 removes the level)' })]), {
  description: '[[price, quantity]], best first.',
});

export function levelsView(side: readonly Level[]): Static<typeof LevelsSchema> {
  return side.map(([price, quantity]) => [formatFixed(price), formatFixed(quantity)]);
}

export const BookViewSchema = Strict(
  {
    updatetype: StringEnum(['snapshot', 'update'] as const),
    seq: Type.String({ pattern: '^[0-9]+$', description: "The sym's gapless book sequence: a snapshot carries the seq of the last update folded into it." }),
    Bids: LevelsSchema,
    Asks: LevelsSchema,
    ts: MsText(),
  },
  { title: 'Order book' },
);

/** `ts`: when the engine applied the change (snapshot: when it was taken). */
export function bookView(update: BookUpdate, type: 'snapshot' | 'update', ts: number): Static<typeof BookViewSchema> {
  return { updatetype: type, seq: String(update.seq), Bids: levelsView(update.bids), Asks: levelsView(update.asks), ts: String(ts) };
}

export const BboViewSchema = Strict({ bid: DecimalOrEmpty(), bidqty: DecimalOrEmpty(), ask: DecimalOrEmpty(), askqty: DecimalOrEmpty(), ts: MsText() }, { title: 'Best bid and offer' });

/** An empty side shows as empty strings. */
export function bboView(top: Top, ts: number): Static<typeof BboViewSchema> {
  return {
    bid: top.bid ? formatFixed(top.bid[0]) : '',
    bidqty: top.bid ? formatFixed(top.bid[1]) : '',
    ask: top.ask ? formatFixed(top.ask[0]) : '',
    askqty: top.ask ? formatFixed(top.ask[1]) : '',
    ts: String(ts),
  };
}

export const TradeViewSchema = Strict(
  { tradeid: Type.String(), side: StringEnum(SIDES, { description: "The taker's side." }), price: Decimal(), qty: Decimal(), ts: MsText() },
  { title: 'Trade' },
);

export function tradeView(trade: PublicTrade): Static<typeof TradeViewSchema> {
  return { tradeid: trade.tradeId, side: trade.side, price: formatFixed(trade.price), qty: formatFixed(trade.quantity), ts: String(trade.ts) };
}

export const CandleViewSchema = Type.Tuple(
  [MsText({ description: 'openTime' }), Decimal({ description: 'open' }), Decimal({ description: 'high' }), Decimal({ description: 'low' }), Decimal({ description: 'close' }), Decimal({ description: 'volume' }), Type.Boolean({ description: 'closed' })],
  { title: 'Candle', description: '[openTime, open, high, low, close, volume, closed].' },
);

/** [openTime, open, high, low, close, volume, closed]. */
export function candleView(candle: Candle, closed: boolean): Static<typeof CandleViewSchema> {
  return [String(candle.openTime), formatFixed(candle.open), formatFixed(candle.high), formatFixed(candle.low), formatFixed(candle.close), formatFixed(candle.volume), closed];
}

export const MarkPriceViewSchema = Strict({ markpx: Decimal(), ts: MsText() }, { title: 'Mark price' });
export const IndexPriceViewSchema = Strict({ indexpx: Decimal(), ts: MsText() }, { title: 'Index price' });

export function priceView(channel: 'MARK_PRICE' | 'INDEX_PRICE', price: Price, ts: number): Static<typeof MarkPriceViewSchema> | Static<typeof IndexPriceViewSchema> {
  const text = formatFixed(price);
  return channel === 'MARK_PRICE' ? { markpx: text, ts: String(ts) } : { indexpx: text, ts: String(ts) };
}

/** A row of GET /api/v1/market/markPrice (research-perps.md §7.3: the reference's array, `time` a number). */
export const MarkPriceRowSchema = Strict(
  { publicChannelTypeEnum: Type.Literal('MARK_PRICE'), sym: Type.String({ examples: ['BINANCE_PERP_BTC_USDT'] }), markPrice: Decimal(), time: MsNumber() },
  { title: 'Mark price row' },
);

export function markPriceRow(sym: string, price: Price, time: number): Static<typeof MarkPriceRowSchema> {
  return { publicChannelTypeEnum: 'MARK_PRICE', sym, markPrice: formatFixed(price), time };
}

/** A row of GET /api/v1/market/fundingRate (research-perps.md §7.3: the reference's array, times ms text in venue time). */
export const FundingRateRowSchema = Strict(
  {
    sym: Type.String({ examples: ['BINANCE_PERP_BTC_USDT'] }),
    fundingRate: Decimal({ description: 'Predicted for the interval now running, from its time-weighted premium so far (8 decimals; positive: longs pay).' }),
    fundingTime: MsText({ description: 'The end of the running interval: the next funding boundary.' }),
    nextFundingTime: MsText({ description: 'The boundary after it.' }),
  },
  { title: 'Funding rate row' },
);

/** The rate predicted for the running interval, the boundary it ends at and the one after (multiples of the interval from 00:00 UTC). */
export function fundingRateRow(sym: string, rate: Rate, times: { fundingTime: number; nextFundingTime: number }): Static<typeof FundingRateRowSchema> {
  return { sym, fundingRate: formatFixed(rate), fundingTime: String(times.fundingTime), nextFundingTime: String(times.nextFundingTime) };
}

export const OpenInterestViewSchema = Strict(
  { open_interest: Decimal({ description: "Venue-wide, in the venue's quantity unit (base coin; contracts on OKX)." }), ts: MsText() },
  { title: 'Open interest' },
);

/** Venue-wide open interest, in the venue's quantity unit (base coin, or contracts on OKX). */
export function openInterestView(openInterest: Size, ts: number): Static<typeof OpenInterestViewSchema> {
  return { open_interest: formatFixed(openInterest), ts: String(ts) };
}
