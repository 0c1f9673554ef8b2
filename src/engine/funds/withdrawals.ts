/**
 * Withdrawals (connex-api.md §4.6, §6; decisions N2): the amount is frozen in its account, approved after a
 * minute of venue time (status 1 → 2), then sent: after the network's confirmation time the frozen amount
 * leaves, the venue keeping the network fee and the address receiving the rest (3). The operator can fail
 * one on its way (4, or 5 before approval): the amount is available again.
 */
import { ApiError } from '../../catalogue/index.ts';
import { formatFixed, type Amount } from '../../domain/money.ts';
import { accountIdOf, accountTypeOf, type AccountRef, type Movement } from '../../domain/transfers/index.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import {
  checkedCoinAmount,
  checkedNetwork,
  collectNetworkFee,
  freezeIn,
  recordMovement,
  rememberRequest,
  resolveAccount,
  seenRequest,
  SOURCE,
  spendFrozenIn,
  transferable,
  txIdOf,
  unfreezeIn,
  type AccountType,
} from '../transfers/index.ts';

/** Venue time a withdrawal waits for approval. */
export const APPROVAL_MS = 60_000;
const KIND = 'WITHDRAWAL';

export interface ApplyWithdrawal {
  actor: Actor;
  /** The funding account's or a portfolio's id; absent: the funding account (primary key) or the key's portfolio. */
  accountId?: string;
  fromAccountType?: AccountType;
  currency: string;
  network: string;
  address: string;
  amount: Amount;
  clientOrderId?: string;
}

export interface FailWithdrawal {
  withdrawalId: string;
  reason?: string;
}

export const withdrawalHandlers = {
  applyWithdrawal(ctx: CommandContext, cmd: ApplyWithdrawal): { withdrawalId: string; clientOrderId: string } {
    const portfolio = actingPortfolio(ctx.state, { ...cmd.actor, portfolioId: undefined });
    const accountId = cmd.accountId ?? (cmd.actor.primary ? cmd.actor.userId : portfolio.portfolioId);
    const from = resolveAccount(ctx.state, cmd.actor, accountId, cmd.fromAccountType, SOURCE);
    // Only after the account is the caller's, and on the account resolved: a clientOrderId answers only that account's withdrawal.
    const seen = seenRequest(ctx, cmd.actor.userId, KIND, cmd.clientOrderId, fingerprintOf(from, cmd));
    if (seen) return { withdrawalId: seen.movementId, clientOrderId: seen.clientOrderId };
    checkedCoinAmount(cmd.currency, cmd.amount);
    const network = checkedNetwork(cmd.currency, cmd.network);
    if (cmd.amount <= network.fee) throw new ApiError(403012);
    if (transferable(ctx, from, cmd.currency) < cmd.amount) throw new ApiError(403013);

    const id = ctx.newId();
    const movement: Movement = {
      id,
      kind: KIND,
      userId: cmd.actor.userId,
      coin: cmd.currency,
      network: cmd.network,
      amount: cmd.amount,
      networkFee: network.fee,
      from,
      to: null,
      stage: 'PENDING',
      requestId: cmd.clientOrderId ?? '',
      address: cmd.address,
      txId: '',
      reason: '',
      createAt: ctx.ts,
      updateAt: ctx.ts,
      dueAt: ctx.ts + APPROVAL_MS,
    };
    freezeIn(ctx, from, cmd.currency, cmd.amount, 'WITHDRAWAL', id);
    recordMovement(ctx, movement);
    rememberRequest(ctx, cmd.actor.userId, KIND, cmd.clientOrderId, { movementId: id, fingerprint: fingerprintOf(from, cmd), clientOrderId: movement.requestId });
    return { withdrawalId: id, clientOrderId: movement.requestId };
  },

  /** The operator fails a withdrawal on its way (tests of clients): 403014 when none is. */
  failWithdrawal(ctx: CommandContext, cmd: FailWithdrawal): { status: 4 | 5 } {
    const movement = ctx.state.transfers.inFlight.get(cmd.withdrawalId);
    if (!movement || movement.kind !== KIND) throw new ApiError(403014);
    unfreezeIn(ctx, movement.from!, movement.coin, movement.amount, 'WITHDRAWAL', movement.id);
    movement.stage = movement.stage === 'PENDING' ? 'REJECTED' : 'FAILED';
    movement.reason = cmd.reason ?? 'failed by the operator';
    recordMovement(ctx, movement);
    return { status: movement.stage === 'REJECTED' ? 5 : 4 };
  },
};

/** A withdrawal's next stage when its time comes: approved and broadcast, then confirmed. */
export function advanceWithdrawal(ctx: CommandContext, movement: Movement): void {
  if (movement.stage === 'PENDING') {
    movement.stage = 'APPROVED';
    movement.txId = txIdOf(movement.id);
    movement.dueAt = ctx.ts + checkedNetwork(movement.coin, movement.network).confirmMs;
  } else {
    spendFrozenIn(ctx, movement.from!, movement.coin, movement.amount, 'WITHDRAWAL_SENT', movement.id);
    collectNetworkFee(ctx.state, movement.coin, movement.networkFee);
    movement.stage = 'SUCCEEDED';
  }
  recordMovement(ctx, movement);
}

function fingerprintOf(from: AccountRef, cmd: ApplyWithdrawal): string {
  return JSON.stringify([accountIdOf(from), accountTypeOf(from), cmd.currency, cmd.network, cmd.address, formatFixed(cmd.amount)]);
}
