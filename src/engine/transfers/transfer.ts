/**
 * POST /api/v1/transfer/apply (connex-api.md §4.6, decisions N1, N2): funding ↔ a portfolio's venue
 * account, between the venues of one portfolio, between portfolios of one user. It settles at once
 * (status 1), or, named with a `network` between two venues, on the chain after its confirmation time
 * less the network fee (status 0 until then). Everything is checked before anything moves.
 */
import { ApiError } from '../../catalogue/index.ts';
import { formatFixed, ZERO, type Amount } from '../../domain/money.ts';
import { accountTypeOf, amountReceived, sameAccount, type AccountRef, type Movement } from '../../domain/transfers/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { Actor } from '../identity/index.ts';
import { actingPortfolio } from '../identity/index.ts';
import { collectNetworkFee, creditAccount, debitAccount, resolveAccount, SOURCE, TARGET, transferable, type AccountType } from './accounts.ts';
import { checkedCoinAmount, checkedNetwork, recordMovement, rememberRequest, seenRequest } from './movements.ts';

export interface ApplyTransfer {
  actor: Actor;
  fromTradeAccountId?: string;
  fromAccountType?: AccountType;
  toTradeAccountId?: string;
  toAccountType?: AccountType;
  currency: string;
  amount: Amount;
  network?: string;
  /** requestId, or the reference's clientOrderId (decisions N1). */
  requestId?: string;
}

export interface TransferApplied {
  transferId: string;
  clientOrderId: string;
}

const KIND = 'TRANSFER';

export const transferHandlers = {
  applyTransfer(ctx: CommandContext, cmd: ApplyTransfer): TransferApplied {
    actingPortfolio(ctx.state, { ...cmd.actor, portfolioId: undefined });
    if (cmd.fromTradeAccountId === undefined && cmd.toTradeAccountId === undefined) throw new ApiError(403000);
    const from = resolveAccount(ctx.state, cmd.actor, cmd.fromTradeAccountId, cmd.fromAccountType, SOURCE);
    const to = resolveAccount(ctx.state, cmd.actor, cmd.toTradeAccountId, cmd.toAccountType, TARGET);
    // Only after both accounts are the caller's: a requestId seen answers only a transfer the caller may see.
    const seen = seenRequest(ctx, cmd.actor.userId, KIND, cmd.requestId, fingerprintOf(cmd));
    if (seen) return { transferId: seen.movementId, clientOrderId: seen.clientOrderId };
    checkedCoinAmount(cmd.currency, cmd.amount);
    if (sameAccount(from, to)) throw new ApiError(from.kind === 'FUNDING' ? 403008 : 403009);
    const chain = onChain(from, to, cmd) ? checkedNetwork(cmd.currency, cmd.network!) : undefined;
    if (chain && cmd.amount <= chain.fee) throw new ApiError(403012);
    if (transferable(ctx, from, cmd.currency) < cmd.amount) throw new ApiError(403013);

    const id = ctx.newId();
    const movement: Movement = {
      id,
      kind: KIND,
      userId: cmd.actor.userId,
      coin: cmd.currency,
      network: chain?.network ?? '',
      amount: cmd.amount,
      networkFee: chain?.fee ?? ZERO,
      from,
      to,
      stage: chain ? 'PENDING' : 'SUCCEEDED',
      requestId: cmd.requestId ?? '',
      address: '',
      txId: '',
      reason: '',
      createAt: ctx.ts,
      updateAt: ctx.ts,
      dueAt: ctx.ts + (chain?.confirmMs ?? 0),
    };
    debitAccount(ctx, from, cmd.currency, cmd.amount, 'TRANSFER', id);
    if (!chain) creditAccount(ctx, to, cmd.currency, cmd.amount, 'TRANSFER', id);
    recordMovement(ctx, movement);
    rememberRequest(ctx, cmd.actor.userId, KIND, cmd.requestId, { movementId: id, fingerprint: fingerprintOf(cmd), clientOrderId: movement.requestId });
    return { transferId: id, clientOrderId: movement.requestId };
  },
};

/** A chain transfer lands: the target gets the amount less the network fee, which the venue keeps. */
export function landChainTransfer(ctx: CommandContext, movement: Movement): void {
  creditAccount(ctx, movement.to!, movement.coin, amountReceived(movement), 'TRANSFER', movement.id);
  collectNetworkFee(ctx.state, movement.coin, movement.networkFee);
  movement.stage = 'SUCCEEDED';
  recordMovement(ctx, movement);
}

/** A network named between two venues (the funding account counts as its own place) puts the transfer on a chain. */
function onChain(from: AccountRef, to: AccountRef, cmd: ApplyTransfer): boolean {
  return cmd.network !== undefined && cmd.network !== '' && accountTypeOf(from) !== accountTypeOf(to);
}

function fingerprintOf(cmd: ApplyTransfer): string {
  const { fromTradeAccountId, fromAccountType, toTradeAccountId, toAccountType, currency, amount, network } = cmd;
  return JSON.stringify([fromTradeAccountId, fromAccountType, toTradeAccountId, toAccountType, currency, formatFixed(amount), network ?? '']);
}
