/**
 * Declares an API endpoint: its permission, key scope and rate group, and a handler that reads its
 * fields and returns `data`. The router does the rest (auth, limits, envelope) the same way for all.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, type Caller, type KeyScope } from '../auth/authenticate.ts';
import { stringToSign } from '../auth/signature.ts';
import { ApiError } from '../catalogue/index.ts';
import type { Permission } from '../domain/api-key.ts';
import { hitRateLimit } from '../limits/call-limit.ts';
import type { RateGroupName } from '../limits/rate-table.ts';
import { success } from '../wire/envelope.ts';
import { Fields, type Params } from '../wire/fields.ts';
import type { Gateway } from './context.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Call {
  fields: Fields;
  caller: Caller;
  gateway: Gateway;
}

export interface Endpoint {
  method: Method;
  url: string;
  permission: Permission;
  scope: KeyScope;
  rateGroup?: RateGroupName;
  handle: (call: Call) => unknown;
}

export class RateLimitedError extends Error {}

/**
 * GET reads the query; other methods the JSON body, or the query when the body is empty (B2).
 * A repeated query key, or params in both places, is ambiguous to sign and refused.
 */
export function paramsOf(request: FastifyRequest): Params {
  const query = (request.query ?? {}) as Params;
  if (Object.values(query).some(Array.isArray)) throw new ApiError(400000);
  if (request.method === 'GET') return query;
  const body = request.body as Params | undefined;
  if (!body || Object.keys(body).length === 0) return query;
  if (Object.keys(query).length > 0) throw new ApiError(400000);
  return body;
}

export class Router {
  constructor(
    private readonly app: FastifyInstance,
    private readonly gateway: Gateway,
  ) {}

  add(endpoint: Endpoint): void {
    this.app.route({
      method: endpoint.method,
      url: endpoint.url,
      handler: async (request, reply) => {
        const params = paramsOf(request);
        const caller = await authenticate(
          this.gateway,
          {
            apiKey: header(request, 'x-mbx-apikey'),
            nonce: header(request, 'nonce'),
            signature: header(request, 'signature'),
            message: (nonce) => stringToSign(params, nonce),
            clientIp: request.ip,
            replayable: request.method !== 'GET',
          },
          { permission: endpoint.permission, scope: endpoint.scope },
        ).catch((error: unknown) => this.refused(request, error));
        if (endpoint.rateGroup) await this.enforceRateLimit(endpoint.rateGroup, caller);
        const data = await endpoint.handle({ fields: new Fields(params), caller, gateway: this.gateway });
        return reply.send(success(data ?? {}));
      },
    });
  }

  /** Operators see refused authentications at debug level: who and from where, never the signature. */
  private refused(request: FastifyRequest, error: unknown): never {
    if (error instanceof ApiError) {
      const apiKey = header(request, 'x-mbx-apikey');
      this.gateway.log.debug({ code: error.code, apiKey, method: request.method, url: request.url, ip: request.ip }, 'authentication refused');
    }
    throw error;
  }

  private async enforceRateLimit(group: RateGroupName, caller: Caller): Promise<void> {
    if (!(await hitRateLimit(this.gateway, group, caller))) throw new RateLimitedError();
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
