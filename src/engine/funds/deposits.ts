import { ApiError } from '../../catalogue/index.ts';
import { COINS } from '../../domain/coins.ts';
import { credit } from '../../domain/accounts/index.ts';
import { roundTo, ZERO, type Amount } from '../../domain/money.ts';
import { emitBalance } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { VenueName } from '../../domain/market.ts';

export interface CreditDeposit {
  portfolioId: string;
  venue: VenueName;
  coin: string;
  amount: Amount;
}

export const depositHandlers = {
  /** Simulated deposit from outside (operator/admin): funds land on a portfolio's venue account. */
  creditDeposit(ctx: CommandContext, cmd: CreditDeposit): { depositId: string; available: Amount } {
    const portfolio = ctx.state.portfolios.get(cmd.portfolioId);
    if (!portfolio) throw new ApiError(100001);
    const coin = COINS.get(cmd.coin);
    if (!coin) throw new ApiError(403010);
    if (cmd.amount <= 0n) throw new ApiError(403005);
    if (roundTo(cmd.amount, coin.transferDecimals, 'down') !== cmd.amount) throw new ApiError(403011);
    if (cmd.amount < coin.minTransfer) throw new ApiError(403012);
    const account = portfolio.accounts[cmd.venue];
    const beforeAvailable = account.balances.get(cmd.coin)?.available ?? ZERO;
    const depositId = ctx.newId();
    const balance = credit(account, cmd.coin, cmd.amount, ctx.ts);
    emitBalance(ctx, { portfolioId: portfolio.portfolioId, venue: cmd.venue, coin: cmd.coin }, beforeAvailable, balance, 'DEPOSIT', depositId);
    return { depositId, available: balance.available };
  },
};
