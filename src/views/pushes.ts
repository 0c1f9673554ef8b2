/**
 * Payloads of the private pushes (connex-api.md §5.3, §5.5): the REST views of the same objects,
 * rendered from the event (the state as that command left it), not from live state.
 */
import type { BalanceChanged, ExecutionCreated, OrderUpdated } from '../engine/core/events.ts';
import type { State } from '../engine/core/state.ts';
import { indexPriceOf } from '../engine/venue-link/call-venue.ts';
import { assetRow } from './assets.ts';
import { executionView, orderView } from './order.ts';

/** `Assets`: the portfolio-assets row of one coin of one venue account after the change. */
export function assetPush(event: BalanceChanged, ts: number, state: Readonly<State>) {
  const portfolio = state.portfolios.get(event.portfolioId)!;
  const createAt = portfolio.accounts[event.venue].balances.get(event.coin)?.createAt ?? ts;
  const balance = { available: event.afterAvailable, frozen: event.frozen, borrowed: event.borrowed, createAt, updateAt: ts };
  return assetRow(portfolio, event.venue, event.coin, balance, (venue, coin) => indexPriceOf(state, venue, coin));
}

/** `Orders` / `SUB_ORDER`: the order object; `leverage` is a string in pushes (§5.3). */
export function orderPush(event: OrderUpdated, state: Readonly<State>) {
  const view = orderView(event.order, state.portfolios.get(event.order.portfolioId));
  return { ...view, leverage: String(view.leverage) };
}

/** `Executions` / `SUB_TRADE`: the execution row. */
export function executionPush(event: ExecutionCreated) {
  return executionView(event.execution);
}
