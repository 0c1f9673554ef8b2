/**
 * Rate limits per API key and endpoint group (connex-api.md §3): [hits, window ms] for keys of the
 * main portfolio and of trading (sub-)portfolios. Where the reference gives only contest values,
 * those are used; groups it calls "no rate limit" are absent.
 */
export type Limit = readonly [limit: number, windowMs: number];

export interface RateGroup {
  main: Limit;
  sub: Limit;
}

function same(limit: number, windowMs: number): RateGroup {
  return { main: [limit, windowMs], sub: [limit, windowMs] };
}

export const RATE_GROUPS = {
  orderWrite: { main: [1200, 60_000], sub: [20, 10_000] },
  orderRead: same(1200, 60_000),
  openOrders: same(1200, 60_000),
  cancelAll: same(50, 10_000),
  orderHistory: same(6, 10_000),
  executions: same(5, 10_000),
  positionRead: same(150, 60_000),
  positionHistory: same(6, 10_000),
  positionClose: same(25, 10_000),
  positionsClose: same(4, 10_000),
  positionMode: same(50, 10_000),
  accountRead: same(2, 1_000),
  maxLeverage: same(5, 1_000),
  leverage: same(6, 1_000),
  positionBracket: same(3, 10_000),
  portfolioAssets: same(20, 1_000),
  fundingAccount: same(3, 10_000),
  statement: same(100, 60_000),
  tradingStats: same(4, 1_000),
  userFeeRate: same(3, 10_000),
  /** The reference says "to be confirmed"; the loan records' limit, like them a broker's back-office reads. */
  brokerFee: same(20, 1_000),
  portfolioManage: same(3, 10_000),
  depositExchange: same(3, 10_000),
  algo: same(3, 10_000),
  algoCancelAll: same(50, 10_000),
  marketReference: same(3, 10_000),
  /** Our polling extension of the market-data stream (not in the reference). */
  marketData: same(20, 1_000),
  adlRank: same(2, 60_000),
  /** Data export (decisions I1, not in the reference): requests beside the daily 10, and their list and links. */
  dataExport: same(2, 1_000),
  dataExportRead: same(10, 1_000),
  loanInfo: same(3, 10_000),
  loanPool: same(2, 1_000),
  loanRead: same(20, 1_000),
  loanWrite: same(50, 10_000),
  wsLogin: same(1, 1_000),
  wsPlace: same(1200, 60_000),
  wsCancel: same(1200, 60_000),
  wsCancelAll: same(1200, 60_000),
  wsReplace: same(300, 60_000),
} as const satisfies Record<string, RateGroup>;

export type RateGroupName = keyof typeof RATE_GROUPS;

/** Per-portfolio (or "*" for all) replacements, from config: { "<portfolioId>|*": { group: [limit, ms] } }. */
export type RateOverrides = Record<string, Partial<Record<RateGroupName, Limit>>>;

export function limitFor(group: RateGroupName, isMainPortfolio: boolean, portfolioId: string, overrides: RateOverrides): Limit {
  return overrides[portfolioId]?.[group] ?? overrides['*']?.[group] ?? RATE_GROUPS[group][isMainPortfolio ? 'main' : 'sub'];
}

/** Reads RATE_LIMITS (JSON of RateOverrides); refuses unknown groups and anything but [positive int, positive int]. */
export function parseRateOverrides(text: string): RateOverrides {
  const parsed: unknown = JSON.parse(text);
  if (!isPlainObject(parsed)) throw new Error('RATE_LIMITS must be a JSON object');
  for (const [portfolio, groups] of Object.entries(parsed)) {
    if (!isPlainObject(groups)) throw new Error(`RATE_LIMITS["${portfolio}"] must be an object`);
    for (const [group, limit] of Object.entries(groups)) {
      if (!Object.hasOwn(RATE_GROUPS, group)) throw new Error(`RATE_LIMITS: unknown group ${group}`);
      if (!Array.isArray(limit) || limit.length !== 2 || !limit.every((n) => Number.isSafeInteger(n) && n > 0)) {
        throw new Error(`RATE_LIMITS["${portfolio}"].${group} must be [limit, windowMs] of positive integers`);
      }
    }
  }
  return parsed as RateOverrides;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
