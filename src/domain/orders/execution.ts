import type { BusinessType, Side, VenueName } from '../market.ts';
import type { Amount, Price, Size } from '../money.ts';

export const LIQUIDITIES = ['MAKER', 'TAKER'] as const;
export type Liquidity = (typeof LIQUIDITIES)[number];

/** One fill of one order (connex-api.md §4.2). */
export interface Execution {
  transactionId: string;
  portfolioId: string;
  orderId: string;
  clientOrderId: string;
  algoOrderId: string | null;
  sym: string;
  venue: VenueName;
  business: BusinessType;
  side: Side;
  quantity: Size;
  price: Price;
  fee: Amount;
  feeCoin: string;
  /** Realized PnL of the fill (PERP); 0 for spot. */
  rpnl: Amount;
  liquidity: Liquidity;
  createAt: number;
}
