/**
 * The market-data publisher: folds each durable batch of `bookChanged` / `publicTrade` events into
 * per-sym book mirrors, candles and tickers, and pushes each changed topic once, rendered once, to
 * every session subscribed to it. A new subscriber first gets the topic's current state
 * (ORDER_BOOK snapshot with its seq, BBO, TICKER, current candle, open interest), then the changes.
 * Candles (and the tickers drawn from them) start from those the history store kept. Each perp's mark
 * and index price candles take a sample at start and on every market tick (`marketAdvanced`).
 */
import type { EngineReads } from '../../engine/reads.ts';
import type { Price, Size } from '../../domain/money.ts';
import type { EventBatch, PublicTrade } from '../../engine/core/events.ts';
import type { KeptCandles } from '../../store/history/queries/history-store.ts';
import { EncodedFrame } from '../encoded-frame.ts';
import type { Session } from '../session.ts';
import { BookMirror, type Level, type Top } from './book-mirror.ts';
import { CandleSeries, type CandleChange, type KlineInterval } from '../../domain/candles.ts';
import { newPriceCandles, PRICE_CANDLE_CHANNELS, SAMPLED_PRICE, samplePrice, type PriceCandles } from './price-candles.ts';
import { tickerOf } from './ticker.ts';
import { topicArg, topicKey, type Channel, type Topic } from './topics.ts';
import { bboView, bookView, candleView, openInterestView, priceView, tradeView } from '../../views/market.ts';

/** Channels pushed when the value read from the venue changes (checked after every durable batch). */
type PriceChannel = 'MARK_PRICE' | 'INDEX_PRICE';

interface SymFeed {
  book: BookMirror;
  /** PERP only: as of the last durable `openInterestChanged`. */
  openInterest?: Size;
  top: Top;
  candles: CandleSeries;
  /** PERP only: candles of the mark and index price. */
  priceCandles?: PriceCandles;
  tickerDirty: boolean;
}

const TICKER_EVERY_MS = 2_000;

export class MarketFeed {
  private readonly syms = new Map<string, SymFeed>();
  private readonly subscribers = new Map<string, Set<Session>>();
  private readonly tickerTimer: NodeJS.Timeout;
  /** Subscribed MARK_PRICE / INDEX_PRICE topics and the value last pushed for each. */
  private readonly priceTopics = new Map<string, { topic: Topic & { channel: PriceChannel }; last?: Price }>();

  constructor(
    /** Where the publisher reads what events do not carry: the instruments, the venue books, perp prices. */
    readonly reads: EngineReads,
    private readonly clock: () => number,
    /** The candles kept so far (history store). */
    kept: readonly KeptCandles[] = [],
  ) {
    const market = reads.market;
    for (const instrument of market.instruments()) {
      const depth = market.depth(instrument.sym, Number.MAX_SAFE_INTEGER);
      const book = new BookMirror(depth.bids, depth.asks);
      const perp = instrument.business === 'PERP';
      const openInterest = perp ? market.openInterest(instrument) : undefined;
      const priceCandles = perp ? newPriceCandles() : undefined;
      this.syms.set(instrument.sym, { book, top: book.top(), candles: new CandleSeries(), priceCandles, tickerDirty: false, openInterest });
    }
    for (const { sym, interval, candles } of kept) this.syms.get(sym)?.candles.restore(interval, candles);
    this.samplePrices(clock());
    this.tickerTimer = setInterval(() => this.pushTickers(), TICKER_EVERY_MS).unref();
  }

  close(): void {
    clearInterval(this.tickerTimer);
  }

  /** Most batches (a client's order that did not trade) hold no market data: the maps are made on its first event. */
  readonly publish = (batch: EventBatch): void => {
    let books: Map<string, { bids: Map<Price, Size>; asks: Map<Price, Size> }> | undefined;
    let trades: Map<string, PublicTrade[]> | undefined;
    let ticked = false;
    for (const event of batch.events) {
      if (event.type === 'bookChanged') {
        books ??= new Map();
        let changes = books.get(event.sym);
        if (!changes) books.set(event.sym, (changes = { bids: new Map(), asks: new Map() }));
        for (const [price, quantity] of event.bids) changes.bids.set(price, quantity);
        for (const [price, quantity] of event.asks) changes.asks.set(price, quantity);
      } else if (event.type === 'publicTrade') {
        trades ??= new Map();
        let list = trades.get(event.sym);
        if (!list) trades.set(event.sym, (list = []));
        list.push(event);
      } else if (event.type === 'openInterestChanged') {
        this.openInterestChanged(event.sym, event.openInterest, batch.ts);
      } else if (event.type === 'marketAdvanced') {
        ticked = true;
      }
    }
    for (const [sym, changes] of books ?? []) this.bookChanged(sym, [...changes.bids], [...changes.asks], batch.ts);
    for (const [sym, list] of trades ?? []) this.traded(sym, list);
    if (ticked) this.samplePrices(batch.ts);
    this.pushPrices(batch.ts);
  };

  /** The sym's data, for the REST polling endpoints. */
  symFeed(sym: string): { candles: CandleSeries; book: BookMirror } | undefined {
    return this.syms.get(sym);
  }

  subscribe(session: Session, topic: Topic): void {
    const key = topicKey(topic);
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    if (set.has(session)) return;
    set.add(session);
    if (isPriceTopic(topic) && !this.priceTopics.has(key)) this.priceTopics.set(key, { topic, last: this.priceOf(topic.channel, topic.sym) });
    const initial = this.currentOf(topic);
    if (initial !== undefined) session.send(JSON.stringify({ arg: topicArg(topic), data: initial }));
  }

