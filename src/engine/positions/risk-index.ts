/**
 * The account-status index (issue 9: index accounts by the mark at which their status would change, do
 * not rescan every account per tick). Each watched account has a band per price it depends on (a perp's
 * mark, a collateral coin's index; domain/perp/status-band.ts): its status cannot change while every one
 * of those prices stays within its band. Per price the index keeps the bands' edges ordered, the lows
 * largest first and the highs smallest first, so a move from m0 to m1 pops exactly the edges between
 * them. Those accounts, and the accounts whose positions or balances changed since (`accountTouched`),
 * are the only ones reassessed; everything else costs nothing per tick.
 *
 * Derived from engine state, never stored in it: one index per State object, built for a new one (a
 * start from a snapshot, a rebuild after a bug) with every watched account due, so the first tick
 * reassesses them all once. Popped or replaced edges stay behind as stale entries (a version tells) until
 * they outnumber the live ones, when the heaps are rebuilt.
 */
import { VENUES, type VenueName } from '../../domain/market.ts';
import type { Price } from '../../domain/money.ts';
import type { PriceBand } from '../../domain/perp/index.ts';
import type { State } from '../core/state.ts';
import { EdgeHeap } from './edge-heap.ts';
import { accountKey } from './state.ts';

export interface WatchedAccount {
  portfolioId: string;
  venue: VenueName;
}

/** One band edge of an account, valid while the account still has that version. */
interface Edge {
  account: string;
  version: number;
}

interface Banded {
  account: WatchedAccount;
  version: number;
  prices: number;
}

/** Lows are kept negated, so that the largest low is at the top of a min-heap. */
interface PriceEdges {
  lows: EdgeHeap<Edge>;
  highs: EdgeHeap<Edge>;
}

/** Stale edges tolerated beyond the live ones before a rebuild. */
const SPARE_EDGES = 4096;

export class RiskIndex {
  private readonly due = new Map<string, WatchedAccount>();
  private readonly banded = new Map<string, Banded>();
  private readonly prices = new Map<string, PriceEdges>();
  private lastVersion = 0;
  private edges = 0;
  private liveEdges = 0;
  /** Accounts handed out for reassessment so far: what the index saves is the rest. */
  reassessed = 0;

  touch(account: WatchedAccount): void {
    this.due.set(accountKey(account.portfolioId, account.venue), account);
  }

  /** The accounts to reassess now (touched, or a price left one of their bands), in key order so events come in a fixed order. */
  take(priceOf: (key: string) => Price): WatchedAccount[] {
    for (const [key, { lows, highs }] of this.prices) {
      const price = priceOf(key);
      while (lows.size > 0 && -lows.peek()! > price) this.crossed(lows.pop());
      while (highs.size > 0 && highs.peek()! < price) this.crossed(highs.pop());
    }
    const due = [...this.due.keys()].sort().map((key) => this.due.get(key)!);
    this.due.clear();
    this.reassessed += due.length;
    return due;
  }

  /** The account's bands from now on (none: no price can change its status, only a touch will). */
  band(account: WatchedAccount, bands: readonly PriceBand[]): void {
    const key = accountKey(account.portfolioId, account.venue);
    this.forgetKey(key);
    if (bands.length === 0) return;
    const version = ++this.lastVersion;
    this.banded.set(key, { account, version, prices: bands.length });
    for (const band of bands) {
      const { lows, highs } = this.edgesOf(band.key);
      lows.push(-band.low, { account: key, version });
      highs.push(band.high, { account: key, version });
    }
    this.edges += 2 * bands.length;
    this.liveEdges += 2 * bands.length;
    if (this.edges > 2 * this.liveEdges + SPARE_EDGES) this.dropStaleEdges();
  }

  forget(account: WatchedAccount): void {
    this.forgetKey(accountKey(account.portfolioId, account.venue));
  }

  private forgetKey(key: string): void {
    const banded = this.banded.get(key);
    if (!banded) return;
    this.banded.delete(key);
    this.liveEdges -= 2 * banded.prices;
  }

  private crossed(edge: Edge): void {
    this.edges--;
    const banded = this.banded.get(edge.account);
    if (banded?.version === edge.version) this.due.set(edge.account, banded.account);
  }

  private edgesOf(key: string): PriceEdges {
    let edges = this.prices.get(key);
    if (!edges) this.prices.set(key, (edges = { lows: new EdgeHeap(), highs: new EdgeHeap() }));
    return edges;
  }

  private dropStaleEdges(): void {
    const live = (edge: Edge) => this.banded.get(edge.account)?.version === edge.version;
    this.edges = 0;
    for (const [key, { lows, highs }] of this.prices) {
      lows.retain(live);
      highs.retain(live);
      this.edges += lows.size + highs.size;
      if (lows.size + highs.size === 0) this.prices.delete(key);
    }
  }
}

const INDEXES = new WeakMap<Readonly<State>, RiskIndex>();

/** The index of this state, built with every watched account due when there is none yet. */
export function riskIndexOf(state: Readonly<State>): RiskIndex {
  let index = INDEXES.get(state);
  if (!index) {
    index = new RiskIndex();
    for (const account of watchedAccounts(state)) index.touch(account);
    INDEXES.set(state, index);
  }
  return index;
}

/** A client account's positions or balances changed: its status is reassessed on the next tick. */
export function accountTouched(state: Readonly<State>, portfolioId: string, venue: VenueName): void {
  INDEXES.get(state)?.touch({ portfolioId, venue });
}

/** Client accounts holding positions or owing MARGIN debts, and those whose recorded status is not NORMAL. */
function watchedAccounts(state: Readonly<State>): WatchedAccount[] {
  const accounts: WatchedAccount[] = [];
  for (const [portfolioId, keys] of state.positions.byPortfolio) {
    if (state.trading.housePortfolios.includes(portfolioId)) continue;
    const venues = new Set(keys.map((key) => state.positions.open.get(key)!.venue));
    for (const venue of venues) accounts.push({ portfolioId, venue });
  }
  for (const [portfolioId, portfolio] of state.portfolios) {
    for (const venue of VENUES) if ([...portfolio.accounts[venue].balances.values()].some((b) => b.borrowed > 0n)) accounts.push({ portfolioId, venue });
  }
  for (const key of state.positions.statuses.keys()) {
    const [portfolioId, venue] = key.split('|');
    accounts.push({ portfolioId, venue: venue as VenueName });
  }
  return accounts;
}
