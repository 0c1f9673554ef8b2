/**
 * The AsyncAPI 3.0 document of the three WebSocket streams (decisions H1), generated from what the
 * streams are built of: the actions each stream admits (with the same field declarations, answer
 * schemas and codes REST uses for the same requests), the login, the pushes of each stream by channel,
 * and the market-data channels with the schemas of their views. The server is the application
 * described: what a client sends, it `receive`s (and replies to); what it pushes, it `send`s.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { SUCCESS_CODE, SUCCESS_MESSAGE, type CatalogueCode } from '../catalogue/index.ts';
import { INTERVALS } from '../domain/candles.ts';
import { BboViewSchema, BookViewSchema, CandleViewSchema, IndexPriceViewSchema, MarkPriceViewSchema, OpenInterestViewSchema, TradeViewSchema } from '../views/market.ts';
import { StringEnum } from '../views/schema.ts';
import { algoActions } from '../ws/algo/algo-stream.ts';
import { COMMAND_CODES } from '../ws/command.ts';
import { LOGIN_CODES, LOGIN_FIELDS } from '../ws/login.ts';
import { PUSHES, type StreamKind } from '../ws/private/portfolio-feed.ts';
import { privateActions } from '../ws/private/order-actions.ts';
import { ACTION_ACCESS_CODES, type Action } from '../ws/private/private-stream.ts';
import { MAX_SUBSCRIPTIONS, MAX_SUBSCRIPTION_CHARS, PUBLIC_CODES } from '../ws/public/public-stream.ts';
import { MAX_INSTRUMENTS_PER_REQUEST, SUBSCRIBE_CODES } from '../ws/public/subscribe-request.ts';
import { TickerViewSchema } from '../ws/public/ticker.ts';
import { CANDLE_CHANNELS, CHANNELS, PERP_ONLY, type Channel } from '../ws/public/topics.ts';
import { STREAM_PATHS, TOO_LONG_CODES } from '../ws/routes.ts';
import { NOT_AN_OBJECT } from '../ws/session.ts';
import { codesTable, unique } from './codes.ts';
import { fieldCodes, objectSchema, type JsonSchema } from './field-schemas.ts';
import { apiVersion } from './introduction.ts';

/** The data of each market-data channel's pushes. */
const MARKET_DATA: Record<Channel, TSchema> = {
  ORDER_BOOK: BookViewSchema,
  BBO: BboViewSchema,
  TRADE: Type.Array(TradeViewSchema),
  KLINE: Type.Array(CandleViewSchema),
  MARK_PRICE_KLINE: Type.Array(CandleViewSchema, { description: 'Candles of the mark price, sampled on every market tick; volume "0".' }),
  INDEX_KLINE: Type.Array(CandleViewSchema, { description: 'Candles of the index price, sampled on every market tick; volume "0".' }),
  TICKER: TickerViewSchema,
  MARK_PRICE: MarkPriceViewSchema,
  INDEX_PRICE: IndexPriceViewSchema,
  OPEN_INTEREST: OpenInterestViewSchema,
};

const LOGIN_ALL_CODES: CatalogueCode[] = [...fieldCodes(LOGIN_FIELDS), ...LOGIN_CODES];

