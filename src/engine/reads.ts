/**
 * Every read the transports (http/, ws/, auth/) make of live engine state, and nothing else of
 * engine/ do they import. Reads never change state; each answers from the state as it is now.
 * A gateway that keeps a replica of the state (design.md "Scale-out") answers these same reads.
 */
import { ApiError } from '../catalogue/index.ts';
import type { Balance } from '../domain/accounts/index.ts';
import type { ApiKey, Portfolio, User } from '../domain/identity/index.ts';
import { baseQty, normalizeSym, type Instrument } from '../domain/instrument.ts';
import { abs, add, max, mul, ZERO, type Price, type Size } from '../domain/money.ts';
import type { Side, VenueName } from '../domain/market.ts';
import type { Order, PositionSide } from '../domain/orders/index.ts';
import { signedSize, tierOf, withinLimitAt, type AccountStatus, type Position, type PositionMode, type RiskTierTable } from '../domain/perp/index.ts';
import { marketDataOf, type Fault, type MarketData } from '../venues/index.ts';
import type { State } from './core/state.ts';
import { actingPortfolio, assertOwnPortfolio, type Actor } from './identity/index.ts';
import { clientOpenOrderCount, clientPortfolioCount, isHouse, openOrderOf, openOrdersOf, type OrderRefFields } from './trading/index.ts';
import { coinCollateral, leverageOf, liquidationPriceOf, marginAccount, positionModeOf, positionOf, positionRisk, tiersOf, type CoinCollateral, type MarginAccount, type PositionRisk } from './positions/index.ts';
import { venueTimeAt } from './clock/index.ts';
import { adlRanksOf, insuranceFunds, type AdlRank, type InsuranceFund } from './liquidation/index.ts';
import { depositDestination } from './funds/index.ts';
import { fundingAccountOf } from './transfers/index.ts';
import { algoProvidersOf, attachedAlgoOf, attachedAlgosOf, openAlgoOf, openAlgosOf, type AlgoProvider, type AlgoRefFields } from './algo/index.ts';
import type { AlgoOrder } from '../domain/algo/index.ts';
import { fundingTimes } from './funding/index.ts';
import { marginLeverageOf } from './lending/index.ts';
import { indexPriceOf, instrumentNamed } from './venue-link/index.ts';
import { exportsOf, unfinishedExports } from './exports/index.ts';
import type { DataExport } from '../domain/exports/index.ts';
import { isBroker, portfolioFeeRates, type PortfolioFeeRate } from './broker/index.ts';
import { feeSchedules, type FeeInstType, type FeeSchedule } from '../domain/broker/index.ts';

/** The vocabulary of reads and commands the transports share with the engine. */
export type { Actor } from './identity/index.ts';
export type { CoinCollateral, MarginAccount, PositionRisk } from './positions/index.ts';
export type { CloseRow } from './trading/index.ts';
export type { AdlRank, InsuranceFund } from './liquidation/index.ts';
export type { AlgoRefFields } from './algo/index.ts';
export type { OrderOutcome, OrderRefFields } from './trading/index.ts';
export type { Borrowed, Repaid } from './lending/index.ts';
export type { PortfolioFeeRate, SubFeeRateSet } from './broker/index.ts';

export class EngineReads {
  private marketOf: { venues: Readonly<State>['sim']; market: MarketData } | undefined;

  constructor(private readonly state: () => Readonly<State>) {}

  /** A user's funding account balances by coin (none before money first reached it). */
  fundingBalances(userId: string): ReadonlyMap<string, Balance> {
    return fundingAccountOf(this.state(), userId)?.balances ?? new Map();
  }

  /** Where a deposit of the coin on the network to the portfolio's address lands now: a venue of that portfolio, or the funding account. */
  depositLandsIn(portfolio: Portfolio, coin: string, network: string): VenueName | 'FUNDING' {
    return depositDestination(this.state(), portfolio, coin, network)?.venue ?? 'FUNDING';
  }

  user(userId: string): User | undefined {
    return this.state().users.get(userId);
  }

  users(): Iterable<User> {
    return this.state().users.values();
  }

  /** Any portfolio, the house's included (the operator's view). */
  portfolio(portfolioId: string): Portfolio | undefined {
    return this.state().portfolios.get(portfolioId);
  }

  /** Every portfolio, the house's included (the operator's view). */
  portfolios(): Iterable<Portfolio> {
    return this.state().portfolios.values();
  }

  /** How many client portfolios there are (the house's left out). */
  portfolioCount(): number {
    return clientPortfolioCount(this.state());
  }

  userCount(): number {
    return this.state().users.size;
  }

  /** A user's own portfolios. */
  portfoliosOf(userId: string): Portfolio[] {
    const state = this.state();
    return [...state.portfolios.values()].filter((p) => p.userId === userId && !isHouse(state, p.portfolioId));
  }

