/** The tick phase of money in flight: each deposit, chain transfer and withdrawal whose time has come moves on (decisions N2). */
import type { Movement, MovementKind } from '../../domain/transfers/index.ts';
import type { CommandContext } from '../core/context.ts';
import { landChainTransfer } from '../transfers/index.ts';
import { confirmDeposit } from './onchain-deposits.ts';
import { advanceWithdrawal } from './withdrawals.ts';

const NEXT_STAGE: Readonly<Record<MovementKind, (ctx: CommandContext, movement: Movement) => void>> = {
  DEPOSIT: confirmDeposit,
  TRANSFER: landChainTransfer,
  WITHDRAWAL: advanceWithdrawal,
};

export function advanceMoneyInFlight(ctx: CommandContext): void {
  // A withdrawal approved now is due again later: one step per movement per stretch of time.
  const due = [...ctx.state.transfers.inFlight.values()].filter((movement) => movement.dueAt <= ctx.ts);
  for (const movement of due) NEXT_STAGE[movement.kind](ctx, movement);
}
