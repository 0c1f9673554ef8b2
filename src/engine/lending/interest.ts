/**
 * Borrow interest (research-perps.md §3): simple interest, charged at every full hour of venue time on
 * what each account owes then, at the coin's hourly rate: a DEDUCT_INTEREST statement that takes it from
 * the coin (beyond what is available: overdraw, as in the unified account). A fast-forward charges each
 * hour it crosses; the schedule in state says which hour was last, so each is charged once.
 */
import { loanTerms } from '../../domain/lending/index.ts';
import { VENUES } from '../../domain/market.ts';
import { add, mul, neg, roundTo, ZERO } from '../../domain/money.ts';
import { bookCashFlow } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';

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
  const collected = ctx.state.lending.interestCollected;
  for (const portfolio of ctx.state.portfolios.values()) {
    for (const venue of VENUES) {
      for (const [coin, balance] of portfolio.accounts[venue].balances) {
        if (balance.borrowed <= 0n) continue;
        const interest = roundTo(mul(balance.borrowed, loanTerms(venue, coin).hourInterestRate, 'up'), INTEREST_DECIMALS, 'up');
        requestId ??= ctx.newId();
        bookCashFlow(ctx, { portfolioId: portfolio.portfolioId, venue, coin, delta: neg(interest), reason: 'DEDUCT_INTEREST', requestId });
        collected.set(`${venue}:${coin}`, add(collected.get(`${venue}:${coin}`) ?? ZERO, interest));
      }
    }
  }
}
