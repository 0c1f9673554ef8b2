/** The engine's part of money movement: funding accounts, what is in flight, requestIds seen, deposit destinations, fees kept. */
import type { Amount } from '../../domain/money.ts';
import type { VenueName } from '../../domain/market.ts';
import type { FundingAccount, Movement } from '../../domain/transfers/index.ts';

/** Where a deposit to a portfolio's address lands instead of the funding account: that portfolio's account on a venue. */
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
  /** The venue POST /api/v1/deposit/exchange chose for a portfolio, by destinationKey(portfolioId, coin, network); its default under (portfolioId, '', ''). */
  destinations: Map<string, VenueName>;
  /** Network fees the venues kept, per coin. */
  networkFees: Map<string, Amount>;
}

export function emptyTransfersState(): TransfersState {
  return { funding: new Map(), inFlight: new Map(), requests: new Map(), destinations: new Map(), networkFees: new Map() };
}

export function requestKey(userId: string, kind: string, requestId: string): string {
  return `${userId}|${kind}|${requestId}`;
}

export function destinationKey(portfolioId: string, coin = '', network = ''): string {
  return `${portfolioId}|${coin}|${network}`;
}

/**
 * A snapshot of state format 2 or older kept one setting per user, `userId|coin|network` → the portfolio and venue
 * its key named: each becomes the setting of the portfolio it named.
 */
export function restoreTransfersState(transfers: TransfersState, format: number): void {
  if (format >= 3) return;
  const byUser = transfers.destinations as unknown as Map<string, Destination>;
  transfers.destinations = new Map([...byUser].map(([key, { portfolioId, venue }]) => [destinationKey(portfolioId, ...key.split('|').slice(1)), venue]));
}
