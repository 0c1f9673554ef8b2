/** POST broker/subFeeRate as a command: a mark-up change scheduled for one sub-portfolio or all of them (decisions J1). */
import { ApiError } from '../../catalogue/index.ts';
import { nextFullHour, startOfDay, type FeeInstType, type Markup } from '../../domain/broker/index.ts';
import { MAIN_PORTFOLIO } from '../../domain/identity/index.ts';
import type { VenueName } from '../../domain/market.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio } from '../identity/index.ts';
import { latestOf, markupAt } from './schedule.ts';
import { ALL_SUBS, type MarkupChange } from './state.ts';

export interface SetSubFeeRate {
  userId: string;
  mainPortfolioId: string;
  /** Absent: every sub-portfolio of the user, those created later included. */
  portfolioId?: string;
  venue: VenueName;
  instType: FeeInstType;
  /** At least one side; a side left out keeps what the target was to pay on it. */
  taker?: Markup;
  maker?: Markup;
  /** 00:00 UTC of the day the wire named (yyyyMMdd); absent: the next full hour. */
  effDate?: number;
}

export interface SubFeeRateSet {
  /** When the change takes effect, venue time: the named day's 00:00 UTC, or now when that has passed. */
  effAt: number;
}

function setSubFeeRate(ctx: CommandContext, cmd: SetSubFeeRate): SubFeeRateSet {
  const actor = { userId: cmd.userId, keyPortfolioId: cmd.mainPortfolioId, primary: true, portfolioId: cmd.portfolioId ?? cmd.mainPortfolioId };
  const portfolio = actingPortfolio(ctx.state, actor);
  if (cmd.portfolioId !== undefined && portfolio.belongingTo === MAIN_PORTFOLIO) throw new ApiError(406000);
  if (cmd.taker === undefined && cmd.maker === undefined) throw new ApiError(406002);
  if (cmd.effDate !== undefined && cmd.effDate < startOfDay(ctx.ts)) throw new ApiError(406009);
  const target = cmd.portfolioId ?? ALL_SUBS;
  const changes = ctx.state.broker.markups.get(cmd.userId) ?? [];
  const before = target === ALL_SUBS ? lastOf(changes, { target, venue: cmd.venue, instType: cmd.instType }, Infinity) : markupAt(ctx.state, portfolio, cmd.venue, cmd.instType, Infinity);
  const change: MarkupChange = {
    target,
    venue: cmd.venue,
    instType: cmd.instType,
    taker: cmd.taker ?? before?.taker ?? null,
    maker: cmd.maker ?? before?.maker ?? null,
    effAt: cmd.effDate === undefined ? nextFullHour(ctx.ts) : Math.max(cmd.effDate, ctx.ts),
    setAt: ctx.ts,
  };
  ctx.state.broker.markups.set(cmd.userId, pruned([...changes, change], change, ctx.ts));
  return { effAt: change.effAt };
}

type Key = Pick<MarkupChange, 'target' | 'venue' | 'instType'>;

function sameKey(a: Key, b: Key): boolean {
  return a.target === b.target && a.venue === b.venue && a.instType === b.instType;
}

function lastOf(changes: readonly MarkupChange[], key: Key, at: number): MarkupChange | undefined {
  return latestOf(changes, (change) => sameKey(change, key), at);
}

/** What still matters once `added` is set: it replaces its target's changes scheduled from its effAt on, and only the latest in force stays of those already in force. */
function pruned(changes: readonly MarkupChange[], added: MarkupChange, now: number): MarkupChange[] {
  const kept = changes.filter((change) => change === added || !sameKey(change, added) || change.effAt < added.effAt);
  const inForce = lastOf(kept, added, now);
  return kept.filter((change) => !sameKey(change, added) || change.effAt > now || change === inForce);
}

export const setMarkupHandlers = { setSubFeeRate };
