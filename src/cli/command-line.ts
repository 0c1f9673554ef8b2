/**
 * What the command-line tools share: where the server is, and their exit codes (0 success, 1 refused
 * or failed, 2 usage error, with the usage shown).
 */
import { SUCCESS_CODE } from '../catalogue/index.ts';
import { loadConfig } from '../config.ts';
import type { Envelope } from '../wire/envelope.ts';

export class UsageError extends Error {}

/** OPENCONNEX_URL, else the HOST and PORT the server reads from the same environment. */
export function serverUrl(env: NodeJS.ProcessEnv): string {
  if (env.OPENCONNEX_URL) return withoutTrailingSlash(env.OPENCONNEX_URL);
  const { host, port } = loadConfig(env);
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Prints the answer as pretty JSON; its exit code: 0 on success, else 1. */
export function printAnswer(answer: Envelope): number {
  console.log(JSON.stringify(answer, null, 2));
  return answer.code === SUCCESS_CODE ? 0 : 1;
}

/** Runs a tool's main and exits with its code; a UsageError exits 2 with the usage, anything else 1. */
export function runTool(name: string, usage: () => string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n\n${usage()}`);
        process.exit(2);
      }
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
