/**
 * The OpenAPI 3.1 document of the REST API, generated from the router's declarations: each
 * endpoint's fields (the same FieldSpec its requests are read with), permission, key scope, rate
 * group, the catalogue codes it can answer in the order it checks them, and its response schema
 * (declared beside its view). Nothing here is written twice: change a declaration, the document follows.
 */
import type { TSchema } from '@sinclair/typebox';
import { AUTHENTICATION_CODES, SCOPE_CODE } from '../auth/authenticate.ts';
import type { CatalogueCode } from '../catalogue/index.ts';
import type { AdminEndpoint, DeclaredRoute, Endpoint, RawEndpoint, RouteGroup } from '../http/router.ts';
import { RATE_GROUPS, type Limit } from '../limits/rate-table.ts';
import { ACTING_CODES } from '../wire/order-requests.ts';
import { codesTable, unique } from './codes.ts';
import { checksOf, documentFields, fieldCodes, objectSchema, type DocumentedField, type JsonSchema } from './field-schemas.ts';
import { API_INTRODUCTION, apiVersion } from './introduction.ts';

/** A request whose parameters cannot be told apart (a repeated key, query and body both) or that names an unknown field. */
const PARAMETER_CODE: CatalogueCode = 400000;
const RATE_LIMITED: CatalogueCode = 100429;
/** No admin token, or another. */
const ADMIN_TOKEN_CODE: CatalogueCode = 2000;

export function openApiDocument(routes: readonly DeclaredRoute[], groups: readonly RouteGroup[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[route.endpoint.url] ??= {})[route.endpoint.method.toLowerCase()] = operation(route);
  const document = {
    openapi: '3.1.0',
    info: { title: 'openconnex REST API', version: apiVersion(), description: API_INTRODUCTION },
    servers: [{ url: '/' }],
    tags: groups.map(({ name, description }) => ({ name, description })),
    paths,
    components: { securitySchemes: SECURITY_SCHEMES },
  };
  // typebox marks its schemas with symbols: the document is plain JSON, and JSON Schema 2020-12 (OpenAPI 3.1)
  // writes a tuple as prefixItems where typebox writes draft-07's items array.
  return JSON.parse(JSON.stringify(document, (_key, value: unknown) => (isDraft7Tuple(value) ? prefixItems(value) : value))) as JsonSchema;
}

function isDraft7Tuple(value: unknown): value is JsonSchema & { items: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as JsonSchema).items);
}

function prefixItems({ items, additionalItems: _, ...tuple }: JsonSchema & { items: unknown[] }): JsonSchema {
  return { ...tuple, prefixItems: items, items: false };
}

const SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'X-MBX-APIKEY', description: 'The API key (access key).' },
  nonce: { type: 'apiKey', in: 'header', name: 'nonce', description: 'Unix time in seconds, within ±60 s of the server clock (7000 otherwise).' },
  signature: {
    type: 'apiKey',
    in: 'header',
    name: 'signature',
    description: 'Lowercase hex HMAC-SHA256(secretKey, message): the parameters sorted by name as `k1=v1&k2=v2` (raw values), then `&` + nonce.',
  },
  adminToken: { type: 'http', scheme: 'bearer', description: "The operator's admin token (`ADMIN_TOKEN`, or the one in `DATA_DIR/server-secrets.json`)." },
};

function operation(route: DeclaredRoute): JsonSchema {
  const { group, endpoint, fields } = route;
  if (endpoint.raw) return rawOperation(group, endpoint, fields);
  const codes = codesOf(endpoint, fields);
  const documented = documentFields(fields);
  const access = endpoint.auth === 'admin' ? { security: [{ adminToken: [] }] } : apiKeyAccess(endpoint);
  return {
    tags: [group.name],
    operationId: operationId(endpoint),
    summary: endpoint.summary,
    description: describe(endpoint, fields, codes),
    ...access,
    ...request(endpoint, fields, documented),
    responses: responses(endpoint, codes),
    'x-codes': codes,
  };
}

