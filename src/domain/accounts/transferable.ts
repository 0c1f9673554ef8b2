/**
 * connex-api.md §4.4 maxTransferable: what of a coin can leave a unified account without over-using its
 * margin. The asset rows show it and a transfer or withdrawal out of the account is held to it (403013).
 */
import { coinAmount, div, max, min, mul, sub, times, ZERO, type Amount, type Price, type Rate } from '../money.ts';

/** The account's figures the rule reads (the margin account of GET /api/v1/trading/account). */
export interface MarginFigures {
  availableMargin: Amount;
  validMargin: Amount;
  maintainMargin: Amount;
}

/** One coin of the account valued as collateral. */
export interface CoinFigures {
  balance: { available: Amount };
  indexPrice: Price;
  discount: Rate;
}

/** max(min(available, availableMargin / (indexPrice·discount), (validMargin − 3·maintainMargin) / (indexPrice·discount)), 0); available alone without a price. */
export function maxTransferable(account: MarginFigures, coin: CoinFigures): Amount {
  const available = coin.balance.available;
  const unitMargin = mul(coin.indexPrice, coin.discount, 'up');
  if (unitMargin === 0n) return max(available, ZERO);
  const byAvailable = coinAmount(div(account.availableMargin, unitMargin, 'down'));
  const byMaintenance = coinAmount(div(sub(account.validMargin, times(account.maintainMargin, 3)), unitMargin, 'down'));
  return max(min(min(available, byAvailable), byMaintenance), ZERO);
}
