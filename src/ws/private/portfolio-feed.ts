/**
 * Fans the engine's durable events out to the logged-in sessions of each portfolio, in the order
 * the engine applied them: the private stream gets Orders / Executions / Assets, the algo stream
 * SUB_ORDER / SUB_TRADE. Each push is rendered once and sent to every session that wants it.
 * Sessions of a key that is frozen or deleted, or of a disabled user, are closed.
 */
import type { EngineEvent, EventBatch } from '../../engine/core/events.ts';
import type { EngineReads } from '../../engine/reads.ts';
import { assetPush, executionPush, orderPush } from '../../views/pushes.ts';
import type { EncodedFrame } from '../encoded-frame.ts';
import { pushFrame } from '../frames.ts';
import { CLOSE_REVOKED, type Session } from '../session.ts';

export type StreamKind = 'private' | 'algo';

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
  return undefined;
}

function pushesOf(event: EngineEvent, ts: number, reads: EngineReads): Push[] {
  switch (event.type) {
    case 'balanceChanged':
      return [{ kind: 'private', portfolioId: event.portfolioId, frame: pushFrame('Assets', undefined, assetPush(event, ts, reads)) }];
    case 'orderUpdated': {
      const { order } = event;
      const data = orderPush(event, reads);
      const pushes: Push[] = [{ kind: 'private', portfolioId: order.portfolioId, frame: pushFrame('Orders', order.sym, data) }];
      if (order.algoOrderId !== null) pushes.push({ kind: 'algo', portfolioId: order.portfolioId, frame: pushFrame('SUB_ORDER', order.sym, data) });
      return pushes;
    }
    case 'executionCreated': {
      const { execution } = event;
      const data = executionPush(event);
      const pushes: Push[] = [{ kind: 'private', portfolioId: execution.portfolioId, frame: pushFrame('Executions', execution.sym, data) }];
      if (execution.algoOrderId !== null) pushes.push({ kind: 'algo', portfolioId: execution.portfolioId, frame: pushFrame('SUB_TRADE', execution.sym, data) });
      return pushes;
    }
    default:
      return [];
  }
}
