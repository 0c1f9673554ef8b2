/**
 * The algo orders projection: each finished algo order in its final state (its last `algoOrderUpdated`
 * event). The body is the whole AlgoOrder as JSON, its fixed-point amounts as decimal text.
 */
import type { AlgoOrder, Leg } from '../../../domain/algo/index.ts';
import { formatFixed, parseFixed, type Fixed, type Unit } from '../../../domain/money.ts';
import type { AlgoOrderUpdated } from '../../../engine/core/events.ts';
import { algoOrders } from '../schema.ts';
import { insertFromJson, setAllFromExcluded, type ColumnRow } from './columns.ts';

type JsonLeg = Record<keyof Leg, string>;

function legJson(leg: Leg | null): JsonLeg | null {
  return leg && { triggerPrice: formatFixed(leg.triggerPrice), triggerType: leg.triggerType, price: formatFixed(leg.price) };
}

function fixed<U extends Unit>(text: string): Fixed<U> {
  return parseFixed<U>(text)!;
}

function legOf(json: JsonLeg | null): Leg | null {
  return json && { triggerPrice: fixed(json.triggerPrice), triggerType: json.triggerType as Leg['triggerType'], price: fixed(json.price) };
}

export function algoBody(algo: AlgoOrder): string {
  return JSON.stringify({
    ...algo,
    orderQty: formatFixed(algo.orderQty),
    executedQty: formatFixed(algo.executedQty),
    executedAmount: formatFixed(algo.executedAmount),
    tp: legJson(algo.tp),
    sl: legJson(algo.sl),
    conditional: legJson(algo.conditional),
    schedule: algo.schedule && { ...algo.schedule, limitPrice: formatFixed(algo.schedule.limitPrice), slices: algo.schedule.slices.map(formatFixed) },
  });
}

export function algoFromBody(body: string): AlgoOrder {
  const json = JSON.parse(body);
  return {
    ...json,
    orderQty: fixed(json.orderQty),
    executedQty: fixed(json.executedQty),
    executedAmount: fixed(json.executedAmount),
    tp: legOf(json.tp),
    sl: legOf(json.sl),
    conditional: legOf(json.conditional),
    schedule: json.schedule && { ...json.schedule, limitPrice: fixed(json.schedule.limitPrice), slices: json.schedule.slices.map(fixed) },
  };
}

/** The row of a finished algo's event, as JSON text. */
export function algoRow({ algo }: AlgoOrderUpdated, seq: number): string {
  const row: ColumnRow<typeof algoOrders> = {
    algo_order_id: algo.algoOrderId,
    seq,
    portfolio_id: algo.portfolioId,
    client_order_id: algo.clientOrderId,
    sym: algo.sym,
    venue: algo.venue,
    business: algo.business,
    algo_order_type: algo.algoOrderType,
    state: algo.state,
    create_at: algo.createAt,
    update_at: algo.updateAt,
    body: algoBody(algo),
    attached_order_id: algo.attachedOrderId ?? '',
  };
  return JSON.stringify(row);
}

/** A common table expression of the write statement: the rows of the JSON array `param` upserted, a later state replacing an earlier one. */
export function upsertAlgoOrders(param: string): string {
  return `${insertFromJson(algoOrders, param)}
    ON CONFLICT (${algoOrders.algoOrderId.name}) DO UPDATE SET ${setAllFromExcluded(algoOrders, algoOrders.algoOrderId)} WHERE algo_orders.seq <= excluded.seq`;
}