export function asyncApiDocument(): JsonSchema {
  const streams = [
    new Stream('private', STREAM_PATHS.private, 'Orders and account', PRIVATE_DESCRIPTION, TOO_LONG_CODES.private),
    new Stream('privateAlgo', STREAM_PATHS.algo, 'Algo orders', PRIVATE_DESCRIPTION, TOO_LONG_CODES.private),
    new Stream('public', STREAM_PATHS.public, 'Market data', PUBLIC_DESCRIPTION, TOO_LONG_CODES.public),
  ] as const;
  const [privateStream, algoStream, publicStream] = streams;
  describePrivate(privateStream, 'private', privateActions);
  describePrivate(algoStream, 'algo', algoActions);
  describePublic(publicStream);
  const document = {
    asyncapi: '3.0.0',
    info: { title: 'openconnex WebSocket streams', version: apiVersion(), description: INTRODUCTION },
    defaultContentType: 'application/json',
    servers: {
      openconnex: { host: '{host}', protocol: 'ws', description: 'The REST port: the streams are paths of the same server.', variables: { host: { default: '127.0.0.1:8080' } } },
    },
    channels: Object.fromEntries(streams.map((stream) => [stream.id, stream.channel()])),
    operations: Object.fromEntries(streams.flatMap((stream) => Object.entries(stream.operations))),
  };
  // typebox marks its schemas with symbols; the document is plain JSON.
  return JSON.parse(JSON.stringify(document)) as JsonSchema;
}

const INTRODUCTION = `Three streams on the REST port (decisions H1). Messages are JSON text frames (connex-api.md §5.2): a request
\`{"id", "action", "args"}\` is answered \`{"id", "event", "code", "msg", "data"}\` with the client's \`id\` (numbers keep their text),
success ${SUCCESS_CODE} (decisions A3), or \`event\` "error" with a catalogue code. The text \`ping\` is answered \`pong\`.

Every stream: a frame that is not a JSON object → ${NOT_AN_OBJECT}; a frame over the stream's limit (16 KiB; ${MAX_SUBSCRIPTION_CHARS}
characters on \`${STREAM_PATHS.public}\`) gets its code and the connection stays open; over 1 MiB the socket closes (1009). A connection
without any frame for \`WS_IDLE_MS\` (30 s) closes (4001); a client whose unsent frames exceed \`WS_MAX_BUFFERED_BYTES\` closes (4008);
freezing or deleting the key, or disabling the user, closes its logged-in sessions (4003).

REST: the OpenAPI document at \`/openapi.json\`, the page at \`/docs\`.`;

const PRIVATE_DESCRIPTION = `Log in first (\`login\`): any other action before it → 601011. Pushes go to the key's portfolio, in the
order the engine applied the changes, once they are durable; a login with \`onlyTrade\` gets none. Each action is checked against the key
again when it arrives, so a permission removed after login takes effect at once. \`Positions\` (private stream) comes on every change of a
position, a fill or a leverage change, as its row of \`GET /api/v1/trading/position\` (\`positionQty\` "0": it closed), valued at the marks
of the moment it is sent. \`Account\` comes when a venue account's status changes (decisions L3: NORMAL, MARGIN_CALL, CANCEL_OPEN,
LIQUIDATING, TAKEOVER; the margin-call push of the reference), as its row of \`GET /api/v1/trading/account\` with the status the change told.`;

const PUBLIC_DESCRIPTION = `Subscribe to channels of syms in either grammar (decisions H2); login is optional. At most
${MAX_INSTRUMENTS_PER_REQUEST} syms in one message, ${MAX_SUBSCRIPTIONS} subscriptions on one connection, ${MAX_SUBSCRIPTION_CHARS} characters
in one message; a refused subscribe changes nothing. Pushes are \`{"arg": {"channel", "sym"[, "interval"]}, "data"}\`, numbers as strings.
${[...PERP_ONLY].join(', ')} exist for PERP syms only; ${[...CANDLE_CHANNELS].join(', ')} name an \`interval\`.`;

/** One stream as a channel: its messages, and the operations that send or receive them. */
class Stream {
  readonly messages: Record<string, JsonSchema> = {};
  readonly operations: Record<string, JsonSchema> = {};
  /** Every code an error frame of this stream may carry. */
  private readonly errorCodes: CatalogueCode[];

  constructor(
    readonly id: string,
    private readonly address: string,
    private readonly title: string,
    private readonly description: string,
    tooLongCode: CatalogueCode,
  ) {
    this.errorCodes = [NOT_AN_OBJECT, tooLongCode];
  }

