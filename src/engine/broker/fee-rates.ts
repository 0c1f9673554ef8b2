/** What a portfolio pays, as the fee-rate endpoints show it (connex-api.md §4.9): the venue's schedule, marked up for a broker's sub-portfolio. */
import { FEE_INST_TYPES, feeSchedules, markedUpSchedule, type FeeInstType, type FeeSchedule } from '../../domain/broker/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { VenueName } from '../../domain/market.ts';
import type { MarketData } from '../../venues/index.ts';
import type { State } from '../core/state.ts';
import { markupAt } from './schedule.ts';

export interface PortfolioFeeRate {
  portfolioId: string;
  venue: VenueName;
  instType: FeeInstType;
  /** Venue time from which it applies: the last mark-up change scheduled (it may lie ahead), else the user's creation. */
  effAt: number;
  schedule: FeeSchedule;
}

/** The fee rates of a portfolio on each venue and instType asked for (none asked: all). */
export function portfolioFeeRates(state: Readonly<State>, market: MarketData, portfolio: Portfolio, filter: { venue?: VenueName; instType?: FeeInstType }): PortfolioFeeRate[] {
  const createAt = state.users.get(portfolio.userId)!.createAt;
  const schedules = feeSchedules(market.instruments()).filter(
    (s): s is FeeSchedule & { business: FeeInstType } => (FEE_INST_TYPES as readonly string[]).includes(s.business) && (filter.venue ?? s.venue) === s.venue && (filter.instType ?? s.business) === s.business,
  );
  return schedules.map((schedule) => {
    const change = markupAt(state, portfolio, schedule.venue, schedule.business, Infinity);
    const base = { portfolioId: portfolio.portfolioId, venue: schedule.venue, instType: schedule.business };
    return change ? { ...base, effAt: change.effAt, schedule: markedUpSchedule(schedule, change.taker, change.maker) } : { ...base, effAt: createAt, schedule };
  });
}
