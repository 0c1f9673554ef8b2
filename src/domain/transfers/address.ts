/**
 * Deposit addresses of the simulated chains: each portfolio has its own, the same for a portfolio, coin and
 * network every time (no state to keep), in the network's usual spelling, and the id the reference gives it.
 */
import { MAIN_PORTFOLIO, type Portfolio } from '../identity/portfolio.ts';

const EVM = new Set(['ERC20', 'BSC', 'ARBITRUM', 'AVAXC', 'OPTIMISM']);
const PREFIX: Readonly<Record<string, string>> = { BTC: 'bc1q', TRC20: 'T', SOL: 'So1', DOGE: 'D' };

/** 64-bit FNV-1a of the text: a stable spread of bits, not a secret. */
function fnv1a(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const char of text) hash = ((hash ^ BigInt(char.codePointAt(0)!)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash;
}

function hexOf(seed: string, length: number): string {
  let hex = '';
  for (let round = 0; hex.length < length; round++) hex += fnv1a(`${seed}#${round}`).toString(16).padStart(16, '0');
  return hex.slice(0, length);
}

/** `holderId`: a trading portfolio's id, or for the main portfolio its user's (addressHolderOf). */
export function depositAddress(holderId: string, coin: string, network: string): string {
  const hex = hexOf(`${holderId}|${coin}|${network}`, 40);
  return EVM.has(network) ? `0x${hex}` : `${PREFIX[network] ?? ''}${hex}`;
}

/** The main portfolio's addresses are its user's, as they were before each portfolio had its own. */
export function addressHolderOf(portfolio: Pick<Portfolio, 'portfolioId' | 'userId' | 'belongingTo'>): string {
  return portfolio.belongingTo === MAIN_PORTFOLIO ? portfolio.userId : portfolio.portfolioId;
}

/** A 16-digit id for the address (the reference's `id`). */
export function depositAddressId(address: string): string {
  return String(1_000_000_000_000_000n + (fnv1a(address) % 8_000_000_000_000_000n));
}
