/**
 * `npm run bench:history-start`: what `npm start` costs with the embedded history store, as a user runs
 * it. Runs `npm start` itself (the build, then the server) on an empty data dir, then again on the same
 * dir, and with PostgreSQL (DATABASE_URL, a fresh schema) for comparison: milliseconds from spawn to
 * "listening", and the resident memory of what serves: every process `npm start` runs (the server with
 * its worker threads; the build has exited by then), npm's own process not counted, now and at each
 * one's peak, and the CPU time they used to get there (Linux /proc); the first start of the first run rebuilds dist/ (as after a change of src/;
 * `npm ci` has built it). Then, on each backend, BENCH_ORDERS orders (default 100,000) are placed
 * and projected, reading the memory every quarter: its slope says whether the server grows with
 * the history (with the market clock stopped: only these orders change anything). BENCH_RUNS (default 3)
 * first starts, each followed by BENCH_RESTARTS (default 2) restarts. The argument `growth` runs only
 * the memory part; its samples also give the main thread's live heap (the engine's share) after a full collection.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NONCE_WINDOW_SECONDS } from '../src/auth/authenticate.ts';
import { ConnexClient } from '../src/client/connex-client.ts';
import { openHistory } from '../src/store/history/history.ts';
import { anOrder } from '../test/support/fixtures.ts';
import { testSchema } from '../test/support/postgres.ts';
import { finishingOrder } from '../test/support/finished-order.ts';
import { npmStart } from '../test/support/npm-start.ts';
import { readDemoCredentials, REPO_ROOT } from '../test/support/process.ts';
import { liveHeapMb } from './server-heap.ts';

const RUNS = Number(process.env.BENCH_RUNS || 3);
const RESTARTS = Number(process.env.BENCH_RESTARTS || 2);
const ORDERS = Number(process.env.BENCH_ORDERS || 100_000);
/** `tsx bench/history-start.ts growth`: only the memory over BENCH_ORDERS orders, no start timings. */
const GROWTH_ONLY = process.argv[2] === 'growth';
const CONCURRENCY = 32;
/** How long the server's replay guard keeps a signature (2 × the nonce window), and a second more. */
const REPLAY_WINDOW_MS = 2 * NONCE_WINDOW_SECONDS * 1000 + 1000;
const UNLIMITED = JSON.stringify({ '*': { orderWrite: [1e9, 1000] } });

interface Usage {
  rssMb: number;
  peakMb: number;
  /** CPU time the processes have used so far, all threads: unlike wall time, barely moved by a busy machine. */
  cpuMs: number;
  processes: string;
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Everything npm runs for `npm start`, without npm itself. */
function servingUsage(npmPid: number): Usage {
  const ticksMs = 10; // /proc/<pid>/stat counts CPU time in clock ticks of 10 ms (USER_HZ 100)
  const processes = descendantsOf(npmPid).map((pid) => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
    return { name: /^Name:\s+(.*)$/m.exec(status)![1], rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024, cpu: (utime + stime) * ticksMs };
  });
  const total = (key: 'rss' | 'peak' | 'cpu') => Math.round(processes.reduce((sum, p) => sum + p[key], 0));
  return { rssMb: total('rss'), peakMb: total('peak'), cpuMs: total('cpu'), processes: processes.map((p) => `${p.name} ${Math.round(p.rss)}`).join(', ') };
}

interface StartSample {
  run: string;
  'start ms': number;
  'CPU ms': number;
  'RSS MB': number;
  'peak RSS MB': number;
  processes: string;
}

async function startSample(run: string, env: Record<string, string>): Promise<StartSample> {
  // The market clock as `npm start` runs it (SIM_TICK_MS empty: its default), warm-up before listening included.
  const server = await npmStart({ SIM_TICK_MS: '', ...env });
  try {
    const usage = servingUsage(server.npm.pid!);
    return { run, 'start ms': server.startMs, 'CPU ms': usage.cpuMs, 'RSS MB': usage.rssMb, 'peak RSS MB': usage.peakMb, processes: usage.processes };
  } finally {
    await server.stop();
  }
}

