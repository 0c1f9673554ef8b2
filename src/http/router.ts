/**
 * Declares an endpoint: for the API its permission, key scope and rate group, for the operator's API
 * the admin token; its fields as data (read here, in their order, before the handler runs), the schema
 * of its answer, the codes it can answer; and a handler that returns `data`. The router does the rest
 * (auth, limits, fields, envelope, request metrics) the same way for all, and keeps every declaration
 * for the API documents (src/docs/). Endpoints for operators' tools (load balancers, Prometheus)
 * answer in their own format instead (`raw`).
 */
import type { Readable } from 'node:stream';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteHandlerMethod } from 'fastify';
import { assertAdminToken, isAdminToken } from '../auth/admin-token.ts';
import { authenticate, type Caller, type Credentials, type KeyScope, type Requirement } from '../auth/authenticate.ts';
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import type { Permission, Portfolio } from '../domain/identity/index.ts';
import { hitRateLimit } from '../limits/call-limit.ts';
import { whenReady, type MaybeAsync } from '../limits/maybe-async.ts';
import type { RateGroupName } from '../limits/rate-table.ts';
import { failure, success } from '../wire/envelope.ts';
import type { FieldSpec, Values } from '../wire/field-spec.ts';
import { Fields, type Params } from '../wire/fields.ts';
import { wireJson } from '../wire/json-number.ts';
import { ACTING_PORTFOLIO, actorOf } from '../wire/order-requests.ts';
import type { Gateway } from './gateway.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One authenticated call: who calls, its declared fields as read, and (on an `acting` endpoint) the portfolio it acts on. */
export class Call<V = Record<string, unknown>> {
  /** The endpoint's fields, filled in their declared order as they are read: a check sees the ones before it. */
  readonly values = {} as V;
  private acting: Portfolio | undefined;
  private time: number | undefined;

  constructor(
    readonly caller: Caller,
    readonly gateway: Gateway,
    private readonly actsOnPortfolio: boolean,
  ) {}

  /** The portfolio the call acts on (decisions D3: the `portfolioId` field, else the key's own), resolved on first use (401010, 401022). */
  portfolio(): Portfolio {
    if (!this.actsOnPortfolio) throw new Error('the endpoint does not declare `acting`');
    const { portfolioId } = this.values as { portfolioId?: string };
    return (this.acting ??= this.gateway.reads.actingPortfolio(actorOf(portfolioId, this.caller)));
  }

  /** Venue time, read once: every rule of the call is checked against the same time (decisions L12). */
  now(): number {
    return (this.time ??= this.gateway.venueClock());
  }
}

/** What the API documents say of an endpoint, and the fields the router reads for it. */
export interface Declared<S extends FieldSpec, R extends TSchema> {
  summary: string;
  description?: string;
  /** Read in this order before the handler runs (a check at its place); a parameter not named here → 400000. */
  fields: S;
  /** The schema of the answer's `data`. */
  response: R;
  /** What the handler, and the command it submits, can answer besides the fields' codes, in the order it checks. */
  codes?: readonly CatalogueCode[];
}

/** A group of endpoints: a tag of the OpenAPI document. */
export interface RouteGroup {
  name: string;
  description: string;
}

/** Declares the endpoints of one group. */
export interface RouteGroupAdder {
  add<S extends FieldSpec, R extends TSchema>(endpoint: Endpoint<S, R> | AdminEndpoint<S, R> | RawEndpoint<S>): void;
}

/** An endpoint as the documents see it: its group, its declaration, and the fields as the router reads them. */
export interface DeclaredRoute {
  group: RouteGroup;
  endpoint: Endpoint | AdminEndpoint | RawEndpoint;
  fields: FieldSpec;
}

/** An endpoint of the API, called with an API key's signature (§2). */
export interface Endpoint<S extends FieldSpec = FieldSpec, R extends TSchema = TSchema> extends Declared<S, R> {
  method: Method;
  url: string;
  auth?: 'apiKey';
  raw?: never;
  permission: Permission;
  scope: KeyScope;
  rateGroup?: RateGroupName;
  /** The call acts on a portfolio: its optional `portfolioId` field, read first, names it (`call.portfolio()`). */
  acting?: boolean;
  handle: (call: Call<Values<S>>) => MaybeAsync<Static<R>>;
}

/** A call of the operator's API or of an operator's tool. */
export interface AdminCall<V> {
  values: V;
  gateway: Gateway;
}

/** An endpoint of the operator's API, called with the admin token (decisions C5). */
export interface AdminEndpoint<S extends FieldSpec = FieldSpec, R extends TSchema = TSchema> extends Declared<S, R> {
  method: Method;
  url: `/admin/v1/${string}`;
  auth: 'admin';
  raw?: never;
  handle: (call: AdminCall<Values<S>>) => MaybeAsync<Static<R>>;
}

