/**
 * `npm run bench:history-start`: what the embedded history store (PGlite) costs a server process. Starts
 * the server on an empty data dir (PGlite initdb + migrations), then again on the same dir (reopen), and
 * for comparison on PostgreSQL (DATABASE_URL, a fresh schema): milliseconds from spawn to listening, peak
 * and current RSS of the process (Linux /proc), and RSS after BENCH_DEPOSITS (default 500) deposits have
 * been projected. BENCH_REOPENS (default 3) later starts are measured.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient, ConnexClient } from '../src/client/connex-client.ts';
import { testSchema } from '../test/support/postgres.ts';
import { readDemoCredentials, startServerProcess, type ServerProcess } from '../test/support/process.ts';

const REOPENS = Number(process.env.BENCH_REOPENS || 3);
const DEPOSITS = Number(process.env.BENCH_DEPOSITS || 500);

interface Sample {
  run: string;
  'start ms': number;
  'peak RSS MB': number;
  'RSS MB': number;
  'RSS after deposits MB'?: number;
}

function memoryMb(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { peak: Math.round(kb('VmHWM') / 1024), current: Math.round(kb('VmRSS') / 1024) };
}

async function depositAndWait(server: ServerProcess, dataDir: string): Promise<void> {
  const credentials = readDemoCredentials(dataDir);
  const admin = new AdminClient(server.baseUrl, credentials.adminToken);
  for (let i = 0; i < DEPOSITS; i++) {
    const response = await admin.call('POST', '/deposits', { portfolioId: credentials.portfolioId, exchangeType: 'OKX', coin: 'USDT', amount: '1' });
    if (response.code !== 200000) throw new Error(`deposit: ${response.code} ${response.message}`);
  }
  // A history read waits until every acknowledged event is projected.
  const client = new ConnexClient(server.baseUrl, credentials);
  const statement = await client.get('/api/v1/trading/statement', { coin: 'USDT', exchange: 'OKX', pageSize: 1 });
  if (statement.code !== 200000) throw new Error(`statement: ${statement.code} ${statement.message}`);
}

async function measure(run: string, env: Record<string, string>, dataDir: string, withDeposits: boolean): Promise<Sample> {
  const startedAt = performance.now();
  const server = await startServerProcess({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const startMs = Math.round(performance.now() - startedAt);
  try {
    const { peak, current } = memoryMb(server.child.pid!);
    const sample: Sample = { run, 'start ms': startMs, 'peak RSS MB': peak, 'RSS MB': current };
    if (withDeposits) {
      await depositAndWait(server, dataDir);
      sample['RSS after deposits MB'] = memoryMb(server.child.pid!).current;
    }
    return sample;
  } finally {
    await server.stop();
  }
}

async function series(name: string, env: Record<string, string>): Promise<Sample[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-history-'));
  try {
    const samples = [await measure(`${name}: first start`, env, dataDir, true)];
    for (let i = 1; i <= REOPENS; i++) samples.push(await measure(`${name}: later start ${i}`, env, dataDir, i === REOPENS));
    return samples;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const schema = testSchema();
  try {
    const samples = [...(await series('PGlite', {})), ...(await series('PostgreSQL', schema.env))];
    console.log(`server start to listening, ${DEPOSITS} deposits projected, node ${process.version}`);
    console.table(samples);
  } finally {
    await schema.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
