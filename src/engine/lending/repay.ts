/**
 * An explicit repayment (connex-api.md §4.11 loan/repay): pays back up to `amount` of what the portfolio
 * owes of the coin, from what is available of it (401055 when it is not). Interest is charged hourly as
 * it falls due, so a repayment pays none.
 */
import { ApiError } from '../../catalogue/index.ts';
import { repay } from '../../domain/accounts/index.ts';
import { loanTerms } from '../../domain/lending/index.ts';
import type { VenueName } from '../../domain/market.ts';
import { min, ZERO, type Amount } from '../../domain/money.ts';
import { emitBalance } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';

export interface RepayLoan {
  actor: Actor;
  venue: VenueName;
  coin: string;
  /** Above 0 (the wire checks it). */
  amount: Amount;
  /** The client's id for the repayment (absent: its orderId). */
  clientOrderId?: string;
}

export interface Repaid {
  orderId: string;
  repaid: Amount;
  loanBalance: Amount;
  availableBalance: Amount;
  timestamp: number;
}

function repayLoan(ctx: CommandContext, cmd: RepayLoan): Repaid {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  loanTerms(cmd.venue, cmd.coin);
  const account = portfolio.accounts[cmd.venue];
  const balance = account.balances.get(cmd.coin);
  const repaid = min(cmd.amount, balance?.borrowed ?? ZERO);
  if (repaid > (balance?.available ?? ZERO)) throw new ApiError(401055);
  const orderId = ctx.newId();
  if (repaid > 0n) {
    const [beforeAvailable, beforeBorrowed] = [balance!.available, balance!.borrowed];
    const where = { portfolioId: portfolio.portfolioId, venue: cmd.venue, coin: cmd.coin };
    emitBalance(ctx, where, beforeAvailable, repay(account, cmd.coin, repaid, ctx.ts), 'REPAY', orderId, { beforeBorrowed, clientOrderId: cmd.clientOrderId ?? orderId });
  }
  return { orderId, repaid, loanBalance: balance?.borrowed ?? ZERO, availableBalance: balance?.available ?? ZERO, timestamp: ctx.ts };
}

export const repayHandlers = { repayLoan };
