/**
 * Borrow interest (research-perps.md §3): simple interest, one full hour charged at borrow time, then one
 * at every full hour of venue time on what each account owes then, at the coin's hourly rate. Each is a
 * DEDUCT_INTEREST statement that takes it from the coin; beyond what is available it is added to the debt
 * (outstanding interest is a liability, as the venue counts it in the margin level). A fast-forward charges
 * each hour it crosses; the schedule in state says which hour was last, so each is charged once.
 */
import { chargeDebt } from '../../domain/accounts/index.ts';
import { loanTerms } from '../../domain/lending/index.ts';
import { VENUES } from '../../domain/market.ts';
import { add, mul, roundTo, ZERO, type Amount } from '../../domain/money.ts';
import { emitBalance } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { Debt, LoanRef } from './borrowing.ts';

const HOUR_MS = 3_600_000;
const INTEREST_DECIMALS = 8;

/** Tick phase: charges every full hour passed since the last one charged; the first tick starts the schedule. */
export function chargeInterest(ctx: CommandContext): void {
  const lending = ctx.state.lending;
  const hour = Math.floor(ctx.ts / HOUR_MS) * HOUR_MS;
  if (lending.interestThrough === 0) {
    lending.interestThrough = hour;
    return;
  }
  while (lending.interestThrough < hour) {
    lending.interestThrough += HOUR_MS;
    chargeHour(ctx);
  }
}

function chargeHour(ctx: CommandContext): void {
  let requestId: string | undefined;
  for (const portfolio of ctx.state.portfolios.values()) {
    for (const venue of VENUES) {
      for (const [coin, balance] of portfolio.accounts[venue].balances) {
        if (balance.borrowed <= 0n) continue;
        requestId ??= ctx.newId();
        chargeHourOn(ctx, { portfolioId: portfolio.portfolioId, venue, coin }, balance.borrowed, { requestId });
      }
    }
  }
}

/** One hour's interest on `principal` of the coin (a borrow's first hour, or an hour on the whole debt), into the venue's collected interest. */
export function chargeHourOn(ctx: CommandContext, where: Debt, principal: Amount, loan: LoanRef): void {
  const interest = roundTo(mul(principal, loanTerms(where.venue, where.coin).hourInterestRate, 'up'), INTEREST_DECIMALS, 'up');
  const account = ctx.state.portfolios.get(where.portfolioId)!.accounts[where.venue];
  const before = account.balances.get(where.coin);
  const [beforeAvailable, beforeBorrowed] = [before?.available ?? ZERO, before?.borrowed ?? ZERO];
  emitBalance(ctx, where, beforeAvailable, chargeDebt(account, where.coin, interest, ctx.ts), 'DEDUCT_INTEREST', loan.requestId, { beforeBorrowed, clientOrderId: loan.clientOrderId });
  const collected = ctx.state.lending.interestCollected;
  const key = `${where.venue}:${where.coin}`;
  collected.set(key, add(collected.get(key) ?? ZERO, interest));
}
