/** Runs `npm start`'s entry point or a command-line tool (admin, api) as a child process, the way an operator would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testSchema } from './postgres.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: no graceful shutdown), then wait for the exit. */
  kill(): Promise<void>;
  /** Resolves with the exit code once the process has ended (for whatever reason). */
  exited: Promise<number | null>;
}

/**
 * Starts `script` (main.ts, or anything that prints the same "openconnex listening on <url>" line).
 * No market timer unless `env` sets SIM_TICK_MS, as in startTestServer: state moves only by requests.
 */
export function startServerProcess(env: Record<string, string>, script = 'src/main.ts'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SIM_TICK_MS: '0', ...env } });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /openconnex listening on (http:\/\/\S+)/.exec(output);
      if (listening) {
        resolve({
          child,
          baseUrl: listening[1],
          output: () => output,
          exited,
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runAdminCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCli('src/cli/admin.ts', args, env);
}

export function runApiCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCli('src/cli/api.ts', args, env);
}

function runCli(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export { readDemoCredentials } from '../../src/ops/bootstrap.ts';

/** Servers started one after another on one data dir and one history schema (crash and restart tests); `close` kills what runs and removes both. */
export interface RestartableServer {
  dataDir: string;
  start(): Promise<ServerProcess>;
  close(): Promise<void>;
}

export function restartableServer(name: string, env: Record<string, string>): RestartableServer {
  const dataDir = mkdtempSync(join(tmpdir(), `openconnex-${name}-`));
  const schema = testSchema();
  const children: ServerProcess[] = [];
  return {
    dataDir,
    async start() {
      const server = await startServerProcess({ ...schema.env, DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env });
      children.push(server);
      return server;
    },
    async close() {
      for (const child of children) child.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      await schema.drop();
    },
  };
}
