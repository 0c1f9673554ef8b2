/**
 * Fans the engine's durable events out to the logged-in sessions of each portfolio, in the order
 * the engine applied them: the private stream gets Orders / Executions / Assets / Positions / Account, the algo stream
 * ALGO_ORDER / SUB_ORDER / SUB_TRADE. Each push is rendered once and sent to every session that wants it.
 * Sessions of a key that is frozen or deleted, or of a disabled user, are closed.
 */
import type { EngineEvent, EventBatch } from '../../engine/core/events.ts';
import type { EngineReads } from '../../engine/reads.ts';
import { AlgoViewSchema, algoView } from '../../views/algo.ts';
import { AccountRowSchema, AssetRowSchema } from '../../views/assets.ts';
import { ExecutionViewSchema } from '../../views/order.ts';
import { PositionRowSchema } from '../../views/position.ts';
import { accountPush, assetPush, executionPush, OrderPushSchema, orderPush, positionPush } from '../../views/pushes.ts';
import type { EncodedFrame } from '../encoded-frame.ts';
import { pushFrame } from '../frames.ts';
import { CLOSE_REVOKED, type Session } from '../session.ts';

/**
 * The pushes of each stream by channel: the schema of their data, and whether they name the sym
 * (`instId`). The AsyncAPI document lists them; pushes are sent only under these names.
 */
export const PUSHES = {
  private: {
    Orders: { data: OrderPushSchema, bySym: true },
    Executions: { data: ExecutionViewSchema, bySym: true },
    Assets: { data: AssetRowSchema, bySym: false },
    Positions: { data: PositionRowSchema, bySym: true },
    Account: { data: AccountRowSchema, bySym: false },
  },
  algo: {
    ALGO_ORDER: { data: AlgoViewSchema, bySym: true },
    SUB_ORDER: { data: OrderPushSchema, bySym: true },
    SUB_TRADE: { data: ExecutionViewSchema, bySym: true },
  },
} as const;

export type StreamKind = keyof typeof PUSHES;

export interface Subscriber {
  session: Session;
  /** What it is pushed; 'none' for onlyTrade connections, tracked so revocation still closes them. */
  kind: StreamKind | 'none';
  portfolioId: string;
  accessKey: string;
  userId: string;
}

interface Push {
  kind: StreamKind;
  portfolioId: string;
  frame: EncodedFrame;
}

export class PortfolioFeed {
  private readonly byPortfolio = new Map<string, Set<Subscriber>>();
  private readonly all = new Set<Subscriber>();

  constructor(private readonly reads: EngineReads) {}

  add(subscriber: Subscriber): void {
    this.all.add(subscriber);
    let set = this.byPortfolio.get(subscriber.portfolioId);
    if (!set) this.byPortfolio.set(subscriber.portfolioId, (set = new Set()));
    set.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    this.all.delete(subscriber);
    const set = this.byPortfolio.get(subscriber.portfolioId);
    set?.delete(subscriber);
    if (set?.size === 0) this.byPortfolio.delete(subscriber.portfolioId);
  }

  readonly publish = (batch: EventBatch): void => {
    for (const event of batch.events) {
      this.revokeFor(event);
      if (!this.byPortfolio.has(portfolioOf(event) ?? '')) continue;
      for (const push of pushesOf(event, batch.ts, this.reads)) this.deliver(push);
    }
  };

  private deliver(push: Push): void {
    const set = this.byPortfolio.get(push.portfolioId);
    if (!set) return;
    for (const subscriber of set) if (subscriber.kind === push.kind && subscriber.session.isOpen) subscriber.session.send(push.frame);
  }

  private revokeFor(event: EngineEvent): void {
    const revoked =
      event.type === 'apiKeyChanged' && (event.change === 'frozen' || event.change === 'deleted')
        ? (s: Subscriber) => s.accessKey === event.accessKey
        : event.type === 'userChanged' && event.change === 'disabled'
          ? (s: Subscriber) => s.userId === event.userId
          : null;
    if (!revoked) return;
    for (const subscriber of [...this.all]) if (revoked(subscriber)) subscriber.session.close(CLOSE_REVOKED, 'api key no longer valid');
  }
}

/** The portfolio a private push of this event would go to. */
function portfolioOf(event: EngineEvent): string | undefined {
  if (event.type === 'balanceChanged') return event.portfolioId;
  if (event.type === 'orderUpdated') return event.order.portfolioId;
  if (event.type === 'executionCreated') return event.execution.portfolioId;
  if (event.type === 'positionChanged') return event.position.portfolioId;
  if (event.type === 'algoOrderUpdated') return event.algo.portfolioId;
  if (event.type === 'accountStatusChanged') return event.portfolioId;
  return undefined;
}

/** A push of one of the channels PUSHES declares for the stream. */
function push<K extends StreamKind>(kind: K, channel: keyof (typeof PUSHES)[K] & string, portfolioId: string, instId: string | undefined, data: unknown): Push {
  return { kind, portfolioId, frame: pushFrame(channel, instId, data) };
}

function pushesOf(event: EngineEvent, ts: number, reads: EngineReads): Push[] {
  switch (event.type) {
    case 'balanceChanged':
      return [push('private', 'Assets', event.portfolioId, undefined, assetPush(event, ts, reads))];
    case 'orderUpdated': {
      const { order } = event;
      const data = orderPush(event, reads);
      const pushes = [push('private', 'Orders', order.portfolioId, order.sym, data)];
      if (order.algoOrderId !== null) pushes.push(push('algo', 'SUB_ORDER', order.portfolioId, order.sym, data));
      return pushes;
    }
    case 'executionCreated': {
      const { execution } = event;
      const data = executionPush(event);
      const pushes = [push('private', 'Executions', execution.portfolioId, execution.sym, data)];
      if (execution.algoOrderId !== null) pushes.push(push('algo', 'SUB_TRADE', execution.portfolioId, execution.sym, data));
      return pushes;
    }
    case 'positionChanged':
      return event.restated ? [] : [push('private', 'Positions', event.position.portfolioId, event.position.sym, positionPush(event, reads))];
    case 'accountStatusChanged':
      return [push('private', 'Account', event.portfolioId, undefined, accountPush(event, reads))];
    case 'algoOrderUpdated': {
      const { algo } = event;
      return [push('algo', 'ALGO_ORDER', algo.portfolioId, algo.sym, algoView(algo, reads.instrument(algo.sym)))];
    }
    default:
      return [];
  }
}
