/** BINANCE cross-margin loan terms as of 2026-12-01 (shape of /sapi/v1/margin/crossMarginData and the RapidX loan tiers). TRX is not lent. */
import type { LoanRow } from './loan-terms.ts';

/** Cross margin liquidation fee: 2 % of the liquidated assets (Binance announcement effective 2024-08-12, as restated by a third party). */
export const BINANCE_MARGIN_LIQUIDATION_FEE = '0.02';

export const BINANCE_LOANS: readonly LoanRow[] = [
  { coin: 'USDT', hourInterestRate: '0.0000045', loanLimit: '3000000', tiers: [['1000000', '0.05', 10], ['2000000', '0.1', 5], ['5000000', '0.15', 3]] },
  { coin: 'USDC', hourInterestRate: '0.0000045', loanLimit: '1500000', tiers: [['500000', '0.05', 10], ['1000000', '0.1', 5], ['2000000', '0.15', 3]] },
  { coin: 'BTC', hourInterestRate: '0.0000012', loanLimit: '80', tiers: [['10', '0.05', 10], ['50', '0.1', 5], ['100', '0.15', 3]] },
  { coin: 'ETH', hourInterestRate: '0.0000016', loanLimit: '1000', tiers: [['150', '0.05', 10], ['600', '0.1', 5], ['1500', '0.15', 3]] },
  { coin: 'SOL', hourInterestRate: '0.000004', loanLimit: '20000', tiers: [['3000', '0.1', 5], ['30000', '0.15', 3]] },
  { coin: 'BNB', hourInterestRate: '0.000003', loanLimit: '5000', tiers: [['1000', '0.1', 5], ['8000', '0.15', 3]] },
  { coin: 'XRP', hourInterestRate: '0.000004', loanLimit: '2000000', tiers: [['300000', '0.1', 5], ['3000000', '0.15', 3]] },
  { coin: 'DOGE', hourInterestRate: '0.000004', loanLimit: '10000000', tiers: [['2000000', '0.1', 5], ['15000000', '0.15', 3]] },
  { coin: 'ADA', hourInterestRate: '0.000004', loanLimit: '2000000', tiers: [['300000', '0.1', 5], ['3000000', '0.15', 3]] },
  { coin: 'AVAX', hourInterestRate: '0.000005', loanLimit: '50000', tiers: [['8000', '0.1', 5], ['80000', '0.15', 3]] },
  { coin: 'LINK', hourInterestRate: '0.000005', loanLimit: '60000', tiers: [['10000', '0.1', 5], ['100000', '0.15', 3]] },
  { coin: 'LTC', hourInterestRate: '0.000004', loanLimit: '10000', tiers: [['2000', '0.1', 5], ['15000', '0.15', 3]] },
  { coin: 'DOT', hourInterestRate: '0.000005', loanLimit: '150000', tiers: [['25000', '0.1', 5], ['250000', '0.15', 3]] },
];