async function starts(name: string, env: () => Record<string, string>): Promise<StartSample[]> {
  const samples: StartSample[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-history-'));
    try {
      const runEnv = { ...env(), DATA_DIR: dataDir };
      // `npm ci` builds dist/ (prepare); the first run also shows a start that has to build it.
      if (run === 1) rmSync(join(REPO_ROOT, 'dist'), { recursive: true, force: true });
      samples.push(await startSample(`${name}: first start${run === 1 ? ', build included' : ''}`, runEnv));
      for (let i = 1; i <= RESTARTS; i++) samples.push(await startSample(`${name}: restart`, runEnv));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return samples;
}

interface GrowthSample {
  backend: string;
  'orders projected': number;
  'RSS MB': number;
  /** The server's main thread (its engine): what is live after a full collection (server-heap.ts); absent for the store alone. */
  'main heap MB'?: number;
  'place + project s': number;
}

/** Each order ends at once: one order row of the history each. */
async function placeOrders(client: ConnexClient, count: number, first: number): Promise<void> {
  let next = first;
  const end = first + count;
  const worker = async () => {
    while (next < end) {
      const id = next++;
      const answer = await client.post('/api/v1/trading/order', finishingOrder(`h${id}`));
      if (answer.code !== 200000) throw new Error(`order: ${answer.code} ${answer.message}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** The server's own process among what `npm start` runs (the node process of scripts/start.mjs). */
function serverPid(npmPid: number): number {
  const processes = descendantsOf(npmPid).map((pid) => ({ pid, argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') }));
  const server = processes.find(({ argv }) => argv[0].endsWith('node') && argv.some((arg) => arg.endsWith('scripts/start.mjs')));
  if (server === undefined) throw new Error(`no server process under npm start: ${processes.map(({ argv }) => argv.join(' ')).join('; ')}`);
  return server.pid;
}

/** A port free now, for the server's inspector. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** A history read answers once everything acknowledged before it is projected (read-your-writes). */
async function projectedOrders(client: ConnexClient): Promise<number> {
  const answer = await client.get<{ totalSize: number }>('/api/v1/trading/history/orders', { pageSize: 1 });
  if (answer.code !== 200000) throw new Error(`history: ${answer.code} ${answer.message}`);
  return answer.data.totalSize;
}

/**
 * The server's samples: at start, after each quarter of the orders, and once more after the replay guard's
 * window (`later`): the signatures of the last two minutes' requests are in the main heap until then.
 */
async function growth(backend: string, env: Record<string, string>): Promise<{ quarters: GrowthSample[]; later: GrowthSample }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-history-'));
  const inspectPort = await freePort();
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --inspect-port=127.0.0.1:${inspectPort}`.trim();
  const server = await npmStart({ RATE_LIMITS: UNLIMITED, ...env, DATA_DIR: dataDir, NODE_OPTIONS: nodeOptions });
  try {
    const client = new ConnexClient(server.baseUrl, readDemoCredentials(dataDir));
    const samples: GrowthSample[] = [];
    const sample = async (startedAt: number, label = backend): Promise<GrowthSample> => {
      const projected = await projectedOrders(client);
      const seconds = Math.round((performance.now() - startedAt) / 100) / 10;
      const heap = await liveHeapMb(serverPid(server.npm.pid!), inspectPort);
      return { backend: label, 'orders projected': projected, 'RSS MB': servingUsage(server.npm.pid!).rssMb, 'main heap MB': heap, 'place + project s': seconds };
    };
    samples.push(await sample(performance.now()));
    const quarter = Math.ceil(ORDERS / 4);
    for (let placed = 0; placed < ORDERS; placed += quarter) {
      const startedAt = performance.now();
      await placeOrders(client, Math.min(quarter, ORDERS - placed), placed);
      samples.push(await sample(startedAt));
    }
    await new Promise((resolve) => setTimeout(resolve, REPLAY_WINDOW_MS));
    const startedAt = performance.now();
    await placeOrders(client, 1, ORDERS); // a signed write: the guard forgets the expired signatures when it sees one
    return { quarters: samples, later: await sample(startedAt, `${backend}, ${Math.round(REPLAY_WINDOW_MS / 1000)} s later`) };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The embedded history store alone (its worker and PGlite, in this process, no engine): this process's
 * RSS as BENCH_ORDERS finished orders are projected through it, so its own growth is seen apart from
 * the engine's, which keeps every finished order for ORDER_RETENTION_DAYS.
 */
async function storeAlone(): Promise<GrowthSample[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-history-'));
  const history = await openHistory({ dataDir, schemaName: 'public', onError: (error) => console.error(error) });
  try {
    const samples: GrowthSample[] = [];
    const record = (projected: number, seconds: number) =>
      samples.push({ backend: 'PGlite, store alone', 'orders projected': projected, 'RSS MB': Math.round(process.memoryUsage().rss / 1048576), 'place + project s': seconds });
    record(0, 0);
    const step = Math.ceil(ORDERS / 10); // cheap without the engine and HTTP: ten samples rather than four
    const createAt = Date.now();
    for (let seq = 1; seq <= ORDERS; ) {
      const startedAt = performance.now();
      for (const end = Math.min(seq + step, ORDERS + 1); seq < end; seq++) {
        const order = anOrder({ orderId: String(1e15 + seq), clientOrderId: `s${seq}`, state: 'CANCELLED', createAt, updateAt: createAt });
        history.projector.accept({ seq, ts: createAt, events: [{ type: 'orderUpdated', order }] });
        if (seq % 5000 === 0) await history.projector.settled(); // as the engine's pace would: a bounded queue
      }
      await history.projector.settled();
      record(seq - 1, Math.round((performance.now() - startedAt) / 100) / 10);
    }
    return samples;
  } finally {
    await history.close(ORDERS);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** MB of `key` per 10,000 orders, least squares over the samples after the first quarter (the warm-up). */
function slope(samples: GrowthSample[], key: 'RSS MB' | 'main heap MB' = 'RSS MB'): number {
  const points = samples.slice(1).map((s) => [s['orders projected'] / 10_000, s[key] ?? 0]);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const mx = mean(points.map((p) => p[0]));
  const my = mean(points.map((p) => p[1]));
  const numerator = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const denominator = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return Math.round((numerator / denominator) * 10) / 10;
}

async function main(): Promise<void> {
  const schemas: ReturnType<typeof testSchema>[] = [];
  const freshSchema = () => {
    const schema = testSchema();
    schemas.push(schema);
    return schema.env;
  };
  try {
    if (!GROWTH_ONLY) {
      const samples = [...(await starts('PGlite', () => ({}))), ...(await starts('PostgreSQL', freshSchema))];
      console.log(`npm start to listening, node ${process.version}, load average ${loadavg()[0].toFixed(1)}; CPU and RSS of what npm start runs at that moment, npm itself not counted`);
      console.table(samples);
    }
    const embedded = await growth('PGlite', {});
    const postgres = await growth('PostgreSQL', freshSchema());
    const alone = await storeAlone();
    console.log(`${ORDERS} orders placed and projected (history/orders totalSize), RSS after each quarter, and once more after the replay guard's window; last: the store alone, in this process, every tenth`);
    console.table([...embedded.quarters, embedded.later, ...postgres.quarters, postgres.later, ...alone]);
    console.log(`RSS slope after the first quarter: PGlite ${slope(embedded.quarters)} MB, PostgreSQL ${slope(postgres.quarters)} MB, store alone ${slope(alone)} MB per 10,000 orders`);
    console.log(`main thread's live heap slope after the first quarter: PGlite ${slope(embedded.quarters, 'main heap MB')} MB, PostgreSQL ${slope(postgres.quarters, 'main heap MB')} MB per 10,000 orders`);
  } finally {
    for (const schema of schemas) await schema.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
