/** What one fill moves and what it costs, spot and perp alike (fees in the quote coin, rounded down). */
import type { Instrument } from '../instrument.ts';
import { mul, type Amount, type Price, type Qty } from '../money.ts';

export interface FillAmounts {
  /** Quote paid by the buyer and received (before fee) by the seller. */
  notional: Amount;
  fee: Amount;
}

/** Rounded down, so the fees of several fills never exceed the headroom reserved for them. */
export function fillAmounts(instrument: Instrument, price: Price, quantity: Qty, liquidity: 'MAKER' | 'TAKER'): FillAmounts {
  const notional = mul(price, quantity, 'down');
  const rate = liquidity === 'MAKER' ? instrument.makerFeeRate : instrument.takerFeeRate;
  return { notional, fee: mul(notional, rate, 'down') };
}