/** An answer in a tool's own format (Prometheus text, a load balancer's JSON), sent as is. */
export interface RawAnswer {
  status: number;
  contentType: string;
  /** Text, or a stream (a file) sent as it is read. */
  body: string | Readable;
  /** The envelope code, when the body is an envelope (a refusal). */
  code?: number;
  headers?: Record<string, string>;
}

/**
 * An endpoint for operators' tools (load balancers, Prometheus) or a signed link (a data export's file), open
 * (`auth: 'none'`) or behind the admin token. Its answer is its own (`RawAnswer`), and a refusal is an HTTP
 * status such tools understand, with the envelope as its body: 401 without the admin token, 400 for bad input,
 * 405 for another method.
 */
export interface RawEndpoint<S extends FieldSpec = FieldSpec> {
  method: 'GET';
  url: `/${string}`;
  auth: 'none' | 'admin';
  raw: true;
  summary: string;
  description?: string;
  fields: S;
  /** The answers it gives, for the documents (its refusals are the router's). */
  answers: readonly RawAnswerDoc[];
  handle: (call: AdminCall<Values<S>>) => MaybeAsync<RawAnswer>;
}

export interface RawAnswerDoc {
  status: number;
  description: string;
  contentType: string;
  /** The body's, when it is JSON. */
  schema?: TSchema;
  /** The body is the envelope of a refusal with one of these codes. */
  codes?: readonly CatalogueCode[];
}

export class RateLimitedError extends Error {}

declare module 'fastify' {
  interface FastifyReply {
    /** The envelope code of the answer (0: not an envelope), for the request metrics; success unless set. */
    envelopeCode: number;
  }
}

