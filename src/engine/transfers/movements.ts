/** Every movement's change is told once (the history's bills, transfers, deposits and withdrawals); the unfinished ones stay in flight. */
import { ApiError } from '../../catalogue/index.ts';
import { COINS, type Coin } from '../../domain/coins.ts';
import { roundTo, type Amount } from '../../domain/money.ts';
import { isFinished, networkOf, type Movement, type Network } from '../../domain/transfers/index.ts';
import type { CommandContext } from '../core/context.ts';
import { requestKey, type RequestSeen } from './state.ts';

/** A requestId is at most 63 characters (403016). */
export const MAX_REQUEST_ID = 63;

export function recordMovement(ctx: CommandContext, movement: Movement): void {
  movement.updateAt = ctx.ts;
  if (isFinished(movement.stage)) ctx.state.transfers.inFlight.delete(movement.id);
  else ctx.state.transfers.inFlight.set(movement.id, movement);
  ctx.emit({ type: 'moneyMoved', movement: { ...movement } });
}

/** The coin (403010) and an amount it can move: positive (403005), within its decimals (403011), at least its minimum (403012). */
export function checkedCoinAmount(coinCode: string, amount: Amount): Coin {
  const coin = COINS.get(coinCode);
  if (!coin) throw new ApiError(403010);
  if (amount <= 0n) throw new ApiError(403005);
  if (roundTo(amount, coin.transferDecimals, 'down') !== amount) throw new ApiError(403011);
  if (amount < coin.minTransfer) throw new ApiError(403012);
  return coin;
}

/** A chain the coin travels on (403010 otherwise). */
export function checkedNetwork(coin: string, network: string): Network {
  const found = networkOf(coin, network);
  if (!found) throw new ApiError(403010);
  return found;
}

/**
 * Decisions N1: a requestId seen before with the same content answers what it answered first
 * (`RequestSeen`); with other content 403015; too long 403016; undefined when new.
 */
export function seenRequest(ctx: CommandContext, userId: string, kind: string, requestId: string | undefined, fingerprint: string): RequestSeen | undefined {
  if (requestId === undefined) return undefined;
  if (requestId.length > MAX_REQUEST_ID) throw new ApiError(403016);
  if (requestId.length === 0) throw new ApiError(403015);
  const seen = ctx.state.transfers.requests.get(requestKey(userId, kind, requestId));
  if (seen && seen.fingerprint !== fingerprint) throw new ApiError(403015);
  return seen;
}

export function rememberRequest(ctx: CommandContext, userId: string, kind: string, requestId: string | undefined, seen: RequestSeen): void {
  if (requestId !== undefined) ctx.state.transfers.requests.set(requestKey(userId, kind, requestId), seen);
}

/** A chain transaction id for a movement, the same on every replay. */
export function txIdOf(movementId: string, leg = ''): string {
  return `0x${BigInt(`${movementId}${leg.length}`).toString(16).padStart(64, '0')}`;
}
