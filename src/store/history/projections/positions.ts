/**
 * The positions projection: each client position's latest state, from its `positionChanged` events;
 * the closed ones (qty 0) are the position history. A closed NET position (qty 0, positionSide NONE)
 * no longer says which way it was held, so each row keeps the side its earlier events showed. A position a
 * liquidation closed is told once more after its liquidation fees were taken: closed_type LIQUIDATED or ADL, liq_fee.
 */
import { formatFixed, ZERO } from '../../../domain/money.ts';
import type { Position } from '../../../domain/perp/index.ts';
import type { PositionChanged } from '../../../engine/core/events.ts';
import { positions } from '../schema.ts';
import { columnNames, insertFromJson, type ColumnRow } from './columns.ts';

type PositionRow = ColumnRow<typeof positions>;

/** LONG or SHORT: the positionSide in BOTH mode, the sign of the size in NET mode; '' for a flat NET position. */
export function heldSide(position: Pick<Position, 'positionSide' | 'qty'>): '' | 'LONG' | 'SHORT' {
  if (position.positionSide !== 'NONE') return position.positionSide;
  return position.qty > 0n ? 'LONG' : position.qty < 0n ? 'SHORT' : '';
}

/** The row of one event, as JSON text. */
export function positionRow({ position, leverage, positionMode }: PositionChanged, seq: number): string {
  const row: PositionRow = {
    position_id: position.positionId,
    seq,
    portfolio_id: position.portfolioId,
    sym: position.sym,
    venue: position.venue,
    position_side: position.positionSide,
    side: heldSide(position),
    position_mode: positionMode,
    leverage,
    qty: formatFixed(position.qty),
    max_qty: formatFixed(position.maxQty),
    closed_qty: formatFixed(position.closedQty),
    closed_value: formatFixed(position.closedValue),
    opened_qty: formatFixed(position.openedQty),
    opened_value: formatFixed(position.openedValue),
    realized_pnl: formatFixed(position.realizedPnl),
    fee: formatFixed(position.fee),
    funding_fee: formatFixed(position.fundingFee),
    liq_fee: formatFixed(position.liqFee ?? ZERO),
    closed_type: position.closedBy ?? 'COMPLETE_CLOSED',
    create_at: position.createAt,
    update_at: position.updateAt,
  };
  return JSON.stringify(row);
}

/** The latest row of each position among `rows` (oldest first), with the side an earlier row knew when the latest is flat. */
export function latestPositionRows(rows: readonly string[]): string[] {
  const latest = new Map<string, PositionRow>();
  for (const text of rows) {
    const row = JSON.parse(text) as PositionRow;
    const earlier = latest.get(row.position_id);
    latest.set(row.position_id, row.side === '' && earlier ? { ...row, side: earlier.side } : row);
  }
  return [...latest.values()].map((row) => JSON.stringify(row));
}

/** A common table expression of the write statement: the rows of the JSON array `param` upserted, a newer state replacing an older one but not a known side. */
export function upsertPositions(param: string): string {
  const key = positions.positionId.name;
  const side = positions.side.name;
  const replaced = columnNames(positions)
    .filter((name) => name !== key && name !== side)
    .map((name) => `${name} = excluded.${name}`);
  return `${insertFromJson(positions, param)}
    ON CONFLICT (${key}) DO UPDATE SET ${replaced.join(', ')}, ${side} = coalesce(nullif(excluded.${side}, ''), positions.${side})
    WHERE positions.seq <= excluded.seq`;
}
