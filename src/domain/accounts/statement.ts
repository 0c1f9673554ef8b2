/**
 * A statement row: one balance change of one coin in one portfolio account (connex-api.md §4.7).
 * Invariant: deltaAmount = Δavailable − Δoverdraw − Δborrow, each Δ = after − before.
 */
import { sub, type Amount } from '../money.ts';
import type { BusinessType, VenueName } from '../market.ts';

/**
 * The statementType values of §6, and BROKER_FEE (a broker's mark-up leaving a sub-portfolio and reaching its main
 * portfolio, decisions J1): the only ones the statement endpoint serves and filters on.
 */
export const STATEMENT_TYPES = ['FUNDING_FEE', 'DEDUCT_INTEREST', 'LIQUIDATION_FEE', 'LIQ_COMPENSATION', 'TRANSFER', 'BROKER_FEE'] as const;
export type StatementType = (typeof STATEMENT_TYPES)[number];

export interface Statement {
  statementId: string;
  portfolioId: string;
  requestId: string;
  /** The client's id of the loan or MARGIN order behind a borrow, repayment or interest charge; '' for other rows. */
  clientOrderId: string;
  coin: string;
  /** '' when the change has no instrument (transfers, deposits). */
  sym: string;
  venue: VenueName;
  business: BusinessType | '';
  /** A §6 statementType, or the engine's reason (TRADE, FEE …) for changes outside that list. */
  statementType: string;
  beforeAvailable: Amount;
  afterAvailable: Amount;
  beforeOverdraw: Amount;
  afterOverdraw: Amount;
  beforeBorrow: Amount;
  afterBorrow: Amount;
  deltaAmount: Amount;
  createAt: number;
}

/** Money moved in or out of the account from outside trading is a TRANSFER statement. */
const TRANSFER_REASONS: ReadonlySet<string> = new Set(['DEPOSIT', 'TRANSFER', 'WITHDRAW', 'WITHDRAWAL']);

export function statementTypeOf(reason: string): string {
  return TRANSFER_REASONS.has(reason) ? 'TRANSFER' : reason;
}

export function isStatementType(value: string): value is StatementType {
  return (STATEMENT_TYPES as readonly string[]).includes(value);
}

export function deltaAmountOf(row: Pick<Statement, 'beforeAvailable' | 'afterAvailable' | 'beforeOverdraw' | 'afterOverdraw' | 'beforeBorrow' | 'afterBorrow'>): Amount {
  const available = sub(row.afterAvailable, row.beforeAvailable);
  return sub(sub(available, sub(row.afterOverdraw, row.beforeOverdraw)), sub(row.afterBorrow, row.beforeBorrow));
}
