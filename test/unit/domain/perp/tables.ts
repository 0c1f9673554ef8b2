/** research-perps.md §1.1: BINANCE BTCUSDT brackets, tiers 1–5 (enough for the vectors). */
import { parseFixed } from '../../../../src/domain/money.ts';
import type { RiskTierTable } from '../../../../src/domain/perp/index.ts';

const tier = (riskLevel: number, floor: string, cap: string, maxLeverage: number, mmRate: string, cum: string) => ({
  riskLevel,
  floor: parseFixed<'amount'>(floor)!,
  cap: parseFixed<'amount'>(cap)!,
  maxLeverage,
  mmRate: parseFixed<'rate'>(mmRate)!,
  cum: parseFixed<'amount'>(cum)!,
});

export const BTCUSDT: RiskTierTable = {
  sym: 'BINANCE_PERP_BTC_USDT',
  measure: 'notional',
  asOf: '2026-12-01',
  tiers: [
    tier(1, '0', '300000', 150, '0.004', '0'),
    tier(2, '300000', '800000', 100, '0.005', '300'),
    tier(3, '800000', '3000000', 75, '0.0065', '1500'),
    tier(4, '3000000', '12000000', 50, '0.01', '12000'),
    tier(5, '12000000', '70000000', 25, '0.02', '132000'),
  ],
};
