/**
 * A signed cash flow of a unified account (realized PnL and fee, funding, liquidation fee, compensation):
 * booked in the unified account's coin (a loss beyond what is available becomes overdraw) and told as a
 * statement of its reason.
 */
import { settle } from '../../domain/accounts/index.ts';
import type { BusinessType, VenueName } from '../../domain/market.ts';
import { ZERO, type Amount } from '../../domain/money.ts';
import type { CommandContext } from '../core/context.ts';
import { emitBalance } from './balance-events.ts';

export interface CashFlow {
  portfolioId: string;
  venue: VenueName;
  coin: string;
  delta: Amount;
  /** The statement type: TRADE, FUNDING_FEE, LIQUIDATION_FEE, LIQ_COMPENSATION … */
  reason: string;
  requestId: string;
  /** The instrument behind it, when there is one (a perp, unless `business` says otherwise). */
  sym?: string;
  business?: BusinessType;
}

export function bookCashFlow(ctx: CommandContext, flow: CashFlow): void {
  const account = ctx.state.portfolios.get(flow.portfolioId)!.accounts[flow.venue];
  const before = account.balances.get(flow.coin);
  const [beforeAvailable, beforeOverdraw] = [before?.available ?? ZERO, before?.overdraw ?? ZERO];
  const balance = settle(account, flow.coin, flow.delta, ctx.ts);
  const where = { portfolioId: flow.portfolioId, venue: flow.venue, coin: flow.coin };
  emitBalance(ctx, where, beforeAvailable, balance, flow.reason, flow.requestId, { beforeOverdraw, ...(flow.sym === undefined ? {} : { sym: flow.sym, business: flow.business ?? 'PERP' }) });
}
