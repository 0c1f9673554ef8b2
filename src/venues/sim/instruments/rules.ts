/**
 * The shape of a venue's instrument data file: one row per market with only what differs, and the
 * venue-wide values (fees, order limits, leverage) beside them. `registry.ts` turns rows into Instruments.
 */
import type { Amount } from '../../../domain/money.ts';
import type { BusinessType, VenueName } from '../../../domain/market.ts';

/** Decimal texts, as the venue publishes them. Sizes are base coin, or contracts on OKX PERP. */
export interface MarketRow {
  base: string;
  quote: string;
  tickSize: string;
  lotSize: string;
  /** Smallest order; defaults to lotSize. */
  minSize?: string;
  /** Smallest notional (quote coin); defaults to the venue's. */
  minNotional?: string;
  maxLimitSize: string;
  maxMarketSize: string;
  /** PERP: base coin per contract (1 where quantities are base coin). */
  contractSize?: string;
  maxLeverage?: number;
  liquidationFee?: string;
}

export interface FeeRates {
  maker: string;
  taker: string;
}

/** How the venue's simulated liquidity agents behave (spreads in basis points of the reference). */
export interface LiquidityProfile {
  halfSpreadBps: number;
  /** Distance between a market maker's levels (snapped to a tick grid). */
  levelStepBps: number;
  /** Price levels a side, at most 30 (agents.ts MAX_LEVELS). */
  levels: number;
  /** Quote-coin notional of one level, times the asset's depth. */
  levelNotional: Amount;
  /** Marketable orders per simulated minute, per book. */
  takersPerMinute: number;
  /** How far past the reference a taker's IOC limit reaches. */
  takerReachBps: number;
  /** Quote-coin notional of a PERP's typical venue-wide open interest, times the asset's depth. */
  openInterestNotional: Amount;
}

export interface VenueRules {
  venue: VenueName;
  /** Exchange-native name of a market, e.g. BTCUSDT or BTC-USDT-SWAP. */
  originalSymbol(business: BusinessType, base: string, quote: string): string;
  fees: Record<BusinessType, FeeRates>;
  maxNumOrders: Record<BusinessType, number>;
  minNotional: string;
  /** Upper bound of a MARKET order's quote amount. */
  maxMarketQuoteSize: string;
  perp: { defaultLeverage: number; safeLeverage: number; liquidationFee: string };
  marginMaxLeverage: number;
  liquidity: LiquidityProfile;
  spot: MarketRow[];
  perps: MarketRow[];
  /** MARGIN trades the spot books' rules: the spot rows listed here (base/quote). */
  margin: string[];
}
