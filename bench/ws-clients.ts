/**
 * The client side of `npm run bench:ws`, run in its own process so it does not share the servers'
 * event loop: opens N market-data connections to each target, subscribes each to the given topics,
 * then, for the target being measured, counts every frame (and those of the steady window: from 250 ms
 * after the first until the bench stops offering load, the rate a target sustains), samples the delay
 * from the event time (`ts` of ORDER_BOOK updates) to receipt, and reports its own CPU (a client at a
 * full core is the limit, not the server).
 */
import WebSocket from 'ws';

interface Start {
  target: string;
  url: string;
  connections: number;
  subscribe: unknown[];
}

const BOOK_UPDATE = Buffer.from('"updatetype":"update"');
const TS = /"ts":"(\d+)"/;
const MAX_SAMPLES = 200_000;
const QUIET_MS = 300;
const MAX_DRAIN_MS = 15_000;

/** Frames counted for throughput: from WARMUP_MS after the first frame of a measurement until its offered load ends. */
const WARMUP_MS = 250;

let measuring: string | null = null;
let frames = 0;
let firstAt = 0;
let lastAt = 0;
let window: { startFrames: number; startAt: number; frames?: number; ms?: number } | null = null;
let updates = 0;
let closed = 0;
let cpuBefore = process.cpuUsage();
const latencies: number[] = [];

function received(target: string, data: Buffer): void {
  if (target !== measuring) return;
  frames++;
  lastAt = performance.now();
  if (firstAt === 0) firstAt = lastAt;
  if (!window && lastAt - firstAt >= WARMUP_MS) window = { startFrames: frames, startAt: lastAt };
  // Sample one book update in ten: enough points, little parsing cost.
  if (data.includes(BOOK_UPDATE) && updates++ % 10 === 0 && latencies.length < MAX_SAMPLES) {
    const at = TS.exec(data.toString());
    if (at) latencies.push(Date.now() - Number(at[1]));
  }
}

/** Resolves once no frame has arrived for QUIET_MS (a server still working off a backlog is still delivering), or after MAX_DRAIN_MS. */
async function quiet(): Promise<void> {
  const asked = performance.now();
  while (performance.now() - Math.max(lastAt, asked) < QUIET_MS && performance.now() - asked < MAX_DRAIN_MS) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function connect({ target, url, subscribe }: Start): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let acks = 0;
    socket.on('error', reject);
    socket.on('close', () => closed++);
    socket.on('open', () => subscribe.forEach((message) => socket.send(JSON.stringify(message))));
    socket.on('message', (data: Buffer) => {
      if (acks < subscribe.length) {
        if (data.includes('"event":"subscribe"') && ++acks === subscribe.length) resolve(socket);
        return;
      }
      received(target, data);
    });
    setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('ping'), 10_000).unref();
  });
}

process.on('message', async (message: { type: string; target?: string } & Partial<Start>) => {
  if (message.type === 'start') {
    const start = message as Start;
    let opened = 0;
    for (let i = 0; i < start.connections; i += 50) {
      opened += (await Promise.all(Array.from({ length: Math.min(50, start.connections - i) }, () => connect(start)))).length;
    }
    process.send!({ type: 'ready', sockets: opened });
  } else if (message.type === 'measure') {
    measuring = message.target!;
    frames = updates = firstAt = lastAt = 0;
    window = null;
    latencies.length = 0;
    cpuBefore = process.cpuUsage();
  } else if (message.type === 'offered') {
    if (window) Object.assign(window, { frames: frames - window.startFrames, ms: performance.now() - window.startAt });
  } else if (message.type === 'report') {
    await quiet();
    const cpu = process.cpuUsage(cpuBefore);
    const activeMs = lastAt - firstAt;
    measuring = null;
    const steady = { frames: window?.frames ?? 0, ms: window?.ms ?? 0 };
    process.send!({ type: 'report', frames, activeMs, steady, latencies, closed, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (message.type === 'exit') {
    process.exit(0);
  }
});
