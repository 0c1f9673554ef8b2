/**
 * The only place balances change. Every operation checks before it writes, so a failed check
 * leaves the account untouched, and no amount ever goes negative.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Balance, VenueAccount } from './account.ts';
import type { Fixed } from '../money.ts';

export function balanceOf(account: VenueAccount, coin: string, ts: number): Balance {
  let balance = account.balances.get(coin);
  if (!balance) {
    balance = { available: 0n, frozen: 0n, borrowed: 0n, createAt: ts, updateAt: ts };
    account.balances.set(coin, balance);
  }
  return balance;
}

export function peekBalance(account: VenueAccount, coin: string): Balance | undefined {
  return account.balances.get(coin);
}

export function credit(account: VenueAccount, coin: string, amount: Fixed, ts: number): Balance {
  assertPositive(amount);
  const balance = balanceOf(account, coin, ts);
  balance.available += amount;
  balance.updateAt = ts;
  account.initialized = true;
  return balance;
}

export function debit(account: VenueAccount, coin: string, amount: Fixed, ts: number): Balance {
  assertPositive(amount);
  const balance = account.balances.get(coin);
  if (!balance || balance.available < amount) throw new ApiError(401055);
  balance.available -= amount;
  balance.updateAt = ts;
  return balance;
}

export function freeze(account: VenueAccount, coin: string, amount: Fixed, ts: number): Balance {
  const balance = account.balances.get(coin);
  if (!balance || balance.available < amount) throw new ApiError(401055);
  balance.available -= amount;
  balance.frozen += amount;
  balance.updateAt = ts;
  return balance;
}

export function unfreeze(account: VenueAccount, coin: string, amount: Fixed, ts: number): Balance {
  const balance = account.balances.get(coin);
  if (!balance || balance.frozen < amount) throw new ApiError(401057);
  balance.frozen -= amount;
  balance.available += amount;
  balance.updateAt = ts;
  return balance;
}

/** Takes `amount` out of the frozen part (a fill paying from reserved funds). */
export function spendFrozen(account: VenueAccount, coin: string, amount: Fixed, ts: number): Balance {
  const balance = account.balances.get(coin);
  if (!balance || balance.frozen < amount) throw new ApiError(401057);
  balance.frozen -= amount;
  balance.updateAt = ts;
  return balance;
}

function assertPositive(amount: Fixed): void {
  if (amount <= 0n) throw new ApiError(403005);
}
