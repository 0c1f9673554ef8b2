/** What every operation of the documents shares, said once at the top of them. */
import { readFileSync } from 'node:fs';

/** The server's version, as package.json says. */
export function apiVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export const API_INTRODUCTION = `The ConneX institutional trading API over the simulated BINANCE and OKX venues of openconnex.

**Envelope.** Every answer is \`{"code", "message", "data"}\`: code 200000 "Success" with \`data\`, or a catalogue code with its
message and \`data\` null. Business refusals come with HTTP 200, rate limiting with 429 (code 100429), an unknown path with 404
(code 400000), a request the HTTP parser cannot read (a malformed request line or header) with 400 (code 501), and 500 only for
a bug. Each operation lists the codes it can answer (\`x-codes\`) in the order a request is checked: a request with several faults
gets the first.

**Signing** (§2.1). Each \`/api/v1\` request carries \`X-MBX-APIKEY\`, \`nonce\` (Unix seconds, ±60 s) and \`signature\` = lowercase hex
HMAC-SHA256(secretKey, message), where message is the request's parameters sorted by name and joined as \`k1=v1&k2=v2\` with raw
values, then \`&\` + nonce (no parameters: \`&<nonce>\`). GET parameters travel in the query string; POST, PUT and DELETE send a JSON
object body (a DELETE with an empty body may use the query string). A JSON number is read, and signed, as the text sent. A
parameter the operation does not list is refused (400000). The same non-GET request seen twice answers 7000.

**Numbers** in answers are decimal strings without exponent (decisions B3), except the fields connex-api.md §1.5 makes JSON numbers.
**Pages**: \`{page, pageSize, pageNum (number of pages), totalSize, list}\`.

**Operator's API** (\`/admin/v1\`, tag Admin): \`Authorization: Bearer <adminToken>\`.

**WebSocket** streams (\`/v1/private\`, \`/v1/private-algo\`, \`/v1/public\`) are described by the AsyncAPI document at \`/asyncapi.json\`.`;
