/**
 * Deposit addresses of the simulated chains: the same user, coin and network always get the same address
 * (no state to keep), in the network's usual spelling, and the id the reference gives it.
 */
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

export function depositAddress(userId: string, coin: string, network: string): string {
  const hex = hexOf(`${userId}|${coin}|${network}`, 40);
  return EVM.has(network) ? `0x${hex}` : `${PREFIX[network] ?? ''}${hex}`;
}

/** A 16-digit id for the address (the reference's `id`). */
export function depositAddressId(address: string): string {
  return String(1_000_000_000_000_000n + (fnv1a(address) % 8_000_000_000_000_000n));
}
