/** The engine's part of money movement: funding accounts, what is in flight, requestIds seen, deposit destinations, fees kept. */
import type { Amount } from '../../domain/money.ts';
import type { VenueName } from '../../domain/market.ts';
import type { FundingAccount, Movement } from '../../domain/transfers/index.ts';

/** Where a user's deposits land instead of the funding account (POST /api/v1/deposit/exchange). */
export interface Destination {
  portfolioId: string;
  venue: VenueName;
}

/** What a requestId was first used for (decisions N1): the same content returns `movementId` again. */
export interface RequestSeen {
  movementId: string;
  fingerprint: string;
  clientOrderId: string;
}

export interface TransfersState {
  /** By userId, created by the first money that reaches one. */
  funding: Map<string, FundingAccount>;
  /** Deposits confirming, chain transfers and withdrawals on their way, oldest first; a finished one leaves. */
  inFlight: Map<string, Movement>;
  /** By requestKey(userId, kind, requestId). */
  requests: Map<string, RequestSeen>;
  /** By destinationKey(userId, coin, network); the user's default under (userId, '', ''). */
  destinations: Map<string, Destination>;
  /** Network fees the venues kept, per coin. */
  networkFees: Map<string, Amount>;
}

export function emptyTransfersState(): TransfersState {
  return { funding: new Map(), inFlight: new Map(), requests: new Map(), destinations: new Map(), networkFees: new Map() };
}

export function requestKey(userId: string, kind: string, requestId: string): string {
  return `${userId}|${kind}|${requestId}`;
}

export function destinationKey(userId: string, coin = '', network = ''): string {
  return `${userId}|${coin}|${network}`;
}
