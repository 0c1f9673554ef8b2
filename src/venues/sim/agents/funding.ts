/** What the market makers' house portfolio is funded with at genesis, on each venue. */
import { STABLE_COINS } from '../../../domain/coins.ts';
import { coinAmount, div, fromInt, parseFixed, roundTo, type Amount } from '../../../domain/money.ts';
import { ASSETS } from '../market/index.ts';

/** USD value of each coin the house starts with, per venue. */
const HOUSE_VALUE_PER_COIN = fromInt<'amount'>(1_000_000_000);

/** Coin → amount credited to the house on each venue at genesis. */
export function marketMakerFunding(): Map<string, Amount> {
  const funding = new Map<string, Amount>(STABLE_COINS.map((coin) => [coin, HOUSE_VALUE_PER_COIN]));
  for (const asset of ASSETS) funding.set(asset.base, coinAmount(roundTo(div(HOUSE_VALUE_PER_COIN, parseFixed<'price'>(asset.startPrice)!), 8, 'down')));
  return funding;
}