/** What fastify's own JSON serializer would have set. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** The methods a raw endpoint answers 405 to (HEAD is answered with GET). */
const OTHER_METHODS: HTTPMethods[] = ['DELETE', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

export function jsonAnswer(status: number, value: unknown): RawAnswer {
  return { status, contentType: JSON_CONTENT_TYPE, body: wireJson(value) };
}

function refusal(status: number, code: CatalogueCode, headers?: Record<string, string>): RawAnswer {
  return { ...jsonAnswer(status, failure(code)), code, headers };
}

/**
 * GET reads the query; other methods the JSON body, or the query when the body is empty (B2).
 * A repeated query key, or params in both places, is ambiguous to sign and refused.
 */
export function paramsOf(request: FastifyRequest): Params {
  const query = (request.query ?? {}) as Params;
  if (Object.values(query).some(Array.isArray)) throw new ApiError(400000);
  if (request.method === 'GET') return withoutTrailingNonce(query, request);
  const body = request.body as Params | undefined;
  if (!body || Object.keys(body).length === 0) return query;
  if (Object.keys(query).length > 0) throw new ApiError(400000);
  return body;
}

/**
 * Decisions C6: some clients append the signed text's "&nonce" to a GET's URL, so the query ends with a
 * bare key (no "=") equal to the nonce header. That key is the nonce, not a parameter: it is left out of
 * the signed parameters and of the fields. Anywhere else, with "=", or differing from the nonce header,
 * such a key stays an ordinary parameter: the signature covers it and the endpoint refuses it as unknown.
 */
function withoutTrailingNonce(query: Params, request: FastifyRequest): Params {
  const nonce = header(request, 'nonce');
  // The URL first: a nonce is an array-index-like key, slow to look up in the parsed query on every GET.
  if (!nonce || !endsWithBareKey(request.url, nonce) || query[nonce] !== '') return query;
  const params: Params = {};
  for (const key of Object.keys(query)) if (key !== nonce) params[key] = query[key];
  return params;
}

function endsWithBareKey(url: string, key: string): boolean {
  const separator = url[url.length - key.length - 1];
  return url.endsWith(key) && (separator === '&' || separator === '?');
}

export class Router {
  /** Every endpoint of the API and of the operator's API as declared, in order, for the documents. */
  readonly routes: DeclaredRoute[] = [];
  readonly groups: RouteGroup[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly gateway: Gateway,
  ) {}

  /** Endpoints declared under one tag of the documents. */
  group(name: string, description: string): RouteGroupAdder {
    const group = { name, description };
    this.groups.push(group);
    return { add: (endpoint) => this.add(endpoint, group) };
  }

  private add<S extends FieldSpec, R extends TSchema>(endpoint: Endpoint<S, R> | AdminEndpoint<S, R> | RawEndpoint<S>, group: RouteGroup): void {
    const fields = !endpoint.raw && endpoint.auth !== 'admin' && endpoint.acting ? { portfolioId: ACTING_PORTFOLIO, ...endpoint.fields } : endpoint.fields;
    this.routes.push({ group, endpoint: endpoint as Endpoint | AdminEndpoint | RawEndpoint, fields });
    if (endpoint.raw) return this.addRaw(endpoint);
    if (endpoint.auth === 'admin') return this.addAdmin(endpoint);
    const requirement: Requirement = { permission: endpoint.permission, scope: endpoint.scope };
    this.route(endpoint.method, endpoint.url, (request, reply) => this.serve(endpoint, fields as S, requirement, request, reply));
  }

  private addAdmin<S extends FieldSpec, R extends TSchema>(endpoint: AdminEndpoint<S, R>): void {
    this.route(endpoint.method, endpoint.url, async (request, reply) => {
      assertAdminToken(request.headers.authorization, this.gateway.adminTokenHash);
      const values = new Fields(paramsOf(request)).read(endpoint.fields);
      const data = await endpoint.handle({ values, gateway: this.gateway });
      reply.header('content-type', JSON_CONTENT_TYPE).send(wireJson(success(data ?? {})));
    });
  }

  private addRaw<S extends FieldSpec>(endpoint: RawEndpoint<S>): void {
    this.route(endpoint.method, endpoint.url, async (request, reply) => {
      if (endpoint.auth === 'admin' && !isAdminToken(request.headers.authorization, this.gateway.adminTokenHash)) {
        return sendRaw(reply, refusal(401, 2000, { 'www-authenticate': 'Bearer' }));
      }
      try {
        const values = new Fields(paramsOf(request)).read(endpoint.fields);
        sendRaw(reply, await endpoint.handle({ values, gateway: this.gateway }));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        sendRaw(reply, refusal(400, error.code));
      }
      // The reply itself: fastify then waits for a stream body instead of ending the answer empty.
      return reply;
    });
    this.route(OTHER_METHODS, endpoint.url, (_request, reply) => sendRaw(reply, refusal(405, 400000, { allow: 'GET, HEAD' })), 'OTHER');
  }

  /** Every route is declared here, so that every answer is counted: by envelope code and status, with its latency. */
  private route(method: HTTPMethods | HTTPMethods[], url: string, handler: RouteHandlerMethod, methodLabel = String(method)): void {
    const meter = this.gateway.metrics.route(methodLabel, url);
    this.app.route({
      method,
      url,
      handler,
      onResponse: (_request, reply, done) => {
        meter.record(reply.envelopeCode, reply.statusCode, reply.elapsedTime / 1000);
        done();
      },
    });
  }

  /**
   * The path every call takes, synchronous while each step answers at once (memory limits, a read
   * handler). No closure is named per request, and the envelope is serialized once, here.
   */
  private serve<S extends FieldSpec, R extends TSchema>(
    endpoint: Endpoint<S, R>,
    spec: S,
    requirement: Requirement,
    request: FastifyRequest,
    reply: FastifyReply,
  ): MaybeAsync<void> {
    const params = paramsOf(request);
    return whenReady(this.authenticate(request, params, requirement), (caller) =>
      whenReady(endpoint.rateGroup ? this.withinRateLimit(endpoint.rateGroup, caller) : true, (allowed) => {
        if (!allowed) throw new RateLimitedError();
        const call = new Call<Values<S>>(caller, this.gateway, endpoint.acting === true);
        new Fields(params).read(spec, call, call.values);
        return whenReady(endpoint.handle(call), (data) => {
          reply.header('content-type', JSON_CONTENT_TYPE).send(wireJson(success(data ?? {})));
        });
      }),
    );
  }

  private authenticate(request: FastifyRequest, params: Params, requirement: Requirement): MaybeAsync<Caller> {
    const credentials: Credentials = {
      apiKey: header(request, 'x-mbx-apikey'),
      nonce: header(request, 'nonce'),
      signature: header(request, 'signature'),
      params,
      clientIp: request.ip,
      replayable: request.method !== 'GET',
    };
    try {
      const caller = authenticate(this.gateway, credentials, requirement);
      return caller instanceof Promise ? caller.catch((error: unknown) => this.refused(request, error)) : caller;
    } catch (error) {
      return this.refused(request, error);
    }
  }

  /** Operators see refused authentications at debug level: who and from where, never the signature. */
  private refused(request: FastifyRequest, error: unknown): never {
    if (error instanceof ApiError) {
      const apiKey = header(request, 'x-mbx-apikey');
      this.gateway.log.debug({ code: error.code, apiKey, method: request.method, url: request.url, ip: request.ip }, 'authentication refused');
    }
    throw error;
  }

  private withinRateLimit(group: RateGroupName, caller: Caller): MaybeAsync<boolean> {
    return hitRateLimit(this.gateway, group, caller);
  }
}

function sendRaw(reply: FastifyReply, answer: RawAnswer): void {
  reply.envelopeCode = answer.code ?? 0;
  if (answer.headers) reply.headers(answer.headers);
  reply.status(answer.status).header('content-type', answer.contentType).send(answer.body);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
