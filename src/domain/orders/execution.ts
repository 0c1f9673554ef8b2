import type { BusinessType, Side, VenueName } from '../market.ts';
import type { Fixed } from '../money.ts';

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
  quantity: Fixed;
  price: Fixed;
  fee: Fixed;
  feeCoin: string;
  /** Realized PnL of the fill (PERP); 0 for spot. */
  rpnl: Fixed;
  liquidity: 'MAKER' | 'TAKER';
  createAt: number;
}