/** In the order a request meets them: its parameters, the key or token, the rate limit, its fields, the handler's own. */
function codesOf(endpoint: Endpoint | AdminEndpoint, fields: DeclaredRoute['fields']): CatalogueCode[] {
  const access: CatalogueCode[] =
    endpoint.auth === 'admin' ? [ADMIN_TOKEN_CODE] : [...AUTHENTICATION_CODES, ...(endpoint.scope === 'any' ? [] : [SCOPE_CODE]), ...(endpoint.rateGroup ? [RATE_LIMITED] : [])];
  const acting = endpoint.auth !== 'admin' && endpoint.acting ? ACTING_CODES : [];
  return unique([PARAMETER_CODE, ...access, ...fieldCodes(fields), ...acting, ...(endpoint.codes ?? [])]);
}

/** An operator's tool: its own answers, and the router's refusals as HTTP statuses with the envelope. */
function rawOperation(group: RouteGroup, endpoint: RawEndpoint, fields: DeclaredRoute['fields']): JsonSchema {
  const admin = endpoint.auth === 'admin';
  const answers = Object.fromEntries(
    endpoint.answers.map(({ status, description, contentType, schema, codes }) => [
      status,
      { description, content: { [contentType]: schema ? { schema } : codes ? { schema: failure(codes) } : {} } },
    ]),
  );
  const codes = unique([PARAMETER_CODE, ...fieldCodes(fields)]);
  const refusal = (description: string, code: CatalogueCode) => ({ description, content: { 'application/json': { schema: failure([code]) } } });
  return {
    tags: [group.name],
    operationId: operationId(endpoint),
    summary: endpoint.summary,
    description: [endpoint.description, admin ? '`Authorization: Bearer <adminToken>`.' : 'Open: no credentials.', 'Another method answers 405 with `Allow: GET, HEAD`.']
      .filter(Boolean)
      .join(' '),
    security: admin ? [{ adminToken: [] }] : [],
    parameters: documentFields(fields).map(queryParameter),
    responses: {
      ...answers,
      400: { description: codes.length > 1 ? 'A parameter missing, malformed or unknown.' : 'A parameter: it takes none.', content: { 'application/json': { schema: failure(codes) } } },
      ...(admin ? { 401: refusal('Without the admin token (with `WWW-Authenticate: Bearer`).', ADMIN_TOKEN_CODE) } : {}),
    },
    'x-codes': unique([...(admin ? [ADMIN_TOKEN_CODE] : []), ...codes, ...endpoint.answers.flatMap((answer) => answer.codes ?? [])]),
    'x-other-methods': 405,
  };
}

function apiKeyAccess(endpoint: Endpoint): JsonSchema {
  return {
    security: [{ apiKey: [], nonce: [], signature: [] }],
    'x-permission': endpoint.permission,
    'x-key-scope': endpoint.scope,
    ...(endpoint.rateGroup ? { 'x-rate-group': endpoint.rateGroup, 'x-rate-limit': rateLimit(RATE_GROUPS[endpoint.rateGroup]) } : {}),
  };
}

function rateLimit({ main, sub }: { main: Limit; sub: Limit }): JsonSchema {
  const of = ([calls, windowMs]: Limit) => ({ calls, windowMs });
  return { mainPortfolioKey: of(main), tradingPortfolioKey: of(sub) };
}

/** GET reads the query string; the other methods a JSON body (a DELETE may send its fields in the query instead). */
function request(endpoint: Endpoint | AdminEndpoint, fields: DeclaredRoute['fields'], documented: DocumentedField[]): JsonSchema {
  if (endpoint.method === 'GET') return { parameters: documented.map(queryParameter) };
  if (documented.length === 0) return {};
  return { requestBody: { required: documented.some((f) => f.required), content: { 'application/json': { schema: objectSchema(fields) } } } };
}

function queryParameter(field: DocumentedField): JsonSchema {
  const { description, examples, ...schema } = field.schema;
  return {
    name: field.name,
    in: 'query',
    required: field.required,
    description,
    schema,
    ...(Array.isArray(examples) ? { example: examples[0] } : {}),
    'x-codes': field.codes,
  };
}

