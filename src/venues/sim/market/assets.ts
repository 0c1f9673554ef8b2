/**
 * The base assets the simulated markets trade: starting reference price (USD, quoted equally in
 * USDT and USDC), annualised volatility of its random walk, and how deep the agents quote it
 * (a multiple of the venue's level notional).
 */
export interface AssetProfile {
  base: string;
  startPrice: string;
  volatility: number;
  depth: number;
}

export const ASSETS: readonly AssetProfile[] = [
  { base: 'BTC', startPrice: '95000', volatility: 0.55, depth: 8 },
  { base: 'ETH', startPrice: '3400', volatility: 0.7, depth: 5 },
  { base: 'SOL', startPrice: '240', volatility: 0.95, depth: 2 },
  { base: 'BNB', startPrice: '650', volatility: 0.6, depth: 2 },
  { base: 'XRP', startPrice: '2.3', volatility: 0.9, depth: 2 },
  { base: 'DOGE', startPrice: '0.38', volatility: 1.1, depth: 1.5 },
  { base: 'ADA', startPrice: '1.05', volatility: 0.95, depth: 1 },
  { base: 'AVAX', startPrice: '45', volatility: 1, depth: 1 },
  { base: 'LINK', startPrice: '24', volatility: 0.95, depth: 1 },
  { base: 'LTC', startPrice: '120', volatility: 0.8, depth: 1 },
  { base: 'DOT', startPrice: '9', volatility: 0.95, depth: 1 },
  { base: 'TRX', startPrice: '0.26', volatility: 0.65, depth: 1 },
];

export const ASSET_BY_BASE: ReadonlyMap<string, AssetProfile> = new Map(ASSETS.map((a) => [a.base, a]));
