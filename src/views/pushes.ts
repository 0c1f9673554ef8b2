/**
 * Payloads of the private pushes (connex-api.md §5.3, §5.5): the REST views of the same objects,
 * rendered from the event (the state as that command left it). What comes from live state when the
 * push is rendered: the portfolio's name and balance creation time, index prices, and the margin
 * account a coin's row is valued in (positions at their marks).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { AccountStatusChanged, BalanceChanged, ExecutionCreated, OrderUpdated, PositionChanged } from '../engine/core/events.ts';
import type { EngineReads } from '../engine/reads.ts';
import { accountRow, assetRow } from './assets.ts';
import { Strict } from './schema.ts';
import { executionView, OrderViewSchema, orderView } from './order.ts';
import { positionRow } from './position.ts';

export const OrderPushSchema = Strict({ ...OrderViewSchema.properties, leverage: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$' }) }, { title: 'Order (push)' });

/** `Assets`: the portfolio-assets row of one coin of one venue account after the change. */
export function assetPush(event: BalanceChanged, ts: number, reads: EngineReads) {
  const portfolio = reads.portfolio(event.portfolioId)!;
  const createAt = portfolio.accounts[event.venue].balances.get(event.coin)?.createAt ?? ts;
  const balance = { available: event.afterAvailable, frozen: event.frozen, borrowed: event.borrowed, overdraw: event.overdraw, createAt, updateAt: ts };
  return assetRow(reads.marginAccount(event.portfolioId, event.venue), reads.coinCollateral(event.coin, balance));
}

/** `Orders` / `SUB_ORDER`: the order object; `leverage` is a string in pushes (§5.3). */
export function orderPush(event: OrderUpdated, reads: EngineReads): Static<typeof OrderPushSchema> {
  const { order } = event;
  const view = orderView(order, reads.portfolio(order.portfolioId), reads.instrument(order.sym), reads.orderTpsl(order.portfolioId, order.orderId));
  return { ...view, leverage: String(view.leverage) };
}

/** `Executions` / `SUB_TRADE`: the execution row. */
export function executionPush(event: ExecutionCreated) {
  return executionView(event.execution);
}

/** `Positions`: the position row of the position as the change left it (qty 0: it closed), at the marks and in the margin account of now. */
export function positionPush(event: PositionChanged, reads: EngineReads) {
  const risk = reads.positionRisk(event.position);
  const { portfolioId, venue, sym, positionSide } = event.position;
  return positionRow(risk, reads.liquidationPrice(reads.marginAccount(portfolioId, venue), risk), reads.positionTpsl(portfolioId, sym, positionSide));
}

/** `Account`: the venue's margin account row when its status changed (decisions L3), with the status the change told. */
export function accountPush(event: AccountStatusChanged, reads: EngineReads) {
  const row = accountRow(reads.marginAccount(event.portfolioId, event.venue), reads.portfolio(event.portfolioId)!);
  return { ...row, accountStatus: event.status };
}
