/**
 * The accounts money moves between: a user's funding account and a portfolio's venue accounts, named
 * as the reference names them (decisions N1), with the scoping of decisions D3, and the ledger moves on
 * them with their balance events.
 */
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import { credit, debit, freeze, maxTransferable, spendFrozen, unfreeze, type Balance, type BalanceHolder } from '../../domain/accounts/index.ts';
import { ZERO, add, type Amount } from '../../domain/money.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';
import { newFundingAccount, type AccountRef, type FundingAccount } from '../../domain/transfers/index.ts';
import { emitBalance } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import type { Actor } from '../identity/index.ts';
import { coinCollateral, marginAccount } from '../positions/index.ts';
import { isHouse } from '../trading/index.ts';

export type AccountType = VenueName | 'FUNDING';
export const ACCOUNT_TYPES: readonly AccountType[] = [...VENUES, 'FUNDING'];

/** Which side of a movement a name is for: the codes it answers. */
export interface SideCodes {
  invalidId: CatalogueCode;
  invalidType: CatalogueCode;
  notFound: CatalogueCode;
}

export const SOURCE: SideCodes = { invalidId: 403001, invalidType: 403003, notFound: 403006 };
export const TARGET: SideCodes = { invalidId: 403002, invalidType: 403004, notFound: 403007 };

/** The user's funding account as it is (undefined before any money reached it). */
export function fundingAccountOf(state: Readonly<State>, userId: string): FundingAccount | undefined {
  return state.transfers.funding.get(userId);
}

/**
 * An account id and type as a client wrote them, checked: the funding account (its type absent or FUNDING)
 * only for a primary key, a portfolio's venue account (type BINANCE or OKX) of the user's; a portfolio key
 * reaches only its own portfolio (401010, before any other check of the id or type).
 */
export function resolveAccount(state: Readonly<State>, actor: Actor, id: string | undefined, type: AccountType | undefined, codes: SideCodes): AccountRef {
  if (id === undefined || !/^[0-9]{1,20}$/.test(id)) throw new ApiError(codes.invalidId);
  // Any other id, the user's or not, answers alike: a portfolio key cannot probe which ids are its user's.
  if (!actor.primary && id !== actor.keyPortfolioId) throw new ApiError(401010);
  if (id === actor.userId) {
    if (type !== undefined && type !== 'FUNDING') throw new ApiError(codes.invalidType);
    return { kind: 'FUNDING', accountId: id };
  }
  const portfolio = state.portfolios.get(id);
  if (!portfolio || portfolio.userId !== actor.userId || isHouse(state, id)) throw new ApiError(codes.notFound);
  if (type === undefined || type === 'FUNDING') throw new ApiError(codes.invalidType);
  return { kind: 'TRADE', portfolioId: id, venue: type };
}

/** The balance of a coin in an account, read only. */
export function balanceIn(state: Readonly<State>, ref: AccountRef, coin: string): Balance | undefined {
  return holderOf(state, ref)?.balances.get(coin);
}

function holderOf(state: Readonly<State>, ref: AccountRef): BalanceHolder | undefined {
  return ref.kind === 'FUNDING' ? state.transfers.funding.get(ref.accountId) : state.portfolios.get(ref.portfolioId)?.accounts[ref.venue];
}

function writableHolder(state: State, ref: AccountRef): BalanceHolder {
  if (ref.kind === 'TRADE') return state.portfolios.get(ref.portfolioId)!.accounts[ref.venue];
  let account = state.transfers.funding.get(ref.accountId);
  if (!account) state.transfers.funding.set(ref.accountId, (account = newFundingAccount(ref.accountId)));
  return account;
}

/** What of a coin may leave the account: the funding account's available, a venue account's maxTransferable (§4.4). */
export function transferable(ctx: CommandContext, ref: AccountRef, coin: string): Amount {
  const balance = balanceIn(ctx.state, ref, coin);
  if (!balance) return ZERO;
  if (ref.kind === 'FUNDING') return balance.available;
  const market = ctx.venues.market;
  return maxTransferable(marginAccount(ctx.state, market, ref.portfolioId, ref.venue), coinCollateral(market, coin, balance));
}

type LedgerMove = (account: BalanceHolder, coin: string, amount: Amount, ts: number) => Balance;

/** One ledger move on an account; a venue account's change is a balance event (statements, WS Assets). */
function move(ctx: CommandContext, ref: AccountRef, coin: string, amount: Amount, how: LedgerMove, reason: string, movementId: string): void {
  const account = writableHolder(ctx.state, ref);
  const beforeAvailable = account.balances.get(coin)?.available ?? ZERO;
  const balance = how(account, coin, amount, ctx.ts);
  if (ref.kind === 'TRADE') emitBalance(ctx, { portfolioId: ref.portfolioId, venue: ref.venue, coin }, beforeAvailable, balance, reason, movementId);
}

export const creditAccount = (ctx: CommandContext, ref: AccountRef, coin: string, amount: Amount, reason: string, id: string) => move(ctx, ref, coin, amount, credit, reason, id);
export const debitAccount = (ctx: CommandContext, ref: AccountRef, coin: string, amount: Amount, reason: string, id: string) => move(ctx, ref, coin, amount, debit, reason, id);
export const freezeIn = (ctx: CommandContext, ref: AccountRef, coin: string, amount: Amount, reason: string, id: string) => move(ctx, ref, coin, amount, freeze, reason, id);
export const unfreezeIn = (ctx: CommandContext, ref: AccountRef, coin: string, amount: Amount, reason: string, id: string) => move(ctx, ref, coin, amount, unfreeze, reason, id);
export const spendFrozenIn = (ctx: CommandContext, ref: AccountRef, coin: string, amount: Amount, reason: string, id: string) => move(ctx, ref, coin, amount, spendFrozen, reason, id);

/** A network fee the venue keeps. */
export function collectNetworkFee(state: State, coin: string, fee: Amount): void {
  if (fee > 0n) state.transfers.networkFees.set(coin, add(state.transfers.networkFees.get(coin) ?? ZERO, fee));
}
