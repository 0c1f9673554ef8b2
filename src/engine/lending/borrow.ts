/**
 * An explicit borrow (connex-api.md §4.11 loan/borrow): brings `amount` of the coin into the account as a
 * debt, within the same limits as an order's borrowing (401087, 401085, 401086); its first hour of interest
 * is charged at once (research-perps.md §3).
 */
import { loanTerms } from '../../domain/lending/index.ts';
import type { VenueName } from '../../domain/market.ts';
import { ZERO, type Amount } from '../../domain/money.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { assertNotLiquidating } from '../positions/index.ts';
import { assertBorrowable, borrowCoin } from './borrowing.ts';
import { chargeHourOn } from './interest.ts';

export interface BorrowLoan {
  actor: Actor;
  venue: VenueName;
  coin: string;
  /** Above 0 (the wire checks it). */
  amount: Amount;
  /** The client's id for the loan (absent: the loan's orderId, as for orders). */
  clientOrderId?: string;
}

export interface Borrowed {
  orderId: string;
  borrowed: Amount;
  loanBalance: Amount;
  availableBalance: Amount;
  timestamp: number;
}

function borrowLoan(ctx: CommandContext, cmd: BorrowLoan): Borrowed {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  loanTerms(cmd.venue, cmd.coin);
  assertNotLiquidating(ctx, portfolio, cmd.venue);
  const where = { portfolioId: portfolio.portfolioId, venue: cmd.venue, coin: cmd.coin };
  assertBorrowable(ctx.state, ctx.venues.market, where, cmd.amount);
  const orderId = ctx.newId();
  const loan = { requestId: orderId, clientOrderId: cmd.clientOrderId ?? orderId };
  borrowCoin(ctx, where, cmd.amount, loan);
  chargeHourOn(ctx, where, cmd.amount, loan);
  const balance = portfolio.accounts[cmd.venue].balances.get(cmd.coin);
  return { orderId, borrowed: cmd.amount, loanBalance: balance?.borrowed ?? ZERO, availableBalance: balance?.available ?? ZERO, timestamp: ctx.ts };
}

export const borrowHandlers = { borrowLoan };
