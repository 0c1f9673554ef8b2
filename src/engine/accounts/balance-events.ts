import type { Balance } from '../../domain/accounts/index.ts';
import type { Amount } from '../../domain/money.ts';
import type { CommandContext } from '../core/context.ts';
import { accountTouched } from '../positions/index.ts';
import type { BalanceChanged } from '../core/events.ts';
import type { VenueName } from '../../domain/market.ts';

/** What else a change can say: the overdraw before it (perp cash flows), the instrument behind it, a loan's client id. */
export type BalanceDetail = Pick<BalanceChanged, 'beforeOverdraw' | 'beforeBorrowed' | 'sym' | 'business' | 'clientOrderId'>;

/** Tells the outside world one balance moved (WS `Assets`, statements); house accounts stay private. */
export function emitBalance(
  ctx: CommandContext,
  where: { portfolioId: string; venue: VenueName; coin: string },
  beforeAvailable: Amount,
  balance: Balance,
  reason: string,
  requestId: string,
  detail: BalanceDetail = {},
): void {
  if (ctx.state.trading.housePortfolios.includes(where.portfolioId)) return;
  accountTouched(ctx.state, where.portfolioId, where.venue);
  ctx.emit({
    type: 'balanceChanged',
    ...where,
    beforeAvailable,
    afterAvailable: balance.available,
    frozen: balance.frozen,
    borrowed: balance.borrowed,
    overdraw: balance.overdraw,
    at: ctx.ts,
    reason,
    requestId,
    ...detail,
  });
}
