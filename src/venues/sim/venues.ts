/**
 * The simulated venues behind the Venue and MarketData interfaces. Their state is plain data inside
 * engine state (`SimState`); these classes wrap it for one command (`SimVenues`) or one read.
 */
import type { Instrument } from '../../domain/instrument.ts';
import type { Side, VenueName } from '../../domain/market.ts';
import { roundTo, type Price, type Size } from '../../domain/money.ts';
import type { RiskTierTable } from '../../domain/perp/tiers.ts';
import type { Depth, FundingRate, LevelQuantity, MarketData, MarketUpdates, TopOfBook } from '../venue.ts';
import { bestLevelOf, levelsOfSide, type BookState } from './matching/index.ts';
import { allInstruments, findInstrument, riskTiersOf } from './instruments/index.ts';
import { fundingRateNow, instrumentReference, markPrice, openInterestOf } from './market/index.ts';
import { limitedTiers, openInterestLimit } from './perp-limits.ts';
import { trailingDayVolume } from './trailing-volume.ts';
import { NO_MARKET_DATA, SimVenue } from './sim-venue.ts';
import type { SimState } from './state.ts';

/** The books and prices of the simulated market, read from its state as it is now. */
/** Index and mark prices carry 8 decimals, as the venues publish them: margin, PnL and every view count with these digits. */
const PUBLISHED_DECIMALS = 8;

function published(price: Price): Price {
  return roundTo(price, PUBLISHED_DECIMALS, 'halfUp');
}

export class SimMarketData implements MarketData {
  constructor(private readonly state: SimState) {}

  instruments(): Iterable<Instrument> {
    return allInstruments();
  }

  instrument(sym: string): Instrument | undefined {
    return findInstrument(sym);
  }

  depth(sym: string, levels: number): Depth {
    return { bids: this.levels(sym, 'BUY', levels), asks: this.levels(sym, 'SELL', levels) };
  }

  levels(sym: string, side: Side, levels: number): LevelQuantity[] {
    const book = this.bookState(sym);
    return book ? levelsOfSide(book, side, levels) : [];
  }

  top(sym: string): TopOfBook {
    const book = this.bookState(sym);
    return { bid: book && bestLevelOf(book, 'BUY'), ask: book && bestLevelOf(book, 'SELL') };
  }

  /** A read opens no SimVenue: that is for a command that changes the book and publishes what changed. */
  private bookState(sym: string): BookState | undefined {
    const instrument = findInstrument(sym);
    return instrument && this.state.venues[instrument.venue].books.get(sym);
  }

  referencePrice(instrument: Instrument): Price {
    return instrumentReference(this.state.market, instrument);
  }

  indexPrice(coin: string): Price | undefined {
    const reference = this.state.market.assets.get(coin)?.reference;
    return reference === undefined ? undefined : published(reference);
  }

  markPrice(instrument: Instrument): Price {
    return published(markPrice(this.state.market, instrument));
  }

  fundingRate(instrument: Instrument): FundingRate {
    return fundingRateNow(this.state.market, instrument);
  }

  openInterest(instrument: Instrument): Size {
    return openInterestOf(this.state.market.openInterest, instrument);
  }

  riskTiers(sym: string): RiskTierTable | undefined {
    const table = riskTiersOf(sym);
    return table && limitedTiers(table, this.state.perpLimits.get(sym));
  }

  openInterestLimit(instrument: Instrument): Size {
    return openInterestLimit(instrument, this.state.perpLimits.get(instrument.sym));
  }

  trailingDayVolume(instrument: Instrument, now: number): Size[] {
    return trailingDayVolume(this.state.venues[instrument.venue].volume.get(instrument.sym), now);
  }
}

/** The simulated venues within one command: each venue opened once, its market updates collected. */
export class SimVenues {
  private marketData: SimMarketData | undefined;
  private readonly open: { [name in VenueName]?: SimVenue } = {};

  constructor(private readonly state: SimState) {}

  get market(): SimMarketData {
    return (this.marketData ??= new SimMarketData(this.state));
  }

  venue(name: VenueName): SimVenue {
    return (this.open[name] ??= new SimVenue(this.state.venues[name]));
  }

  takeUpdates(): MarketUpdates {
    let updates = NO_MARKET_DATA;
    for (const venue of Object.values(this.open)) {
      const taken = venue.takeMarketData();
      if (taken.trades.length + taken.books.length === 0) continue;
      updates = updates === NO_MARKET_DATA ? taken : { trades: [...updates.trades, ...taken.trades], books: [...updates.books, ...taken.books] };
    }
    return updates;
  }
}
