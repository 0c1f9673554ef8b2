/** Money in and out from outside: the operator's deposits, on-chain deposits and where they land, withdrawals. */
import { depositHandlers } from './deposits.ts';
import { destinationHandlers } from './destinations.ts';
import { onchainDepositHandlers } from './onchain-deposits.ts';
import { withdrawalHandlers } from './withdrawals.ts';

export { advanceMoneyInFlight } from './in-flight.ts';
export { depositDestination } from './destinations.ts';
export { APPROVAL_MS, type ApplyWithdrawal } from './withdrawals.ts';

export const fundsHandlers = { ...depositHandlers, ...destinationHandlers, ...onchainDepositHandlers, ...withdrawalHandlers };