  unsubscribe(session: Session, topic: Topic): void {
    const key = topicKey(topic);
    const set = this.subscribers.get(key);
    set?.delete(session);
    if (set?.size !== 0) return;
    this.subscribers.delete(key);
    this.priceTopics.delete(key);
  }

  private currentOf(topic: Topic): unknown {
    const feed = this.syms.get(topic.sym)!;
    switch (topic.channel) {
      case 'ORDER_BOOK':
        return bookView(feed.book.snapshot(), 'snapshot', this.clock());
      case 'BBO':
        return bboView(feed.top, this.clock());
      case 'TICKER':
        return tickerOf(feed.candles, this.clock()) ?? undefined;
      case 'KLINE':
        return currentCandle(feed.candles, topic.interval!);
      case 'MARK_PRICE_KLINE':
      case 'INDEX_KLINE':
        return currentCandle(feed.priceCandles![topic.channel], topic.interval!);
      case 'OPEN_INTEREST':
        return openInterestView(feed.openInterest!, this.clock());
      case 'MARK_PRICE':
      case 'INDEX_PRICE':
        return priceView(topic.channel, this.priceTopics.get(topicKey(topic))!.last!, this.clock());
      default:
        return undefined;
    }
  }

  private bookChanged(sym: string, bids: Level[], asks: Level[], ts: number): void {
    const feed = this.syms.get(sym);
    if (!feed) return;
    const update = feed.book.apply(bids, asks);
    this.push({ channel: 'ORDER_BOOK', sym }, () => bookView(update, 'update', ts));
    const top = feed.book.top();
    if (sameLevel(top.bid, feed.top.bid) && sameLevel(top.ask, feed.top.ask)) return;
    feed.top = top;
    this.push({ channel: 'BBO', sym }, () => bboView(top, ts));
  }

  private openInterestChanged(sym: string, openInterest: Size, ts: number): void {
    const feed = this.syms.get(sym);
    if (!feed) return;
    feed.openInterest = openInterest;
    this.push({ channel: 'OPEN_INTEREST', sym }, () => openInterestView(openInterest, ts));
  }

  private traded(sym: string, trades: PublicTrade[]): void {
    const feed = this.syms.get(sym);
    if (!feed) return;
    const changes = trades.flatMap((trade) => feed.candles.add(trade.price, trade.quantity, trade.ts));
    feed.tickerDirty = true;
    this.push({ channel: 'TRADE', sym }, () => trades.map(tradeView));
    this.pushCandles('KLINE', sym, changes);
  }

  /** Every perp's mark and index price candles take a sample of the price now. */
  private samplePrices(ts: number): void {
    for (const [sym, { priceCandles }] of this.syms) {
      if (!priceCandles) continue;
      for (const channel of PRICE_CANDLE_CHANNELS) {
        this.pushCandles(channel, sym, samplePrice(priceCandles[channel], this.priceOf(SAMPLED_PRICE[channel], sym), ts));
      }
    }
  }

  /** Pushes the candles that changed, per interval: those closed, then the current one. */
  private pushCandles(channel: Channel, sym: string, changes: CandleChange[]): void {
    const byInterval = new Map<KlineInterval, CandleChange[]>();
    for (const change of changes) {
      let list = byInterval.get(change.interval);
      if (!list) byInterval.set(change.interval, (list = []));
      list.push(change);
    }
    for (const [interval, list] of byInterval) this.push({ channel, sym, interval }, () => klineRows(list));
  }

  private pushTickers(): void {
    const now = this.clock();
    for (const [sym, feed] of this.syms) {
      if (!feed.tickerDirty) continue;
      feed.tickerDirty = false;
      this.push({ channel: 'TICKER', sym }, () => tickerOf(feed.candles, now));
    }
  }

  private priceOf(channel: PriceChannel, sym: string): Price {
    const market = this.reads.market;
    const instrument = market.instrument(sym)!;
    return channel === 'MARK_PRICE' ? market.markPrice(instrument) : market.indexPrice(instrument.base)!;
  }

  private pushPrices(ts: number): void {
    for (const entry of this.priceTopics.values()) {
      const value = this.priceOf(entry.topic.channel, entry.topic.sym);
      if (value === entry.last) continue;
      entry.last = value;
      this.push(entry.topic, () => priceView(entry.topic.channel, value, ts));
    }
  }

  /** Renders the push only when someone listens, and only once for all of them. */
  private push(topic: Topic, data: () => unknown): void {
    const set = this.subscribers.get(topicKey(topic));
    if (!set || set.size === 0) return;
    const frame = EncodedFrame.text(JSON.stringify({ arg: topicArg(topic), data: data() }));
    for (const session of set) session.send(frame);
  }
}

/** A new subscriber's candle: the current one, when there is one yet. */
function currentCandle(candles: CandleSeries, interval: KlineInterval) {
  const candle = candles.latest(interval);
  return candle ? [candleView(candle, false)] : undefined;
}

/** Closed candles of this batch, then the current one. */
function klineRows(changes: CandleChange[]) {
  const rows = changes.filter((c) => c.closed).map((c) => candleView(c.closed!, true));
  rows.push(candleView(changes[changes.length - 1].current, false));
  return rows;
}

function isPriceTopic(topic: Topic): topic is Topic & { channel: PriceChannel } {
  return topic.channel === 'MARK_PRICE' || topic.channel === 'INDEX_PRICE';
}

function sameLevel(a: Level | undefined, b: Level | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1]);
}
