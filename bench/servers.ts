/** Starts the openconnex server and the bare node:http yardstick as separate processes for a benchmark. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoCredentials } from '../src/bootstrap.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface Running {
  baseUrl: string;
  child: ChildProcess;
}

function start(args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ baseUrl: match[1], child });
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

export async function startOpenconnex(env: Record<string, string> = {}): Promise<Running & { demo: DemoCredentials; stop: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-bench-'));
  const running = await start(['src/main.ts'], { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env });
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
  return {
    ...running,
    demo,
    stop() {
      running.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startBare(body: string): Promise<Running & { stop: () => void }> {
  const running = await start(['bench/bare-server.ts', body], {});
  return { ...running, stop: () => running.child.kill('SIGKILL') };
}
