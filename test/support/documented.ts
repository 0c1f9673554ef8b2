/**
 * The server's own API documents as a check on every answer the tests get: a REST answer must match
 * the documented response of its operation (the success data, or one of its documented codes), a
 * WebSocket frame one of the messages its stream documents. The documents are read from the server
 * under test (`/openapi.json`, `/asyncapi.json`), so what is checked is what a client is given.
 */
import { Ajv as AjvDraft7 } from 'ajv';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AdminClient, ConnexClient, type RequestParams } from '../../src/client/connex-client.ts';
import type { Envelope } from '../../src/wire/envelope.ts';

type Json = Record<string, any>;

/** Compiled response schemas by "METHOD path" and HTTP status. */
interface RestDocument {
  operations: Map<string, Map<number, ValidateFunction>>;
  /** Any path or method the document does not have: 404 with code 400000 (decisions B1). */
  unknown: ValidateFunction;
}

const restDocuments = new Map<string, Promise<RestDocument>>();
const streamDocuments = new Map<string, Promise<Map<string, ValidateFunction>>>();

/** OpenAPI 3.1 schemas are JSON Schema 2020-12; AsyncAPI 3.0's default schema format is draft-07's. */
function newAjv(draft: '2020-12' | 'draft-07'): Ajv2020 | AjvDraft7 {
  const options = { strict: false, allErrors: true };
  const ajv = draft === '2020-12' ? new Ajv2020(options) : new AjvDraft7(options);
  addFormats.default(ajv);
  return ajv;
}

async function fetchJson(url: string): Promise<Json> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as Json;
}

function restDocument(baseUrl: string): Promise<RestDocument> {
  let document = restDocuments.get(baseUrl);
  if (!document) restDocuments.set(baseUrl, (document = fetchJson(`${baseUrl}/openapi.json`).then(compileRest)));
  return document;
}

function compileRest(document: Json): RestDocument {
  const ajv = newAjv('2020-12');
  const operations = new Map<string, Map<number, ValidateFunction>>();
  for (const [path, methods] of Object.entries<Json>(document.paths)) {
    for (const [method, operation] of Object.entries<Json>(methods)) {
      const byStatus = new Map<number, ValidateFunction>();
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        // A JSON answer has its schema; another (Prometheus text) is not read here.
        const json = Object.entries<Json>(response.content).find(([type]) => type.startsWith('application/json'))?.[1];
        byStatus.set(Number(status), json?.schema ? ajv.compile(json.schema) : ajv.compile({ not: {} }));
      }
      operations.set(`${method.toUpperCase()} ${path}`, byStatus);
    }
  }
  const unknown = ajv.compile({ type: 'object', properties: { code: { const: 400000 }, message: { type: 'string' }, data: { type: 'null' } }, required: ['code', 'message', 'data'] });
  return { operations, unknown };
}

/** Why the answer does not match the document, or null when it does. */
export async function restMismatch(baseUrl: string, method: string, url: string, status: number | undefined, body: unknown): Promise<string | null> {
  const document = await restDocument(baseUrl);
  const path = new URL(url, baseUrl).pathname;
  const operation = document.operations.get(`${method} ${path}`);
  if (!operation) {
    if ((status === undefined || status === 404) && document.unknown(body)) return null;
    return `${method} ${path} is not documented, yet answered ${status}: ${JSON.stringify(body)}`;
  }
  const candidates = status === undefined ? [...operation.values()] : [operation.get(status)].filter((v) => v !== undefined);
  if (candidates.length === 0) return `${method} ${path} answered HTTP ${status}, which its document does not list`;
  if (candidates.some((validate) => validate(body))) return null;
  const errors = candidates.flatMap((validate) => validate.errors ?? []).slice(0, 8);
  return `${method} ${path} (${status}) answered outside its document: ${JSON.stringify(body).slice(0, 600)}\n${JSON.stringify(errors, null, 1)}`;
}

async function assertDocumented(baseUrl: string, method: string, url: string, status: number | undefined, body: unknown): Promise<void> {
  const mismatch = await restMismatch(baseUrl, method, url, status, body);
  if (mismatch) throw new Error(mismatch);
}

/** The signed client of the tests: each answer is checked against the server's OpenAPI document. */
export class DocumentedClient extends ConnexClient {
  override async send(method: string, path: string, params: RequestParams, headers: Record<string, string> = {}): Promise<Response> {
    const response = await super.send(method, path, params, headers);
    await assertDocumented(this.baseUrl, method, path, response.status, await response.clone().json());
    return response;
  }
}

/** The operator's client of the tests, checked likewise. */
export class DocumentedAdminClient extends AdminClient {
  override async call<T = any>(method: 'GET' | 'POST', path: string, params: Record<string, string> = {}): Promise<Envelope<T>> {
    const answer = await super.call<T>(method, path, params);
    await assertDocumented(this.baseUrl, method, `/admin/v1${path}`, undefined, answer);
    return answer;
  }
}

/** Every message a stream documents the server sending, as one validator. */
export async function streamValidator(baseUrl: string, path: string): Promise<ValidateFunction> {
  let validators = streamDocuments.get(baseUrl);
  if (!validators) streamDocuments.set(baseUrl, (validators = fetchJson(`${baseUrl}/asyncapi.json`).then(compileStreams)));
  const validate = (await validators).get(path);
  if (!validate) throw new Error(`the AsyncAPI document has no stream at ${path}`);
  return validate;
}

function compileStreams(document: Json): Map<string, ValidateFunction> {
  const ajv = newAjv('draft-07');
  const byAddress = new Map<string, ValidateFunction>();
  for (const [id, channel] of Object.entries<Json>(document.channels)) {
    const sent = Object.values<Json>(document.operations).flatMap((operation) => {
      if (operation.channel.$ref !== `#/channels/${id}`) return [];
      const refs: Json[] = operation.action === 'send' ? operation.messages : (operation.reply?.messages ?? []);
      return refs.map((ref) => channel.messages[ref.$ref.split('/').pop()].payload);
    });
    byAddress.set(channel.address, ajv.compile({ anyOf: sent }));
  }
  return byAddress;
}
