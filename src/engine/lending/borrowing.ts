/**
 * MARGIN borrowing (research-perps.md §3; decisions K1): an order may borrow what the account lacks of
 * the coin it spends. The debt of a coin stays within the user's loanLimit (401085) and the tier cap of
 * its margin leverage (401086), and all debts' value within (leverage − 1) × the account's equity, the
 * venues' cross-margin borrowing power (401085). Debts are repaid from the coin as it comes back.
 */
import { ApiError } from '../../catalogue/index.ts';
import { borrow, repay } from '../../domain/accounts/index.ts';
import { loanTerms, maxMarginLeverage, tierCap } from '../../domain/lending/index.ts';
import type { VenueName } from '../../domain/market.ts';
import { add, min, mul, sum, times, ZERO, type Amount } from '../../domain/money.ts';
import type { MarketData } from '../../venues/index.ts';
import { emitBalance } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { marginAccount } from '../positions/index.ts';
import { indexPriceOf } from '../venue-link/index.ts';
import { marginLeverageKey } from './state.ts';

export interface Debt {
  portfolioId: string;
  venue: VenueName;
  coin: string;
}

/** The loan or order a borrow, repayment or interest charge belongs to: its id, and the client's id for it (absent: none given). */
export interface LoanRef {
  requestId: string;
  clientOrderId?: string;
}

export function marginLeverageOf(state: Readonly<State>, where: Debt): number {
  return state.lending.marginLeverage.get(marginLeverageKey(where.portfolioId, where.venue, where.coin)) ?? maxMarginLeverage(loanTerms(where.venue, where.coin));
}

/** Refuses a borrow of `amount` more of the coin that the limits do not allow (401087, 401085, 401086). */
export function assertBorrowable(state: Readonly<State>, market: MarketData, where: Debt, amount: Amount): void {
  const terms = loanTerms(where.venue, where.coin);
  const owed = state.portfolios.get(where.portfolioId)!.accounts[where.venue].balances.get(where.coin)?.borrowed ?? ZERO;
  const debt = add(owed, amount);
  if (debt > terms.loanLimit) throw new ApiError(401085);
  const leverage = marginLeverageOf(state, where);
  if (debt > tierCap(terms, leverage)) throw new ApiError(401086);
  const after = add(debtValue(state, market, where), mul(amount, indexPriceOf(market, where.coin), 'up'));
  if (after > borrowingPower(state, market, where, leverage)) throw new ApiError(401085);
}

/** What the account owes, at the index (USD). */
export function debtValue(state: Readonly<State>, market: MarketData, where: Omit<Debt, 'coin'>): Amount {
  const balances = state.portfolios.get(where.portfolioId)!.accounts[where.venue].balances;
  return sum([...balances].map(([coin, b]) => mul(b.borrowed, indexPriceOf(market, coin), 'up')));
}

/** The borrowing power of a margin leverage: (leverage − 1) × the account's equity (USD). */
export function borrowingPower(state: Readonly<State>, market: MarketData, where: Omit<Debt, 'coin'>, leverage: number): Amount {
  return times(marginAccount(state, market, where.portfolioId, where.venue).equity, leverage - 1);
}

/** Borrows `amount` of the coin into the account (a BORROW statement that moves no equity). */
export function borrowCoin(ctx: CommandContext, where: Debt, amount: Amount, loan: LoanRef): void {
  const account = ctx.state.portfolios.get(where.portfolioId)!.accounts[where.venue];
  const before = account.balances.get(where.coin);
  const [beforeAvailable, beforeBorrowed] = [before?.available ?? ZERO, before?.borrowed ?? ZERO];
  emitBalance(ctx, where, beforeAvailable, borrow(account, where.coin, amount, ctx.ts), 'BORROW', loan.requestId, { beforeBorrowed, clientOrderId: loan.clientOrderId });
}

/** Repays as much of the coin's debt as is available (a REPAY statement); what it repaid. */
export function repayFromAvailable(ctx: CommandContext, where: Debt, loan: LoanRef): Amount {
  const account = ctx.state.portfolios.get(where.portfolioId)!.accounts[where.venue];
  const balance = account.balances.get(where.coin);
  if (!balance) return ZERO;
  const amount = min(balance.available, balance.borrowed);
  if (amount <= 0n) return ZERO;
  const [beforeAvailable, beforeBorrowed] = [balance.available, balance.borrowed];
  emitBalance(ctx, where, beforeAvailable, repay(account, where.coin, amount, ctx.ts), 'REPAY', loan.requestId, { beforeBorrowed, clientOrderId: loan.clientOrderId });
  return amount;
}