  channel(): JsonSchema {
    const error = message('error', 'A refusal', envelope({ const: 'error' }, { type: 'integer', enum: unique([...this.errorCodes, 500]) }, { type: 'string' }, { type: 'null' }));
    return { address: this.address, title: this.title, description: this.description, messages: { ...this.messages, error } };
  }

  /** A client message the server answers `{id, event, code, msg, data}`, or with an error frame. */
  /** `also`: optional fields of the answer beside data. */
  request(name: string, summary: string, payload: JsonSchema, answer: JsonSchema | TSchema, codes: readonly CatalogueCode[], note?: string, also: Record<string, JsonSchema> = {}): void {
    const answerName = `${name}.answer`;
    const all = unique(codes);
    this.errorCodes.push(...all);
    this.messages[name] = message(name, `${name} request`, payload);
    this.messages[answerName] = message(answerName, `${name} answer`, envelope({ const: name }, { const: SUCCESS_CODE }, { const: SUCCESS_MESSAGE }, answer, also));
    this.operations[`${this.id}.${name}`] = {
      action: 'receive',
      channel: this.ref(),
      summary,
      description: [note, `Codes, in the order they are checked:\n\n${codesTable(all)}`].filter(Boolean).join('\n\n'),
      messages: [this.ref(name)],
      reply: { channel: this.ref(), messages: [this.ref(answerName), this.ref('error')] },
      'x-codes': all,
    };
  }

  /** A message the server sends unasked. */
  push(name: string, summary: string, payload: JsonSchema): void {
    this.messages[name] = message(name, summary, payload);
    this.operations[`${this.id}.${name}`] = { action: 'send', channel: this.ref(), summary, messages: [this.ref(name)] };
  }

  /** A client message the server answers with another (no envelope). */
  exchange(name: string, summary: string, payload: JsonSchema, replyName: string, reply: JsonSchema): void {
    this.messages[name] = message(name, name, payload);
    this.messages[replyName] = message(replyName, replyName, reply);
    this.operations[`${this.id}.${name}`] = { action: 'receive', channel: this.ref(), summary, messages: [this.ref(name)], reply: { channel: this.ref(), messages: [this.ref(replyName)] } };
  }

  private ref(messageName?: string): JsonSchema {
    return { $ref: messageName === undefined ? `#/channels/${this.id}` : `#/channels/${this.id}/messages/${messageName}` };
  }
}

function describePrivate(stream: Stream, kind: StreamKind, actions: Readonly<Record<string, Action>>): void {
  stream.request('login', 'Log in with an API key.', actionMessage('login', objectSchema(LOGIN_FIELDS)), Type.Null(), [...COMMAND_CODES, ...LOGIN_ALL_CODES]);
  for (const [name, action] of Object.entries(actions)) {
    const args = action.fields ? objectSchema(action.fields) : { type: 'object', description: 'Echoed in the answer.' };
    const codes = [...COMMAND_CODES, ...ACTION_ACCESS_CODES, ...fieldCodes(action.fields ?? {}), ...(action.codes ?? [])];
    stream.request(name, action.summary, actionMessage(name, args), action.answer, codes, `Needs the ${action.requirement.permission} permission.`);
  }
  for (const [channel, { data, bySym }] of Object.entries(PUSHES[kind])) {
    stream.push(channel, `${channel} pushes`, {
      type: 'object',
      properties: { channel: { const: channel }, ...(bySym ? { instId: { type: 'string', description: 'The sym.' } } : {}), data },
      required: ['channel', ...(bySym ? ['instId'] : []), 'data'],
      additionalProperties: false,
    });
  }
}

