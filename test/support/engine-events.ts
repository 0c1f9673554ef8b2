/** Reading what an engine command emitted, as the liquidation unit tests do: each order's last state, a portfolio's balance changes and status changes. */
import { sub } from '../../src/domain/money.ts';
import type { Order } from '../../src/domain/orders/index.ts';
import type { BalanceChanged, EngineEvent } from '../../src/engine/core/events.ts';

/** The portfolio's orders the events touched, each in its last state. */
export const ordersOf = (events: EngineEvent[], portfolioId: string) => {
  const last = new Map<string, Order>();
  for (const e of events) if (e.type === 'orderUpdated' && e.order.portfolioId === portfolioId) last.set(e.order.orderId, e.order);
  return [...last.values()];
};

/** The portfolio's balance changes of one reason (statement type). */
export const statements = (events: EngineEvent[], portfolioId: string, reason: string) =>
  events.filter((e): e is BalanceChanged => e.type === 'balanceChanged' && e.portfolioId === portfolioId && e.reason === reason);

/** What a change moved the coin's equity by, borrowing apart (available less overdraw). */
export const delta = (e: BalanceChanged) => sub(sub(e.afterAvailable, e.beforeAvailable), sub(e.overdraw, e.beforeOverdraw ?? e.overdraw));

/** The account statuses the events told for the portfolio, in order. */
export const statuses = (events: EngineEvent[], portfolioId: string) =>
  events.flatMap((e) => (e.type === 'accountStatusChanged' && e.portfolioId === portfolioId ? [e.status] : []));
