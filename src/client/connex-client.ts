/**
 * A small signed client for the ConneX REST API, used by the tests, benchmarks and anyone scripting
 * against openconnex. Signs exactly as connex-api.md §2.1.
 */
import { sign, stringToSign, type SignedParams } from '../auth/signature.ts';
import type { Envelope } from '../wire/envelope.ts';

export interface ClientCredentials {
  apiKey: string;
  secretKey: string;
}

/**
 * A JSON number sent as written, for the few request fields the reference types as numbers (a transfer's
 * Long account ids and Double `amount`): the text never passes through a JS number, so nothing is rounded.
 */
export class JsonNumber {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

export type RequestParams = Record<string, string | number | boolean | string[] | JsonNumber | undefined>;
type SentParams = Record<string, Exclude<RequestParams[string], undefined>>;

export class ConnexClient {
  /** Signed messages of the last minute: an identical request must not reuse a nonce (replay guard, C2). */
  private readonly recentlySigned = new Map<string, number>();

  constructor(
    readonly baseUrl: string,
    readonly credentials: ClientCredentials,
    private readonly nonceSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  get<T = any>(path: string, params: RequestParams = {}): Promise<Envelope<T>> {
    return this.request('GET', path, params);
  }

  post<T = any>(path: string, params: RequestParams = {}): Promise<Envelope<T>> {
    return this.request('POST', path, params);
  }

  put<T = any>(path: string, params: RequestParams = {}): Promise<Envelope<T>> {
    return this.request('PUT', path, params);
  }

  delete<T = any>(path: string, params: RequestParams = {}): Promise<Envelope<T>> {
    return this.request('DELETE', path, params);
  }

  async request<T>(method: string, path: string, params: RequestParams): Promise<Envelope<T>> {
    const response = await this.send(method, path, params);
    return (await response.json()) as Envelope<T>;
  }

  /** The raw response, for callers that check HTTP status too. */
  async send(method: string, path: string, params: RequestParams, headers: Record<string, string> = {}): Promise<Response> {
    const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as SentParams;
    const signed = signedValues(defined);
    const nonce = this.uniqueNonce(method, signed);
    const signature = sign(this.credentials.secretKey, stringToSign(signed, nonce));
    let url = this.baseUrl + path;
    let body: string | undefined;
    if (method === 'GET') {
      const query = new URLSearchParams(Object.entries(defined).map(([k, v]) => [k, String(v)])).toString();
      if (query) url += `?${query}`;
    } else {
      body = jsonBody(defined);
    }
    return fetch(url, {
      method,
      body,
      headers: {
        'content-type': 'application/json',
        'X-MBX-APIKEY': this.credentials.apiKey,
        nonce,
        signature,
        ...headers,
      },
    });
  }

  /** Now, or a second earlier for each identical request already sent in this second (within ±60 s). */
  private uniqueNonce(method: string, params: SignedParams): string {
    const now = this.nonceSeconds();
    // Signed in time order, so the expired are at the front: walking the whole minute made each request cost more the more were sent.
    for (const [message, at] of this.recentlySigned) {
      if (at >= now - 60) break;
      this.recentlySigned.delete(message);
    }
    // The server's guard knows a request by its signature, which covers neither method nor path (C2).
    const request = stringToSign(params, '');
    for (let nonce = now; nonce > now - 60; nonce--) {
      const id = `${request}${nonce}`;
      if (!this.recentlySigned.has(id)) {
        if (method !== 'GET') this.recentlySigned.set(id, now);
        return String(nonce);
      }
    }
    throw new Error('more than 60 identical requests in one second');
  }
}

/** The values as the signature covers them: a JsonNumber by its text, as the server reads the number token (C1). */
function signedValues(params: SentParams): SignedParams {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, value instanceof JsonNumber ? value.text : value]));
}

function jsonBody(params: SentParams): string {
  const members = Object.entries(params).map(([key, value]) => `${JSON.stringify(key)}:${value instanceof JsonNumber ? value.text : JSON.stringify(value)}`);
  return `{${members.join(',')}}`;
}

/** Client for the operator's /admin/v1 API. */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  async call<T = any>(method: 'GET' | 'POST', path: string, params: Record<string, string> = {}): Promise<Envelope<T>> {
    let url = `${this.baseUrl}/admin/v1${path}`;
    let body: string | undefined;
    if (method === 'GET') {
      const query = new URLSearchParams(params).toString();
      if (query) url += `?${query}`;
    } else {
      body = JSON.stringify(params);
    }
    const response = await fetch(url, { method, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminToken}` } });
    return (await response.json()) as Envelope<T>;
  }
}