function describePublic(stream: Stream): void {
  stream.request('login', 'Log in (optional on this stream).', actionMessage('login', objectSchema(LOGIN_FIELDS)), Type.Null(), [...PUBLIC_CODES, ...LOGIN_ALL_CODES]);
  for (const operation of ['subscribe', 'unsubscribe'] as const) {
    const summary = `${operation === 'subscribe' ? 'Subscribe to' : 'Unsubscribe from'} topics, all or nothing; the answer lists them.`;
    const topics = { type: 'array', items: topicSchema() };
    const arg = { ...topics, description: 'The topics again, for a request in the `{"event", "arg"}` grammar (where its SDKs read them).' };
    stream.request(operation, summary, subscription(operation), topics, [...PUBLIC_CODES, ...SUBSCRIBE_CODES], undefined, { arg });
  }
  const heartbeat = (key: string) => ({ type: 'object', properties: { [key]: {} }, required: [key], additionalProperties: false });
  stream.exchange('ping', '`{"ping": n}` is answered `{"pong": n}`.', heartbeat('ping'), 'pong', heartbeat('pong'));
  for (const channel of CHANNELS) {
    stream.push(`push.${channel}`, `${channel} pushes of the subscribed syms`, {
      type: 'object',
      properties: { arg: topicSchema(channel), data: MARKET_DATA[channel] },
      required: ['arg', 'data'],
      additionalProperties: false,
    });
  }
}

/** `{"id", "action", "args"}`. */
function actionMessage(name: string, args: JsonSchema): JsonSchema {
  return { type: 'object', properties: { id: { type: 'string', description: 'Echoed on the answer.' }, action: { const: name }, args }, required: ['action'] };
}

function envelope(event: JsonSchema, code: JsonSchema, msg: JsonSchema, data: JsonSchema | TSchema, also: Record<string, JsonSchema> = {}): JsonSchema {
  return {
    type: 'object',
    properties: { id: { type: ['string', 'null'] }, event, code, msg, data, ...also },
    required: ['id', 'event', 'code', 'msg', 'data'],
    additionalProperties: false,
  };
}

function topicSchema(channel?: Channel): JsonSchema {
  return {
    type: 'object',
    properties: {
      channel: channel === undefined ? { type: 'string', enum: [...CHANNELS] } : { const: channel },
      sym: { type: 'string', examples: ['BINANCE_SPOT_BTC_USDT'] },
      ...(channel === undefined || CANDLE_CHANNELS.has(channel) ? { interval: intervalSchema() } : {}),
    },
    required: ['channel', 'sym', ...(channel !== undefined && CANDLE_CHANNELS.has(channel) ? ['interval'] : [])],
    additionalProperties: false,
  };
}

function intervalSchema(): TSchema {
  return StringEnum(INTERVALS, { description: `${[...CANDLE_CHANNELS].join(', ')} only.` });
}

/** The whole message, in either grammar: `{"id", "action", "args": {"channel", "inst"}}` or `{"event", "arg": [{"channel", "sym" | "instId"}]}`. */
function subscription(operation: 'subscribe' | 'unsubscribe'): JsonSchema {
  const channel = { type: 'string', enum: [...CHANNELS] };
  const syms = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_INSTRUMENTS_PER_REQUEST }] };
  const topic = (symField: 'sym' | 'instId') => ({
    type: 'object',
    properties: { channel, [symField]: { type: 'string' }, interval: intervalSchema() },
    required: ['channel', symField],
    additionalProperties: false,
  });
  return {
    oneOf: [
      actionMessage(operation, {
        type: 'object',
        properties: { channel, inst: syms, interval: intervalSchema() },
        required: ['channel', 'inst'],
        additionalProperties: false,
      }),
      {
        type: 'object',
        properties: { event: { const: operation }, arg: { type: 'array', minItems: 1, maxItems: MAX_INSTRUMENTS_PER_REQUEST, items: { oneOf: [topic('sym'), topic('instId')] } } },
        required: ['event', 'arg'],
      },
    ],
  };
}

function message(name: string, title: string, payload: JsonSchema | TSchema): JsonSchema {
  return { name, title, payload };
}
