/**
 * BINANCE USDⓈ-M funding terms as of 2026-12-01 (decisions L7; research-perps.md §1.4): every 8 hours
 * but TRXUSDT's 4, the rate capped at ± the sym's tier-1 maintenance-margin rate ("Capped Funding Rate =
 * clamp(F, −MMR, +MMR)"; tiers/binance-2026-12-01.ts).
 */
import { fundingTermsTable, type FundingRow } from './table.ts';

const AS_OF = '2026-12-01';

const ROWS: Record<string, FundingRow> = {
  BINANCE_PERP_BTC_USDT: [8, '0.004', '-0.004'],
  BINANCE_PERP_ETH_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_SOL_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_BNB_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_XRP_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_DOGE_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_ADA_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_AVAX_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_LINK_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_LTC_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_DOT_USDT: [8, '0.005', '-0.005'],
  BINANCE_PERP_TRX_USDT: [4, '0.005', '-0.005'],
  BINANCE_PERP_BTC_USDC: [8, '0.004', '-0.004'],
  BINANCE_PERP_ETH_USDC: [8, '0.004', '-0.004'],
};

export const BINANCE_FUNDING = fundingTermsTable(AS_OF, ROWS);
