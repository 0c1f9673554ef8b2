/**
 * OKX USDT- and USDC-margined swap funding terms as of 2026-12-01 (decisions L7; research-perps.md §2):
 * every 8 hours but DOGE-USDT-SWAP's 4; rates capped at ±0.375 % for BTC, ±0.75 % for ETH and ADA,
 * ±1.5 % for the others.
 */
import { fundingTermsTable, type FundingRow } from './table.ts';

const AS_OF = '2026-12-01';

const ROWS: Record<string, FundingRow> = {
  OKX_PERP_BTC_USDT: [8, '0.00375', '-0.00375'],
  OKX_PERP_ETH_USDT: [8, '0.0075', '-0.0075'],
  OKX_PERP_SOL_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_BNB_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_XRP_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_DOGE_USDT: [4, '0.015', '-0.015'],
  OKX_PERP_ADA_USDT: [8, '0.0075', '-0.0075'],
  OKX_PERP_AVAX_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_LINK_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_LTC_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_DOT_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_TRX_USDT: [8, '0.015', '-0.015'],
  OKX_PERP_BTC_USDC: [8, '0.00375', '-0.00375'],
  OKX_PERP_ETH_USDC: [8, '0.0075', '-0.0075'],
};

export const OKX_FUNDING = fundingTermsTable(AS_OF, ROWS);
