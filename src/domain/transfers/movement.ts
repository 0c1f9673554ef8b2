/**
 * Money moving in, out and between accounts (connex-api.md §4.4 bills, §4.6, §6 statuses): one record
 * shape for a transfer, a deposit and a withdrawal, each numbered on the wire the way its endpoint is.
 */
import { sub, type Amount } from '../money.ts';
import type { VenueName } from '../market.ts';

/** A user's funding account (by its id), or a portfolio's account on one venue. */
export type AccountRef = { kind: 'FUNDING'; accountId: string } | { kind: 'TRADE'; portfolioId: string; venue: VenueName };

export const MOVEMENT_KINDS = ['DEPOSIT', 'TRANSFER', 'WITHDRAWAL'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** PENDING: asked (a withdrawal not approved yet, a deposit or chain transfer confirming); APPROVED: a withdrawal on its way. */
export const MOVEMENT_STAGES = ['PENDING', 'APPROVED', 'SUCCEEDED', 'FAILED', 'REJECTED'] as const;
export type MovementStage = (typeof MOVEMENT_STAGES)[number];

export interface Movement {
  id: string;
  kind: MovementKind;
  userId: string;
  coin: string;
  /** '' for a transfer that does not travel on a chain. */
  network: string;
  amount: Amount;
  /** Kept by the venue out of `amount`. */
  networkFee: Amount;
  /** null: outside (a deposit's source, a withdrawal's target). */
  from: AccountRef | null;
  to: AccountRef | null;
  stage: MovementStage;
  /** The client's key (transfers: requestId or clientOrderId; withdrawals: clientOrderId); '' when none. */
  requestId: string;
  /** The chain address: where a deposit was sent, where a withdrawal goes. */
  address: string;
  txId: string;
  /** Why it failed; '' otherwise. */
  reason: string;
  createAt: number;
  updateAt: number;
  /** Venue time at which it moves to its next stage while in flight. */
  dueAt: number;
}

export function amountReceived(movement: Pick<Movement, 'amount' | 'networkFee'>): Amount {
  return sub(movement.amount, movement.networkFee);
}

export function isFinished(stage: MovementStage): boolean {
  return stage === 'SUCCEEDED' || stage === 'FAILED' || stage === 'REJECTED';
}

/** Transfer and bill status (§6): 0 in progress, 1 succeeded, 2 failed. */
export function transferStatus(stage: MovementStage): 0 | 1 | 2 {
  return stage === 'SUCCEEDED' ? 1 : isFinished(stage) ? 2 : 0;
}

/** Deposit status (§6): 2 executing, 3 succeeded, 4 failed. */
export function depositStatus(stage: MovementStage): 2 | 3 | 4 {
  return stage === 'SUCCEEDED' ? 3 : isFinished(stage) ? 4 : 2;
}

/** Withdrawal status (§6): 1 not approved, 2 approved, 3 executed, 4 execution failed, 5 approval rejected. */
export function withdrawalStatus(stage: MovementStage): 1 | 2 | 3 | 4 | 5 {
  return ({ PENDING: 1, APPROVED: 2, SUCCEEDED: 3, FAILED: 4, REJECTED: 5 } as const)[stage];
}

/** The stages a status of an endpoint's numbering stands for. */
export function stagesOfStatus(numbering: (stage: MovementStage) => number, status: number): MovementStage[] {
  return MOVEMENT_STAGES.filter((stage) => numbering(stage) === status);
}

/** Bill type (§6): 0 deposit, 1 transfer, 2 withdrawal. */
export function billType(kind: MovementKind): 0 | 1 | 2 {
  return kind === 'DEPOSIT' ? 0 : kind === 'TRANSFER' ? 1 : 2;
}

export function accountIdOf(ref: AccountRef | null): string {
  return ref === null ? '' : ref.kind === 'FUNDING' ? ref.accountId : ref.portfolioId;
}

/** The reference's account type of a side: the venue of a portfolio account, FUNDING for the funding account. */
export function accountTypeOf(ref: AccountRef | null): '' | 'FUNDING' | VenueName {
  return ref === null ? '' : ref.kind === 'FUNDING' ? 'FUNDING' : ref.venue;
}

export function sameAccount(a: AccountRef, b: AccountRef): boolean {
  return accountIdOf(a) === accountIdOf(b) && accountTypeOf(a) === accountTypeOf(b);
}
