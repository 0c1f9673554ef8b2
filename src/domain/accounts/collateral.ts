/**
 * Collateral discounts of the unified account (decisions L1; `GET /api/v1/trading/coin/discount`): a
 * coin's equity counts for its USD value × discount. Stable coins count in full, BTC and ETH at 95 %,
 * every other coin at 90 %.
 */
import { STABLE_COINS } from '../coins.ts';
import { parseFixed, type Rate } from '../money.ts';

const MAJOR_COINS: readonly string[] = ['BTC', 'ETH'];
const FULL = parseFixed<'rate'>('1')!;
const MAJOR = parseFixed<'rate'>('0.95')!;
const OTHER = parseFixed<'rate'>('0.9')!;

export function collateralDiscount(coin: string): Rate {
  if (STABLE_COINS.includes(coin)) return FULL;
  return MAJOR_COINS.includes(coin) ? MAJOR : OTHER;
}
