/**
 * `/v1/public` market data (decisions H2): subscribe / unsubscribe in either grammar, at most 50
 * topics per connection (601015), optional login (same message as the private stream), and the
 * JSON heartbeat `{"ping": n}` → `{"pong": n}` besides the text one.
 */
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import type { Gateway } from '../../http/gateway.ts';
import type { Params } from '../../wire/fields.ts';
import type { JsonValue } from '../../wire/json-text.ts';
import { okFrame } from '../frames.ts';
import { login } from '../login.ts';
import type { MarketFeed } from './market-feed.ts';
import { operationName, readSubscribeRequest, type SubscribeRequest } from './subscribe-request.ts';
import { topicArg, topicKey, type Topic } from './topics.ts';
import { requestIdOf, type JsonObject, type Session, type StreamHandler } from '../session.ts';

export const MAX_SUBSCRIPTIONS = 50;
/** No operation (601008), one that is not text (601001) or not known (601011); over MAX_SUBSCRIPTIONS topics (601015). */
export const PUBLIC_CODES: readonly CatalogueCode[] = [601008, 601001, 601011, 601015];
/** A subscription message longer than this → 601014 (decisions H2). */
export const MAX_SUBSCRIPTION_CHARS = 1024;
const MILLISECONDS = /^\d{1,16}$/;

export class PublicStream implements StreamHandler {
  private readonly topics = new Map<Session, Map<string, Topic>>();

  constructor(
    private readonly gateway: Gateway,
    private readonly feed: MarketFeed,
  ) {}

  async onMessage(session: Session, message: JsonObject): Promise<void> {
    if (message.ping !== undefined && Object.keys(message).length === 1) {
      session.send(pongFrame(message.ping));
      return;
    }
    const name = operationName(message);
    if (name === undefined || name === null || name === '') throw new ApiError(601008);
    if (typeof name !== 'string') throw new ApiError(601001);
    const operation = name.toLowerCase();
    if (operation === 'login') {
      await login(this.gateway, 'public', (message.args ?? {}) as Params, session.clientIp);
      session.reply(requestIdOf(message), 'login');
      return;
    }
    if (operation !== 'subscribe' && operation !== 'unsubscribe') throw new ApiError(601011);
    const request = readSubscribeRequest(message, operation, this.feed.reads.findInstrument);
    if (operation === 'subscribe') this.subscribe(session, request);
    else this.unsubscribe(session, request);
  }

  onClose(session: Session): void {
    for (const topic of this.topics.get(session)?.values() ?? []) this.feed.unsubscribe(session, topic);
    this.topics.delete(session);
  }

  private subscribe(session: Session, request: SubscribeRequest): void {
    let mine = this.topics.get(session);
    if (!mine) this.topics.set(session, (mine = new Map()));
    const fresh = new Map(request.topics.map((topic) => [topicKey(topic), topic]));
    for (const key of mine.keys()) fresh.delete(key);
    if (mine.size + fresh.size > MAX_SUBSCRIPTIONS) throw new ApiError(601015);
    session.send(acknowledgement(request));
    for (const [key, topic] of fresh) {
      mine.set(key, topic);
      this.feed.subscribe(session, topic);
    }
  }

  private unsubscribe(session: Session, request: SubscribeRequest): void {
    const mine = this.topics.get(session);
    for (const topic of request.topics) {
      const key = topicKey(topic);
      if (!mine?.delete(key)) continue;
      this.feed.unsubscribe(session, topic);
    }
    session.send(acknowledgement(request));
  }
}

/** The topics as `data`, and in the SDKs' grammar as `arg` too, where its clients read them (connex-api.md §5.2). */
function acknowledgement(request: SubscribeRequest): string {
  const topics = request.topics.map(topicArg);
  return okFrame(request.id, request.operation, topics, request.eventGrammar ? { arg: topics } : undefined);
}

/** `{"pong": <ms>}`: the client's milliseconds back as the JSON number they were (the parser keeps every number as its text). */
function pongFrame(ping: JsonValue): string {
  return typeof ping === 'string' && MILLISECONDS.test(ping) ? `{"pong":${ping}}` : JSON.stringify({ pong: ping });
}
