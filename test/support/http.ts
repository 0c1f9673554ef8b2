/** Raw HTTP requests for tests that need what fetch cannot do: chosen headers, source address, exact body. */
import { request as httpRequest } from 'node:http';
import { sign, stringToSign } from '../../src/auth/signature.ts';
import type { ClientCredentials } from '../../src/client/connex-client.ts';

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Source address of the connection (any 127.x.y.z works on Linux loopback). */
  localAddress?: string;
}

export interface RawResponse {
  status: number;
  body: { code: number; message: string; data: any };
}

export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(req.path, baseUrl), { method: req.method, headers: req.headers, localAddress: req.localAddress }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch (error) {
          reject(new Error(`not JSON (${response.statusCode}): ${text}`, { cause: error }));
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A signed request as a client would send it: query for GET, JSON body otherwise. */
export function signedRequest(
  credentials: ClientCredentials,
  method: string,
  path: string,
  params: Record<string, string> = {},
  nonce = String(nowSeconds()),
): RawRequest {
  const signature = sign(credentials.secretKey, stringToSign(params, nonce));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-mbx-apikey': credentials.apiKey, nonce, signature };
  if (method === 'GET') {
    const query = new URLSearchParams(params).toString();
    return { method, path: query ? `${path}?${query}` : path, headers };
  }
  return { method, path, headers, body: JSON.stringify(params) };
}
