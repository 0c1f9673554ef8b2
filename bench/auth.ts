/**
 * `npm run bench:auth`: signed GET requests per second and latency through HTTP for an authenticated
 * read endpoint, beside a bare node:http server answering the same request in the same run.
 */
import { sign, stringToSign } from '../src/auth/signature.ts';
import { formatResult, runLoad, type PreparedRequest } from './load.ts';
import { startBare, startOpenconnex } from './servers.ts';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 30_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PATH = '/api/v1/trading/portfolio';

async function main(): Promise<void> {
  const server = await startOpenconnex({ RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [1_000_000_000, 1000] } }) });
  const { apiKey, secretKey } = server.demo;
  // GETs may repeat a nonce, so one signature per second keeps the load generator's own cost low.
  let cached: { second: number; request: PreparedRequest } | undefined;
  const signed = (): PreparedRequest => {
    const second = Math.floor(Date.now() / 1000);
    if (cached?.second === second) return cached.request;
    const nonce = String(second);
    cached = { second, request: {
      method: 'GET',
      path: `${PATH}?page=1`,
      headers: { 'content-type': 'application/json', 'X-MBX-APIKEY': apiKey, nonce, signature: sign(secretKey, stringToSign({ page: '1' }, nonce)) },
    } };
    return cached.request;
  };
  const sample = await fetch(server.baseUrl + signed().path, { headers: signed().headers }).then((r) => r.text());
  const bare = await startBare(sample);
  try {
    await runLoad(server.baseUrl, 2000, CONCURRENCY, signed); // warm-up
    await runLoad(bare.baseUrl, 2000, CONCURRENCY, signed);
    const ours = await runLoad(server.baseUrl, TOTAL, CONCURRENCY, signed);
    const baseline = await runLoad(bare.baseUrl, TOTAL, CONCURRENCY, signed);
    console.log(`GET ${PATH} (signed, authenticated, rate-limited), concurrency ${CONCURRENCY}`);
    console.log(formatResult('openconnex', ours));
    console.log(formatResult('bare node:http', baseline));
    console.log(`ratio openconnex / bare: ${(ours.perSecond / baseline.perSecond).toFixed(2)}`);
  } finally {
    server.stop();
    bare.stop();
  }
}

void main();
