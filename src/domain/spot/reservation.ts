/**
 * What a spot order reserves. Fees are charged in the quote coin on both sides (a BUY pays them from
 * its reservation, a SELL from its proceeds), so a BUY reserves price × quantity plus taker-fee
 * headroom, and a SELL reserves its base quantity.
 */
import type { Instrument } from '../instrument.ts';
import { ONE, add, div, mul, type Amount, type Price, type Qty } from '../money.ts';
import type { Side } from '../market.ts';

/** Quote needed to buy `quantity` at up to `price`, taker fee included. */
export function buyReservation(instrument: Instrument, price: Price, quantity: Qty): Amount {
  return mul(mul(price, quantity, 'up'), add(ONE, instrument.takerFeeRate), 'up');
}

/** The largest notional a quote budget buys once the taker fee is paid out of it too. */
export function notionalWithin(instrument: Instrument, budget: Amount): Amount {
  return div(budget, add(ONE, instrument.takerFeeRate), 'down');
}

export function reservationCoin(instrument: Instrument, side: Side): string {
  return side === 'BUY' ? instrument.quote : instrument.base;
}
