/** Money between accounts: the funding account, transfers, and what deposits and withdrawals share with them. */
import { transferHandlers } from './transfer.ts';

export { ACCOUNT_TYPES, balanceIn, collectNetworkFee, creditAccount, freezeIn, fundingAccountOf, resolveAccount, SOURCE, spendFrozenIn, transferable, unfreezeIn, type AccountType } from './accounts.ts';
export { checkedCoinAmount, checkedNetwork, MAX_REQUEST_ID, recordMovement, rememberRequest, seenRequest, txIdOf } from './movements.ts';
export { landChainTransfer, type ApplyTransfer, type TransferApplied } from './transfer.ts';
export { destinationKey, emptyTransfersState, restoreTransfersState, type Destination, type TransfersState } from './state.ts';

export const transfersHandlers = { ...transferHandlers };
