/**
 * The operator credits an on-chain deposit to one of the simulated addresses (GET /api/v1/deposit/address), each
 * a portfolio's: it confirms after the network's confirmation time of venue time (status 2 executing, then 3)
 * into the funding account, or that portfolio's destination (decisions D1).
 */
import { ApiError } from '../../catalogue/index.ts';
import { ZERO, type Amount } from '../../domain/money.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { addressHolderOf, depositAddress, NETWORKS, type AccountRef, type Movement } from '../../domain/transfers/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { isHouse } from '../trading/index.ts';
import { checkedCoinAmount, checkedNetwork, creditAccount, recordMovement, txIdOf } from '../transfers/index.ts';
import { depositDestination } from './destinations.ts';

export interface CreditOnchainDeposit {
  address: string;
  currency: string;
  network: string;
  amount: Amount;
  /** The chain's transaction id; one is made up when absent. */
  txId?: string;
}

export const onchainDepositHandlers = {
  creditOnchainDeposit(ctx: CommandContext, cmd: CreditOnchainDeposit): { depositId: string; confirmAt: number } {
    checkedCoinAmount(cmd.currency, cmd.amount);
    const network = checkedNetwork(cmd.currency, cmd.network);
    const holder = holderOf(ctx.state, cmd.address, cmd.currency, cmd.network);
    if (holder === undefined) throw new ApiError(400000);
    const { userId } = holder;
    const destination = depositDestination(ctx.state, holder, cmd.currency, cmd.network);
    const to: AccountRef = destination ? { kind: 'TRADE', ...destination } : { kind: 'FUNDING', accountId: userId };
    const id = ctx.newId();
    const movement: Movement = {
      id,
      kind: 'DEPOSIT',
      userId,
      coin: cmd.currency,
      network: cmd.network,
      amount: cmd.amount,
      networkFee: ZERO,
      from: null,
      to,
      stage: 'PENDING',
      requestId: '',
      address: cmd.address,
      txId: cmd.txId ?? txIdOf(id),
      reason: '',
      createAt: ctx.ts,
      updateAt: ctx.ts,
      dueAt: ctx.ts + network.confirmMs,
    };
    recordMovement(ctx, movement);
    return { depositId: id, confirmAt: movement.dueAt };
  },
};

/** A confirmed deposit lands in its account. */
export function confirmDeposit(ctx: CommandContext, movement: Movement): void {
  creditAccount(ctx, movement.to!, movement.coin, movement.amount, 'DEPOSIT', movement.id);
  movement.stage = 'SUCCEEDED';
  recordMovement(ctx, movement);
}

/** The portfolio whose address it is (the market makers' house has none). */
function holderOf(state: Readonly<State>, address: string, coin: string, network: string): Portfolio | undefined {
  if (!NETWORKS.some((n) => n.coin === coin && n.network === network)) return undefined;
  for (const portfolio of state.portfolios.values()) {
    if (!isHouse(state, portfolio.portfolioId) && depositAddress(addressHolderOf(portfolio), coin, network) === address) return portfolio;
  }
  return undefined;
}
