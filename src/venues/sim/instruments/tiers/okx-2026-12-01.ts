/**
 * OKX USDT- and USDC-margined swap position tiers as of 2026-12-01 (decisions L2, L4), tiered by
 * size in contracts with no maintenance amount. As OKX announces them (research-perps.md §2): tiers
 * 1–3 written out, then tiers `step` contracts wide (tier 3's cap here), each with MMR and IMR +0.5 %.
 * Tier 1's leverage is the sym's maximum in okx.ts; caps are about 100k–1M USDT of notional at tier 1.
 */
import type { RiskTierTable } from '../../../../domain/perp/tiers.ts';
import { okxTable, type OkxTiers } from './table.ts';

const AS_OF = '2026-12-01';
const COUNT = 10;

const TIERS: Record<string, OkxTiers> = {
  OKX_PERP_BTC_USDT: { announced: [['1000', 100, '0.004'], ['2000', 75, '0.005'], ['4000', 50, '0.01']], step: '4000', count: COUNT },
  OKX_PERP_ETH_USDT: { announced: [['1500', 100, '0.004'], ['3000', 75, '0.005'], ['6000', 50, '0.01']], step: '6000', count: COUNT },
  OKX_PERP_SOL_USDT: { announced: [['1000', 50, '0.008'], ['2000', 30, '0.01'], ['4000', 20, '0.015']], step: '4000', count: COUNT },
  OKX_PERP_BNB_USDT: { announced: [['30000', 50, '0.008'], ['60000', 30, '0.01'], ['120000', 20, '0.015']], step: '120000', count: COUNT },
  OKX_PERP_XRP_USDT: { announced: [['1000', 75, '0.005'], ['2000', 50, '0.008'], ['4000', 30, '0.012']], step: '4000', count: COUNT },
  OKX_PERP_DOGE_USDT: { announced: [['500', 75, '0.005'], ['1000', 50, '0.008'], ['2000', 30, '0.012']], step: '2000', count: COUNT },
  OKX_PERP_ADA_USDT: { announced: [['1000', 75, '0.005'], ['2000', 50, '0.008'], ['4000', 30, '0.012']], step: '4000', count: COUNT },
  OKX_PERP_AVAX_USDT: { announced: [['2000', 50, '0.008'], ['4000', 30, '0.01'], ['8000', 20, '0.015']], step: '8000', count: COUNT },
  OKX_PERP_LINK_USDT: { announced: [['4000', 50, '0.008'], ['8000', 30, '0.01'], ['16000', 20, '0.015']], step: '16000', count: COUNT },
  OKX_PERP_LTC_USDT: { announced: [['1000', 75, '0.005'], ['2000', 50, '0.008'], ['4000', 30, '0.012']], step: '4000', count: COUNT },
  OKX_PERP_DOT_USDT: { announced: [['10000', 50, '0.008'], ['20000', 30, '0.01'], ['40000', 20, '0.015']], step: '40000', count: COUNT },
  OKX_PERP_TRX_USDT: { announced: [['400', 50, '0.008'], ['800', 30, '0.01'], ['1600', 20, '0.015']], step: '1600', count: COUNT },
  OKX_PERP_BTC_USDC: { announced: [['50000', 100, '0.004'], ['100000', 75, '0.005'], ['200000', 50, '0.01']], step: '200000', count: COUNT },
  OKX_PERP_ETH_USDC: { announced: [['100000', 100, '0.004'], ['200000', 75, '0.005'], ['400000', 50, '0.01']], step: '400000', count: COUNT },
};

export const OKX_TIERS: readonly RiskTierTable[] = Object.entries(TIERS).map(([sym, tiers]) => okxTable(sym, AS_OF, tiers));