  /** The portfolio an actor may act on (decisions D3), else 401010 / 401022. */
  actingPortfolio(actor: Actor): Portfolio {
    return actingPortfolio(this.state(), actor);
  }

  /** The portfolio exists (else 402006) and is the user's (else 402003). */
  assertOwnPortfolio(userId: string, portfolioId: string): void {
    assertOwnPortfolio(this.state(), userId, portfolioId);
  }

  apiKey(accessKey: string): ApiKey | undefined {
    return this.state().apiKeys.get(accessKey);
  }

  apiKeys(): Iterable<ApiKey> {
    return this.state().apiKeys.values();
  }

  /** The portfolio's order if it is open (finished orders are in history). */
  openOrder(portfolio: Portfolio, ref: OrderRefFields): Order | undefined {
    return openOrderOf(this.state(), portfolio, ref);
  }

  /** The portfolio's open orders, oldest first. */
  openOrders(portfolioId: string): Order[] {
    return openOrdersOf(this.state(), portfolioId);
  }

  /** How many client orders are open, over all portfolios (the house's left out). */
  openOrderCount(): number {
    return clientOpenOrderCount(this.state());
  }

  /** The venues' instruments, books and prices as they are now. */
  get market(): MarketData {
    const venues = this.state().sim;
    // One reader per venues state: a rebuild after a bug swaps the state, and with it the reader.
    if (this.marketOf?.venues !== venues) this.marketOf = { venues, market: marketDataOf(venues) };
    return this.marketOf.market;
  }

  /** The instrument of a sym as a client may write it (the OKX_PEPR spelling too), or undefined. */
  findInstrument = (sym: string): Instrument | undefined => this.market.instrument(normalizeSym(sym));

  /** The instrument a client named: 400000 when the text is not a sym, 401011 when no venue lists it. */
  instrument(sym: string): Instrument {
    return instrumentNamed(this.market, sym);
  }

  /** The venues' fee schedules, per venue and business type (userFeeRate). */
  feeSchedules(): FeeSchedule[] {
    return feeSchedules(this.market.instruments());
  }

  /** Whether the user has set broker fee mark-ups (the broker endpoints are theirs: 406010–406012). */
  isBroker(userId: string): boolean {
    return isBroker(this.state(), userId);
  }

  /** What a portfolio pays on each venue and instType asked for: the venue's rates, marked up for a broker's sub-portfolio. */
  portfolioFeeRates(portfolio: Portfolio, filter: { venue?: VenueName; instType?: FeeInstType }): PortfolioFeeRate[] {
    return portfolioFeeRates(this.state(), this.market, portfolio, filter);
  }

  /** USD value of one unit of a coin (1 for stable coins; 0 if unknown). */
  indexPrice(coin: string): Price {
    return indexPriceOf(this.market, coin);
  }

  /** The unified margin account of a portfolio on a venue, at the marks of now (decisions L1–L3). */
  marginAccount(portfolioId: string, venue: VenueName): MarginAccount {
    return marginAccount(this.state(), this.market, portfolioId, venue);
  }

  /** One coin's balance valued as collateral at the index of now (L1): a push renders the balance its event carries. */
  coinCollateral(coin: string, balance: Balance): CoinCollateral {
    return coinCollateral(this.market, coin, balance);
  }

  /** A position (as an event carried it, or a flat one) at the marks of now, with the leverage its portfolio set. */
  positionRisk(position: Position): PositionRisk {
    return positionRisk(this.state(), this.market, position);
  }

  /** liqPrice of one position of the account (L9); null when no mark liquidates it. */
  liquidationPrice(account: MarginAccount, risk: PositionRisk): Price | null {
    return liquidationPriceOf(account, risk);
  }

  /** The leverage a portfolio set for a sym; undefined when it never did. */
  leverage(portfolioId: string, sym: string): number | undefined {
    return leverageOf(this.state(), portfolioId, sym);
  }

  /** The syms a portfolio set a leverage for, with it, in sym order. */
  leverages(portfolioId: string): { sym: string; leverage: number }[] {
    const prefix = `${portfolioId}|`;
    const rows = [...this.state().positions.leverage].filter(([key]) => key.startsWith(prefix)).map(([key, leverage]) => ({ sym: key.slice(prefix.length), leverage }));
    return rows.sort((a, b) => a.sym.localeCompare(b.sym));
  }

  /** The margin leverage of a coin the venue lends, set or the highest its tiers allow (401087: a coin not lent). */
  marginLeverage(portfolioId: string, venue: VenueName, coin: string): number {
    return marginLeverageOf(this.state(), { portfolioId, venue, coin });
  }

  positionMode(portfolioId: string, venue: VenueName): PositionMode {
    return positionModeOf(this.state(), portfolioId, venue);
  }

