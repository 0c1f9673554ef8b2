/**
 * Spot money rules: what an order reserves, what one fill moves and what it costs. Fees are charged
 * in the quote coin on both sides (a BUY pays them from its reservation, a SELL from its proceeds),
 * so a BUY reserves price × quantity plus taker-fee headroom, and a SELL reserves its base quantity.
 */
import type { Instrument } from '../instrument.ts';
import { ONE, div, mul, type Fixed } from '../money.ts';
import type { Side } from '../../venues/venue.ts';

export interface Reservation {
  coin: string;
  amount: Fixed;
}

/** Quote needed to buy `quantity` at up to `price`, taker fee included. */
export function buyReservation(instrument: Instrument, price: Fixed, quantity: Fixed): Fixed {
  return mul(mul(price, quantity, 'up'), ONE + instrument.takerFeeRate, 'up');
}

/** The largest notional a quote budget buys once the taker fee is paid out of it too. */
export function notionalWithin(instrument: Instrument, budget: Fixed): Fixed {
  return div(budget, ONE + instrument.takerFeeRate, 'down');
}

export function reservationCoin(instrument: Instrument, side: Side): string {
  return side === 'BUY' ? instrument.quote : instrument.base;
}

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
