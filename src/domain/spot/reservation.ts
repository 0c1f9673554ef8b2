/**
 * What a spot order reserves. Fees are charged in the quote coin on both sides (a BUY pays them from
 * its reservation, a SELL from its proceeds), so a BUY reserves price × quantity plus taker-fee
 * headroom, and a SELL reserves its base quantity.
 */
import type { Instrument } from '../instrument.ts';
import { ONE, div, mul, type Fixed } from '../money.ts';
import type { Side } from '../market.ts';

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
