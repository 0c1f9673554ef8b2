/**
 * Each venue's insurance fund (decisions L8): it starts from configuration (journaled once, at a data
 * directory's first start), takes the liquidation fees (LIQUIDATION_FEE) and restores to 0 the negative
 * equity a liquidation leaves behind (LIQ_COMPENSATION). Every amount moves between a client's balance and
 * the fund, so money is conserved per venue and coin.
 */
import { ApiError } from '../../catalogue/index.ts';
import { STABLE_COINS } from '../../domain/coins.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';
import { add, min, neg, sub, ZERO, type Amount } from '../../domain/money.ts';
import { bookCashFlow } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { marginAccount, openPositionsOf } from '../positions/index.ts';
import { fundKey } from './state.ts';

export interface StartInsuranceFunds {
  /** Coin → what each venue's fund starts with (configuration: INSURANCE_FUND_USDT). */
  funds: Record<string, Amount>;
}

/** One client account on one venue. */
export interface VenueAccountRef {
  portfolioId: string;
  venue: VenueName;
}

/** One venue's fund in one coin. */
export interface InsuranceFund {
  venue: VenueName;
  coin: string;
  balance: Amount;
}

/** Every fund there is, venue by venue, coins by name. */
export function insuranceFunds(state: Readonly<State>): InsuranceFund[] {
  return VENUES.flatMap((venue) =>
    [...state.liquidation.insuranceFunds]
      .filter(([key]) => key.startsWith(`${venue}:`))
      .map(([key, balance]) => ({ venue, coin: key.slice(venue.length + 1), balance }))
      .sort((a, b) => a.coin.localeCompare(b.coin)),
  );
}

export function fundOf(state: Readonly<State>, venue: VenueName, coin: string): Amount {
  return state.liquidation.insuranceFunds.get(fundKey(venue, coin)) ?? ZERO;
}

function moveFund(ctx: CommandContext, venue: VenueName, coin: string, delta: Amount): void {
  ctx.state.liquidation.insuranceFunds.set(fundKey(venue, coin), add(fundOf(ctx.state, venue, coin), delta));
}

/** A signed cash flow of the account in one coin, told as a statement of `reason` (of the instrument behind it, when there is one). */
function book(ctx: CommandContext, where: VenueAccountRef & { coin: string }, delta: Amount, reason: string, requestId: string, instrument?: Instrument): void {
  bookCashFlow(ctx, { ...where, delta, reason, requestId, ...(instrument ? { sym: instrument.sym, business: instrument.business } : {}) });
}

/** Pays `amount` of a liquidation fee (already within what the account can spare) from the account into the fund. */
export function payLiquidationFee(ctx: CommandContext, account: VenueAccountRef, instrument: Instrument, amount: Amount, requestId: string): void {
  book(ctx, { ...account, coin: instrument.quote }, neg(amount), 'LIQUIDATION_FEE', requestId, instrument);
  moveFund(ctx, account.venue, instrument.quote, amount);
}

/**
 * An account left without positions and with equity below 0 gets it back to 0 from the fund, paying off its
 * overdrawn stable coins (the quote coins perp losses overdraw) as far as each coin's fund reaches.
 */
export function compensate(ctx: CommandContext, ref: VenueAccountRef, requestId: string): void {
  if (openPositionsOf(ctx.state, ref.portfolioId, ref.venue).length > 0) return;
  let deficit = neg(marginAccount(ctx.state, ctx.venues.market, ref.portfolioId, ref.venue).equity);
  const balances = ctx.state.portfolios.get(ref.portfolioId)!.accounts[ref.venue].balances;
  for (const coin of STABLE_COINS) deficit = sub(deficit, compensateIn(ctx, ref, coin, min(deficit, balances.get(coin)?.overdraw ?? ZERO), requestId));
}

/** Pays the account up to `amount` of the coin from the fund, as far as the fund reaches (LIQ_COMPENSATION); what it paid. */
export function compensateIn(ctx: CommandContext, ref: VenueAccountRef, coin: string, amount: Amount, requestId: string): Amount {
  const paid = min(amount, fundOf(ctx.state, ref.venue, coin));
  if (paid <= 0n) return ZERO;
  moveFund(ctx, ref.venue, coin, neg(paid));
  book(ctx, { ...ref, coin }, paid, 'LIQ_COMPENSATION', requestId);
  return paid;
}

export const insuranceFundHandlers = {
  /** Gives each venue's funds their starting amounts, once (the server journals it at a data directory's first start). */
  startInsuranceFunds(ctx: CommandContext, cmd: StartInsuranceFunds): { started: boolean } {
    const state = ctx.state.liquidation;
    if (state.fundsStarted) return { started: false };
    if (Object.values(cmd.funds).some((amount) => amount < 0n)) throw new ApiError(400000);
    for (const venue of VENUES) for (const [coin, amount] of Object.entries(cmd.funds)) moveFund(ctx, venue, coin, amount);
    state.fundsStarted = true;
    return { started: true };
  },
};
