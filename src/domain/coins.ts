/** The coins of the venues and their transfer precision; the stable coins worth 1 USD. */
import { parseFixed, type Amount } from './money.ts';

/** Valued at 1 USD (index price) and funded as such. */
export const STABLE_COINS: readonly string[] = ['USDT', 'USDC'];

/** Coins the venues hold, with the precision of a transfer or deposit amount. */
export interface Coin {
  code: string;
  transferDecimals: number;
  minTransfer: Amount;
}

function coin(code: string, transferDecimals: number, minTransfer: string): Coin {
  return { code, transferDecimals, minTransfer: parseFixed(minTransfer)! };
}

export const COINS: ReadonlyMap<string, Coin> = new Map(
  [
    coin('USDT', 6, '1'),
    coin('USDC', 6, '1'),
    coin('BTC', 8, '0.0001'),
    coin('ETH', 8, '0.001'),
    coin('SOL', 8, '0.01'),
    coin('BNB', 8, '0.01'),
    coin('XRP', 6, '1'),
    coin('DOGE', 8, '10'),
    coin('ADA', 6, '1'),
    coin('AVAX', 8, '0.1'),
    coin('LINK', 8, '0.1'),
    coin('LTC', 8, '0.01'),
    coin('DOT', 8, '0.1'),
    coin('TRX', 6, '10'),
  ].map((c) => [c.code, c]),
);