  /** A PERP sym's risk tiers; 401041 for a sym of another business type (400000 / 401011: no such sym). */
  riskTiers(sym: string): RiskTierTable {
    const instrument = this.instrument(sym);
    if (instrument.business !== 'PERP') throw new ApiError(401041);
    return tiersOf(this.market, instrument);
  }

  /**
   * The highest leverage at which the portfolio's position in the order's direction (NET: the sym's
   * position; BOTH: LONG for a BUY, SHORT for a SELL), after an order of `size`, stays within the tier
   * caps (L4); 0 when no leverage does. Its notional is at the higher of `limitPrice` (0: market) and the
   * mark, as order entry counts it.
   */
  maxLeverage(portfolioId: string, instrument: Instrument, side: Side, size: Size, limitPrice: Price): number {
    const state = this.state();
    const mode = positionModeOf(state, portfolioId, instrument.venue);
    const positionSide = mode === 'NET' ? 'NONE' : side === 'BUY' ? 'LONG' : 'SHORT';
    const held = positionOf(state, portfolioId, instrument.sym, positionSide)?.qty ?? ZERO;
    const after = abs(add(held, signedSize(side, size)));
    const price = max(limitPrice, this.market.markPrice(instrument));
    const exposure = { notional: mul(price, baseQty(instrument, after), 'up'), size: after };
    const table = tiersOf(this.market, instrument);
    const { maxLeverage } = tierOf(table, exposure);
    return withinLimitAt(table, maxLeverage, exposure) ? maxLeverage : 0;
  }

  /** Venue time at a wall time (decisions L12): ahead of it by what ticks fast-forwarded, never backwards. */
  venueTime(wall: number): number {
    return venueTimeAt(this.state().clock, wall);
  }

  /** A perp's next funding boundary (the one it will be settled at) and the one after, venue time. */
  fundingTimes(sym: string, now: number): { fundingTime: number; nextFundingTime: number } {
    return fundingTimes(this.state(), sym, now);
  }

  /** The venue faults the operator set, oldest first. */
  faults(): readonly Fault[] {
    return this.state().faults.faults;
  }

  /** Whether the simulation has been seeded (a data directory's first start journals its seed once). */
  get simulationStarted(): boolean {
    return this.state().sim.started;
  }

  /** Whether the insurance funds were given their starting amounts (a data directory's first start journals it once). */
  get insuranceFundsStarted(): boolean {
    return this.state().liquidation.fundsStarted;
  }

  /** Each venue's insurance fund by coin (decisions L8). */
  insuranceFunds(): InsuranceFund[] {
    return insuranceFunds(this.state());
  }

  /** Client accounts the last market tick found in a status other than NORMAL, in key order, with their margin account at the marks of now. */
  accountsAtRisk(): { status: AccountStatus; account: MarginAccount }[] {
    const state = this.state();
    return [...state.positions.statuses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, status]) => {
        const [portfolioId, venue] = key.split('|');
        return { status, account: marginAccount(state, this.market, portfolioId, venue as VenueName) };
      });
  }

  /** The ADL quintile of each of a portfolio's positions (of one sym when given; research-perps.md §1.5). */
  adlRanks(portfolioId: string, sym?: string): AdlRank[] {
    return adlRanksOf(this.state(), this.market, portfolioId, sym);
  }

  /** The portfolio's algo order if it is open (finished ones are read from history). */
  openAlgo(portfolioId: string, ref: AlgoRefFields): AlgoOrder | undefined {
    return openAlgoOf(this.state(), portfolioId, ref);
  }

  /** The TWAP / VWAP providers the operator keeps and whether each is active (decisions M3). */
  algoProviders(): AlgoProvider[] {
    return algoProvidersOf(this.state());
  }

  /** The portfolio's open algo orders, oldest first. */
  openAlgos(portfolioId: string): AlgoOrder[] {
    return openAlgosOf(this.state(), portfolioId);
  }

  /** The open TP/SL algos attached to orders that close this position (its `tpslOrder`, decisions M2). */
  positionTpsl(portfolioId: string, sym: string, positionSide: PositionSide): AlgoOrder[] {
    return attachedAlgosOf(this.state(), portfolioId, sym, positionSide);
  }

  /** The open TP/SL algo attached to an order, if it has one (the order's tp/sl fields). */
  orderTpsl(portfolioId: string, orderId: string): AlgoOrder | undefined {
    return attachedAlgoOf(this.state(), portfolioId, orderId);
  }

  /** The portfolio's data exports, newest first (decisions I1). */
  exportsOf(portfolioId: string): readonly DataExport[] {
    return exportsOf(this.state(), portfolioId);
  }

  dataExport(exportId: string): DataExport | undefined {
    return this.state().exports.byId.get(exportId);
  }

  /** Exports accepted whose file is not written yet, oldest first. */
  unfinishedExports(): DataExport[] {
    return unfinishedExports(this.state());
  }
}
