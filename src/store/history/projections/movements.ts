/**
 * The money movements projection: each transfer, deposit and withdrawal in its latest state, from its
 * `moneyMoved` events (bills, transfer/deposit/withdrawal history). `body` is the whole movement.
 */
import { formatFixed, parseFixed, type Amount } from '../../../domain/money.ts';
import { accountIdOf, accountTypeOf, type Movement } from '../../../domain/transfers/index.ts';
import type { MoneyMoved } from '../../../engine/core/events.ts';
import { movements } from '../schema.ts';
import { insertFromJson, setAllFromExcluded, type ColumnRow } from './columns.ts';

type MovementRow = ColumnRow<typeof movements>;

export function movementRow({ movement }: MoneyMoved, seq: number): string {
  const row: MovementRow = {
    movement_id: movement.id,
    seq,
    kind: movement.kind,
    user_id: movement.userId,
    from_account_id: accountIdOf(movement.from),
    from_account_type: accountTypeOf(movement.from),
    to_account_id: accountIdOf(movement.to),
    to_account_type: accountTypeOf(movement.to),
    request_id: movement.requestId,
    coin: movement.coin,
    stage: movement.stage,
    create_at: movement.createAt,
    update_at: movement.updateAt,
    body: JSON.stringify({ ...movement, amount: formatFixed(movement.amount), networkFee: formatFixed(movement.networkFee) }),
  };
  return JSON.stringify(row);
}

export function movementFromBody(body: string): Movement {
  const parsed = JSON.parse(body) as Omit<Movement, 'amount' | 'networkFee'> & { amount: string; networkFee: string };
  return { ...parsed, amount: parseFixed<'amount'>(parsed.amount) as Amount, networkFee: parseFixed<'amount'>(parsed.networkFee) as Amount };
}

/** The latest row of each movement among `rows` (oldest first): one upsert may touch a row once. */
export function latestMovementRows(rows: readonly string[]): string[] {
  const latest = new Map<string, string>();
  for (const text of rows) latest.set((JSON.parse(text) as MovementRow).movement_id, text);
  return [...latest.values()];
}

/** A common table expression of the write statement: the rows of the JSON array `param` upserted, a newer state replacing an older one. */
export function upsertMovements(param: string): string {
  return `${insertFromJson(movements, param)}
    ON CONFLICT (${movements.movementId.name}) DO UPDATE SET ${setAllFromExcluded(movements, movements.movementId)} WHERE money_movements.seq <= excluded.seq`;
}
