/**
 * `npm run admin -- <command> [<value> …] [--flag value …]`: the operator's CLI. A client of the admin
 * REST API only (the running server is the single writer; the CLI never opens its data dir's engine).
 * Server: OPENCONNEX_URL, else http://HOST:PORT. Token: ADMIN_TOKEN, else DATA_DIR/server-secrets.json.
 * Prints the JSON answer; exits 0 on success, 1 on a refused or failed call, 2 on a usage error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient } from '../client/connex-client.ts';
import { loadConfig } from '../config.ts';
import { printAnswer, runTool, serverUrl, UsageError } from './command-line.ts';

interface Command {
  method: 'GET' | 'POST';
  path: string;
  /** Values the command takes first, in order and all required, sent as these fields of the admin API. */
  args?: string[];
  /** Flags the command takes (kebab-case), sent as the camelCase fields of the admin API. */
  flags: string[];
  fixed?: Record<string, string>;
  help: string;
}

const COMMANDS: Record<string, Command> = {
  'create-user': { method: 'POST', path: '/users', flags: ['name'], help: 'a user with its MainPortfolio and primary key (secret shown once)' },
  deposit: { method: 'POST', path: '/deposits', flags: ['portfolio-id', 'exchange-type', 'coin', 'amount'], help: "credit a simulated deposit to a portfolio's venue account" },
  'deposit-onchain': { method: 'POST', path: '/deposits/onchain', flags: ['address', 'currency', 'network', 'amount', 'tx-id'], help: 'send a simulated on-chain deposit to a deposit address; it confirms over venue time' },
  'fail-withdrawal': { method: 'POST', path: '/withdrawals/fail', flags: ['withdraw-id', 'reason'], help: 'fail a withdrawal on its way (status 5 before approval, 4 after)' },
  'freeze-key': { method: 'POST', path: '/keys/freeze', flags: ['api-key'], help: 'freeze an API key' },
  'unfreeze-key': { method: 'POST', path: '/keys/unfreeze', flags: ['api-key'], help: 'unfreeze an API key' },
  'disable-user': { method: 'POST', path: '/users/status', flags: ['user-id'], fixed: { status: 'DISABLED' }, help: 'disable a user and all its keys' },
  'enable-user': { method: 'POST', path: '/users/status', flags: ['user-id'], fixed: { status: 'NORMAL' }, help: 'enable a user again' },
  'forbid-placement': { method: 'POST', path: '/portfolios/placement', flags: ['portfolio-id'], fixed: { forbidden: 'true' }, help: 'forbid order placement for a portfolio' },
  'allow-placement': { method: 'POST', path: '/portfolios/placement', flags: ['portfolio-id'], fixed: { forbidden: 'false' }, help: 'allow order placement again' },
  'set-fault': { method: 'POST', path: '/faults', flags: ['kind', 'exchange-type', 'api-key', 'ticks'], help: 'inject a venue fault for a venue or one API key (kinds: EXCHANGE_ERROR UNAVAILABLE LOADING TIMEOUT DAILY_LIMIT INSUFFICIENT_FROZEN INSUFFICIENT_BALANCE AVAILABLE_NOT_ENOUGH NO_ACCOUNT NO_ACCOUNT_GROUP NO_PRECISION UNKNOWN_ERROR RISK_CANCEL, LATENCY with --ticks)' },
  'list-faults': { method: 'GET', path: '/faults', flags: [], help: 'the faults in force' },
  'clear-faults': { method: 'POST', path: '/faults/clear', flags: ['fault-id'], help: 'clear one fault (or all without --fault-id)' },
  'restrict-account': { method: 'POST', path: '/portfolios/restriction', flags: ['portfolio-id', 'exchange-type'], fixed: { restricted: 'true' }, help: "restrict a portfolio's exchange account (BUY → 401045, SELL → 401053)" },
  'unrestrict-account': { method: 'POST', path: '/portfolios/restriction', flags: ['portfolio-id', 'exchange-type'], fixed: { restricted: 'false' }, help: 'lift the restriction' },
  'list-users': { method: 'GET', path: '/users', flags: [], help: 'every user' },
  'list-portfolios': { method: 'GET', path: '/portfolios', flags: ['user-id'], help: "every portfolio (or one user's)" },
  'list-keys': { method: 'GET', path: '/keys', flags: ['user-id'], help: "every API key, secrets excluded (or one user's)" },
  'engine-status': { method: 'GET', path: '/engine', flags: [], help: 'journal position and state hash' },
  risk: { method: 'GET', path: '/risk', flags: [], help: 'insurance fund per venue and coin, and the accounts at risk (status not NORMAL) with their uniMMR' },
  'list-algo-providers': { method: 'GET', path: '/algo/providers', flags: [], help: 'the TWAP / VWAP providers and whether each is active' },
  'activate-algo-provider': { method: 'POST', path: '/algo/providers', flags: ['provider'], fixed: { active: 'true' }, help: 'let a provider take new TWAP / VWAP algos again' },
  'deactivate-algo-provider': { method: 'POST', path: '/algo/providers', flags: ['provider'], fixed: { active: 'false' }, help: 'refuse new TWAP / VWAP algos of a provider (401205)' },
  'sim tick': { method: 'POST', path: '/sim/tick', flags: ['count', 'elapsed-ms'], help: 'advance the simulated market by ticks (default one of SIM_TICK_MS × SIM_SPEED)' },
  'sim price': { method: 'POST', path: '/sim/price', args: ['asset', 'price'], flags: [], help: "set an asset's reference price at once (e.g. sim price BTC 120000); the books follow on the next tick" },
  'sim perp-limits': { method: 'POST', path: '/sim/perpLimits', args: ['sym'], flags: ['max-leverage', 'open-interest-limit'], help: "adjust a perp's exchange limits (a lower max leverage → 401112, an open-interest limit → 401092)" },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${[name, ...(c.args ?? []).map((a) => `<${a}>`), ...c.flags.map((f) => `--${f} <${f}>`)].join(' ')}\n      ${c.help}`);
  return `usage: npm run admin -- <command> [<value> …] [--flag value …]\n\ncommands:\n${rows.join('\n')}\n\nenv: OPENCONNEX_URL (or HOST, PORT), ADMIN_TOKEN (or DATA_DIR with server-secrets.json)`;
}

const camelCase = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The command argv names (one word, or two: `sim price`) and the arguments after its name. */
function commandOf(argv: string[]): { command: Command; args: string[] } {
  for (const words of [2, 1]) {
    const command = COMMANDS[argv.slice(0, words).join(' ')];
    if (command) return { command, args: argv.slice(words) };
  }
  throw new UsageError(`unknown command ${argv.slice(0, 2).join(' ')}`);
}

function parseFields(command: Command, args: string[]): Record<string, string> {
  const positional = command.args ?? [];
  if (args.length < positional.length || args.slice(0, positional.length).some((arg) => arg.startsWith('--'))) {
    throw new UsageError(`missing ${positional.map((field) => `<${field}>`).join(' ')}`);
  }
  const fields: Record<string, string> = Object.fromEntries(positional.map((field, i) => [field, args[i]]));
  for (let i = positional.length; i < args.length; i += 2) {
    const flag = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    if (flag === undefined || !command.flags.includes(flag)) throw new UsageError(`unknown argument ${args[i]}`);
    if (i + 1 >= args.length) throw new UsageError(`--${flag} needs a value`);
    fields[camelCase(flag)] = args[i + 1];
  }
  return { ...fields, ...command.fixed };
}

function adminToken(env: NodeJS.ProcessEnv): string {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const path = join(loadConfig(env).dataDir, 'server-secrets.json');
  if (!existsSync(path)) throw new UsageError(`no admin token: set ADMIN_TOKEN, or DATA_DIR to the server's data dir (${path} not found)`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { adminToken: string }).adminToken;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const name = argv[0];
  if (name === '--help' || name === 'help') {
    console.log(usage());
    return 0;
  }
  if (name === undefined) throw new UsageError('no command given');
  const { command, args } = commandOf(argv);
  const fields = parseFields(command, args);
  const client = new AdminClient(serverUrl(env), adminToken(env));
  const answer = await client.call(command.method, command.path, fields);
  return printAnswer(answer);
}

runTool('admin', usage, () => main(process.argv.slice(2), process.env));
