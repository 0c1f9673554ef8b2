/**
 * The only place balances change. Every operation checks before it writes, so a failed check
 * leaves the account untouched, and no amount ever goes negative.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Balance, VenueAccount } from './account.ts';
import { add, min, neg, sub, ZERO, type Amount } from '../money.ts';

/** Whatever holds balances: a portfolio's venue account, a user's funding account. */
export type BalanceHolder = Pick<VenueAccount, 'balances' | 'initialized'>;

export function balanceOf(account: BalanceHolder, coin: string, ts: number): Balance {
  let balance = account.balances.get(coin);
  if (!balance) {
    balance = { available: ZERO, frozen: ZERO, borrowed: ZERO, overdraw: ZERO, createAt: ts, updateAt: ts };
    account.balances.set(coin, balance);
  }
  return balance;
}

export function credit(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  assertPositive(amount);
  const balance = balanceOf(account, coin, ts);
  balance.available = add(balance.available, amount);
  balance.updateAt = ts;
  account.initialized = true;
  return balance;
}

export function debit(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  assertPositive(amount);
  const balance = account.balances.get(coin);
  if (!balance || balance.available < amount) throw new ApiError(401055);
  balance.available = sub(balance.available, amount);
  balance.updateAt = ts;
  return balance;
}

export function freeze(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  const balance = account.balances.get(coin);
  if (!balance || balance.available < amount) throw new ApiError(401055);
  balance.available = sub(balance.available, amount);
  balance.frozen = add(balance.frozen, amount);
  balance.updateAt = ts;
  return balance;
}

export function unfreeze(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  const balance = account.balances.get(coin);
  if (!balance || balance.frozen < amount) throw new ApiError(401057);
  balance.frozen = sub(balance.frozen, amount);
  balance.available = add(balance.available, amount);
  balance.updateAt = ts;
  return balance;
}

/**
 * Books a signed perp cash flow (realized PnL, fee, funding) in the unified account: a gain repays
 * any overdraw first; a loss beyond what is available becomes overdraw instead of a negative balance.
 */
export function settle(account: BalanceHolder, coin: string, delta: Amount, ts: number): Balance {
  const balance = balanceOf(account, coin, ts);
  if (delta > 0n) {
    const repaid = min(delta, balance.overdraw);
    balance.overdraw = sub(balance.overdraw, repaid);
    balance.available = add(balance.available, sub(delta, repaid));
  } else if (delta < 0n) {
    const owed = neg(delta);
    const paid = min(owed, balance.available);
    balance.available = sub(balance.available, paid);
    balance.overdraw = add(balance.overdraw, sub(owed, paid));
  }
  balance.updateAt = ts;
  return balance;
}

/** Takes `amount` out of the frozen part (a fill paying from reserved funds). */
export function spendFrozen(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  const balance = account.balances.get(coin);
  if (!balance || balance.frozen < amount) throw new ApiError(401057);
  balance.frozen = sub(balance.frozen, amount);
  balance.updateAt = ts;
  return balance;
}

/** Lends `amount` of the coin: it becomes available and is owed (MARGIN borrowing). */
export function borrow(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  assertPositive(amount);
  const balance = balanceOf(account, coin, ts);
  balance.available = add(balance.available, amount);
  balance.borrowed = add(balance.borrowed, amount);
  balance.updateAt = ts;
  return balance;
}

/** Pays back what is available of the debt of the coin, up to the debt. */
export function repay(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  const balance = account.balances.get(coin);
  if (!balance || balance.available < amount || balance.borrowed < amount) throw new ApiError(401055);
  balance.available = sub(balance.available, amount);
  balance.borrowed = sub(balance.borrowed, amount);
  balance.updateAt = ts;
  return balance;
}

/** Charges `amount` owed on a debt (interest): paid from what is available, the rest added to the debt (research-perps.md §3: outstanding interest is a liability). */
export function chargeDebt(account: BalanceHolder, coin: string, amount: Amount, ts: number): Balance {
  assertPositive(amount);
  const balance = balanceOf(account, coin, ts);
  const paid = min(amount, balance.available);
  balance.available = sub(balance.available, paid);
  balance.borrowed = add(balance.borrowed, sub(amount, paid));
  balance.updateAt = ts;
  return balance;
}

function assertPositive(amount: Amount): void {
  if (amount <= 0n) throw new ApiError(403005);
}
