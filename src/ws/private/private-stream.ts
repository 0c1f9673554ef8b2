/**
 * A logged-in stream (`/v1/private`, `/v1/private-algo`): `login` first, then the stream's actions;
 * pushes for the key's portfolio arrive through the PortfolioFeed unless the login said onlyTrade.
 * Anything but login before login → 601011. The key is checked again on every action, so a
 * permission removed after login takes effect at once.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { authorize, type Caller, type Requirement } from '../../auth/authenticate.ts';
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import type { Gateway } from '../../http/gateway.ts';
import type { FieldSpec } from '../../wire/field-spec.ts';
import type { Params } from '../../wire/fields.ts';
import { readCommand } from '../command.ts';
import type { RequestId } from '../frames.ts';
import { login } from '../login.ts';
import type { PortfolioFeed, StreamKind, Subscriber } from './portfolio-feed.ts';
import type { JsonObject, Session, StreamHandler } from '../session.ts';

export interface ActionCall {
  id: RequestId;
  args: Params;
  caller: Caller;
  session: Session;
  gateway: Gateway;
}

/** An action of a logged-in stream; all but `run` is what the AsyncAPI document says of it. */
export interface Action {
  summary: string;
  requirement: Requirement;
  /** The args it reads, in their order (absent: any object). */
  fields?: FieldSpec;
  /** The `data` of its answer. */
  answer: TSchema;
  /** What it can answer besides its fields' codes. */
  codes?: readonly CatalogueCode[];
  /** Admits the action (limits, parsing) and starts it; the reply may follow later. */
  run(call: ActionCall): Promise<void> | void;
}

/**
 * What admitting an action answers besides its own codes: anything but login before login, or an unknown
 * action (601011); the key deleted since login (601007); then the key's checks again (frozen, user disabled,
 * IP) and the action's permission.
 */
export const ACTION_ACCESS_CODES: readonly CatalogueCode[] = [601011, 601007, 100041, 100002, 2001, 2002];

export class PrivateStream implements StreamHandler {
  private readonly subscribers = new Map<Session, Subscriber>();

  constructor(
    private readonly gateway: Gateway,
    private readonly feed: PortfolioFeed,
    private readonly kind: StreamKind,
    private readonly actions: Readonly<Record<string, Action>>,
  ) {}

  async onMessage(session: Session, message: JsonObject): Promise<void> {
    const { id, action, args } = readCommand(message);
    if (action === 'login') return this.login(session, id, args);
    const subscriber = this.subscribers.get(session);
    const handler = Object.hasOwn(this.actions, action) ? this.actions[action] : undefined;
    if (!subscriber || !handler) throw new ApiError(601011);
    const key = this.gateway.reads.apiKey(subscriber.accessKey);
    if (!key) throw new ApiError(601007);
    const caller = authorize(this.gateway.reads, key, session.clientIp, handler.requirement);
    await handler.run({ id, args, caller, session, gateway: this.gateway });
  }

  onClose(session: Session): void {
    const subscriber = this.subscribers.get(session);
    if (subscriber) this.feed.remove(subscriber);
    this.subscribers.delete(session);
  }

  private async login(session: Session, id: RequestId, args: Params): Promise<void> {
    if (this.subscribers.has(session)) throw new ApiError(601011);
    const { caller, onlyTrade } = await login(this.gateway, this.kind, args, session.clientIp);
    if (!session.isOpen) return;
    const subscriber: Subscriber = {
      session,
      kind: onlyTrade ? 'none' : this.kind,
      portfolioId: caller.portfolio.portfolioId,
      accessKey: caller.key.accessKey,
      userId: caller.user.userId,
    };
    session.reply(id, 'login');
    this.subscribers.set(session, subscriber);
    this.feed.add(subscriber);
  }
}

/** Vendor clients send `{"action":"subscribe","args":{"channel":…}}`; pushes are automatic, so ack it (§5.3). */
export const acknowledgeSubscribe: Action = {
  summary: 'Acknowledged, its args echoed: pushes need no subscription.',
  requirement: { permission: 'READ', scope: 'any' },
  answer: Type.Unknown({ description: 'The args, echoed.' }),
  run({ id, args, session }) {
    session.reply(id, 'subscribe', args);
  },
};
