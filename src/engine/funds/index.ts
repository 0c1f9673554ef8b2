/** Money in from outside: deposits (transfers and withdrawals join here). */
import { depositHandlers } from './deposits.ts';

export const fundsHandlers = { ...depositHandlers };
