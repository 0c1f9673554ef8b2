/** Market-data payloads (connex-api.md §5.6). Numbers are decimal strings (decisions B3). */
import { formatFixed, roundTo, type Price, type Size } from '../domain/money.ts';
import type { PublicTrade } from '../engine/core/events.ts';
import type { BookUpdate, Level, Top } from '../ws/public/book-mirror.ts';
import type { Candle } from '../domain/candles.ts';

const levels = (side: readonly Level[]) => side.map(([price, quantity]) => [formatFixed(price), formatFixed(quantity)]);

/** `ts`: when the engine applied the change (snapshot: when it was taken). */
export function bookView(update: BookUpdate, type: 'snapshot' | 'update', ts: number) {
  return { updatetype: type, seq: String(update.seq), Bids: levels(update.bids), Asks: levels(update.asks), ts: String(ts) };
}

/** An empty side shows as empty strings. */
export function bboView(top: Top, ts: number) {
  return {
    bid: top.bid ? formatFixed(top.bid[0]) : '',
    bidqty: top.bid ? formatFixed(top.bid[1]) : '',
    ask: top.ask ? formatFixed(top.ask[0]) : '',
    askqty: top.ask ? formatFixed(top.ask[1]) : '',
    ts: String(ts),
  };
}

export function tradeView(trade: PublicTrade) {
  return { tradeid: trade.tradeId, side: trade.side, price: formatFixed(trade.price), qty: formatFixed(trade.quantity), ts: String(trade.ts) };
}

/** [openTime, open, high, low, close, volume, closed]. */
export function candleView(candle: Candle, closed: boolean) {
  return [String(candle.openTime), formatFixed(candle.open), formatFixed(candle.high), formatFixed(candle.low), formatFixed(candle.close), formatFixed(candle.volume), closed];
}

/** Mark and index prices carry 8 decimals, as the venues publish them. */
export function priceView(channel: 'MARK_PRICE' | 'INDEX_PRICE', price: Price, ts: number) {
  const text = formatFixed(roundTo(price, 8, 'halfUp'));
  return channel === 'MARK_PRICE' ? { markpx: text, ts: String(ts) } : { indexpx: text, ts: String(ts) };
}

/** Venue-wide open interest, in the venue's quantity unit (base coin, or contracts on OKX). */
export function openInterestView(openInterest: Size, ts: number) {
  return { open_interest: formatFixed(openInterest), ts: String(ts) };
}
