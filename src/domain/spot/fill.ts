/** What one spot fill moves and what it costs (fees in the quote coin, rounded down). */
import type { Instrument } from '../instrument.ts';
import { mul, type Fixed } from '../money.ts';

export interface FillAmounts {
  /** Quote paid by the buyer and received (before fee) by the seller. */
  notional: Fixed;
  fee: Fixed;
}

/** Rounded down, so the fees of several fills never exceed the headroom reserved for them. */
export function fillAmounts(instrument: Instrument, price: Fixed, quantity: Fixed, liquidity: 'MAKER' | 'TAKER'): FillAmounts {
  const notional = mul(price, quantity, 'down');
  const rate = liquidity === 'MAKER' ? instrument.makerFeeRate : instrument.takerFeeRate;
  return { notional, fee: mul(notional, rate, 'down') };
}
