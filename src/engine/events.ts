/** What the engine tells the outside world once a command is durable (projections, WS pushes). */
import type { VenueName } from '../domain/account.ts';
import type { Fixed } from '../domain/money.ts';

export interface BalanceChanged {
  type: 'balanceChanged';
  portfolioId: string;
  venue: VenueName;
  coin: string;
  beforeAvailable: Fixed;
  afterAvailable: Fixed;
  frozen: Fixed;
  borrowed: Fixed;
  /** Why it moved: DEPOSIT, TRANSFER, TRADE, FEE … */
  reason: string;
  requestId: string;
}

export interface PortfolioCreated {
  type: 'portfolioCreated';
  portfolioId: string;
  userId: string;
  name: string;
  belongingTo: number;
}

export interface ApiKeyChanged {
  type: 'apiKeyChanged';
  accessKey: string;
  change: 'created' | 'updated' | 'deleted' | 'frozen' | 'unfrozen';
}

export interface UserChanged {
  type: 'userChanged';
  userId: string;
  change: 'created' | 'disabled' | 'enabled';
}

export type EngineEvent = BalanceChanged | PortfolioCreated | ApiKeyChanged | UserChanged;

/** A durable batch of events from one command. */
export interface EventBatch {
  seq: number;
  ts: number;
  events: EngineEvent[];
}
