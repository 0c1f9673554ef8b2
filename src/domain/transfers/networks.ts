/**
 * The chains a coin travels on (connex-api.md §4.6 deposit/address pairs), with what the venues charge to
 * send it out (the network fee, kept by the venue) and how long an on-chain movement takes to confirm.
 */
import { parseFixed, type Amount } from '../money.ts';

export interface Network {
  coin: string;
  network: string;
  /** Taken out of a withdrawal (or a cross-venue transfer on a chain); what arrives is the rest. */
  fee: Amount;
  /** Venue time from broadcast to confirmation. */
  confirmMs: number;
}

const MINUTE = 60_000;

function network(coin: string, name: string, fee: string, confirmMinutes: number): Network {
  return { coin, network: name, fee: parseFixed(fee)!, confirmMs: confirmMinutes * MINUTE };
}

export const NETWORKS: readonly Network[] = [
  network('BTC', 'BTC', '0.0002', 10),
  network('BTC', 'BSC', '0.000005', 1),
  network('BNB', 'BSC', '0.0005', 1),
  network('USDT', 'TRC20', '1', 1),
  network('USDT', 'ARBITRUM', '0.1', 1),
  network('USDT', 'AVAXC', '0.5', 1),
  network('USDT', 'OPTIMISM', '0.1', 1),
  network('USDT', 'BSC', '0.3', 1),
  network('USDT', 'ERC20', '3', 2),
  network('TRX', 'TRC20', '1', 1),
  network('SOL', 'SOL', '0.001', 1),
  network('ETH', 'ERC20', '0.0008', 2),
  network('DOGE', 'DOGE', '4', 5),
  network('USDC', 'AVAXC', '0.5', 1),
  network('USDC', 'ERC20', '3', 2),
];

export function networkOf(coin: string, name: string): Network | undefined {
  return NETWORKS.find((n) => n.coin === coin && n.network === name);
}