function responses(endpoint: Endpoint | AdminEndpoint, codes: readonly CatalogueCode[]): JsonSchema {
  const refusals = codes.filter((code) => code !== RATE_LIMITED);
  const envelope = { oneOf: [success(endpoint.response), failure(refusals)] };
  return {
    200: {
      description: 'The envelope: `code` 200000 with `data`, or one of the codes of `x-codes` with `data` null (decisions A3, B1).',
      content: { 'application/json': { schema: envelope } },
    },
    ...(endpoint.method !== 'GET' ? { 413: { description: 'The body is over `BODY_LIMIT_BYTES`.', content: { 'application/json': { schema: failure([PARAMETER_CODE]) } } } } : {}),
    ...(endpoint.auth !== 'admin' && endpoint.rateGroup
      ? { 429: { description: 'Rate limited (decisions G1).', content: { 'application/json': { schema: failure([RATE_LIMITED]) } } } }
      : {}),
    500: { description: 'A bug in the server (never an answer to bad input).', content: { 'application/json': { schema: failure([500]) } } },
  };
}

function success(data: TSchema): JsonSchema {
  return envelopeSchema({ type: 'integer', const: 200000 }, { type: 'string', const: 'Success' }, data);
}

export function failure(codes: readonly CatalogueCode[]): JsonSchema {
  return envelopeSchema({ type: 'integer', enum: [...codes] }, { type: 'string' }, { type: 'null' });
}

function envelopeSchema(code: JsonSchema, message: JsonSchema, data: JsonSchema | TSchema): JsonSchema {
  return { type: 'object', properties: { code, message, data }, required: ['code', 'message', 'data'], additionalProperties: false };
}

function describe(endpoint: Endpoint | AdminEndpoint, fields: DeclaredRoute['fields'], codes: readonly CatalogueCode[]): string {
  const checks = checksOf(fields).map(({ description, codes }) => `- ${description} (${codes.join(', ')})`);
  return [
    access(endpoint),
    endpoint.description,
    checks.length > 0 ? `Checks between fields, at their place in the order:\n${checks.join('\n')}` : undefined,
    `Codes, in the order a request is checked:\n\n${codesTable(codes)}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function access(endpoint: Endpoint | AdminEndpoint): string {
  if (endpoint.auth === 'admin') return "**Operator's API**: `Authorization: Bearer <adminToken>`.";
  const keys = { any: 'any key', primary: 'the primary key only', portfolio: 'a trading-portfolio key only' }[endpoint.scope];
  const limit = endpoint.rateGroup ? rateLimitText(endpoint.rateGroup) : 'no rate limit';
  return `**Permission** ${endpoint.permission} · **keys** ${keys} · ${limit}`;
}

function rateLimitText(group: NonNullable<Endpoint['rateGroup']>): string {
  const { main, sub } = RATE_GROUPS[group];
  const per = ([calls, windowMs]: Limit) => `${calls} / ${windowMs / 1000} s`;
  const limits = per(main) === per(sub) ? per(main) : `${per(main)} (MainPortfolio keys), ${per(sub)} (trading-portfolio keys)`;
  return `**rate limit** \`${group}\`: ${limits} per key`;
}

/** `POST /api/v1/trading/order` → `postTradingOrder`; `GET /admin/v1/users` → `adminGetUsers`. */
function operationId(endpoint: Endpoint | AdminEndpoint | RawEndpoint): string {
  const words = endpoint.url.split(/[^A-Za-z0-9]+/).filter((word) => word !== '' && word !== 'api' && word !== 'admin' && word !== 'v1');
  const name = [endpoint.method.toLowerCase(), ...words.map((word) => word[0].toUpperCase() + word.slice(1))].join('');
  return endpoint.auth === 'admin' && !endpoint.raw ? `admin${name[0].toUpperCase()}${name.slice(1)}` : name;
}
