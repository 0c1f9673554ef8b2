/**
 * `npm run api -- [--base-url URL] [--api-key KEY --secret-key SECRET] METHOD PATH [name=value …]`: one
 * call of the ConneX API, signed by the client (connex-api.md §2.1), its answer printed as pretty JSON.
 * Exits 0 on success, 1 when the server refuses (or does not answer), 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { ConnexClient, JsonNumber, type ClientCredentials, type RequestParams } from '../client/connex-client.ts';
import { loadConfig } from '../config.ts';
import { demoCredentialsPath, readDemoCredentials } from '../ops/bootstrap.ts';
import { printAnswer, runTool, serverUrl, UsageError, withoutTrailingSlash } from './command-line.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const FLAGS = ['base-url', 'api-key', 'secret-key'] as const;
type Flag = (typeof FLAGS)[number];
type Flags = Partial<Record<Flag, string>>;

/** What `name:=` takes: a plain JSON number, no exponent (the API's numbers never have one). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

interface Invocation {
  method: string;
  path: string;
  params: RequestParams;
  flags: Flags;
}

function usage(): string {
  return [
    'usage: npm run api -- [--base-url URL] [--api-key KEY --secret-key SECRET] METHOD PATH [name=value …]',
    '',
    '  METHOD        GET, POST, PUT or DELETE',
    '  PATH          /api/v1/…',
    '  name=value    a parameter, always sent as text: in the query of a GET, as a JSON string in the body otherwise',
    '  name:=number  a JSON number sent as written, for the fields the reference types as numbers',
    '                (e.g. a transfer\'s fromTradeAccountId, toTradeAccountId, amount)',
    '',
    'server: --base-url, else OPENCONNEX_URL, else http://HOST:PORT',
    'key:    --api-key and --secret-key, else OPENCONNEX_API_KEY and OPENCONNEX_SECRET_KEY,',
    '        else the demo key in DATA_DIR/demo-credentials.json (written by the first npm start)',
    '',
    'example: npm run api -- POST /api/v1/trading/order sym=BINANCE_SPOT_BTC_USDT side=BUY orderQty=0.001 limitPrice=50000',
  ].join('\n');
}

const isFlag = (name: string): name is Flag => (FLAGS as readonly string[]).includes(name);

function parseInvocation(argv: string[]): Invocation {
  const flags: Flags = {};
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) {
      words.push(argv[i]);
      continue;
    }
    const flag = argv[i].slice(2);
    if (!isFlag(flag)) throw new UsageError(`unknown flag ${argv[i]}`);
    if (i + 1 >= argv.length) throw new UsageError(`${argv[i]} needs a value`);
    flags[flag] = argv[++i];
  }
  const [methodWord, path, ...assignments] = words;
  if (methodWord === undefined || path === undefined) throw new UsageError('give a METHOD and a PATH');
  const method = methodWord.toUpperCase();
  if (!METHODS.includes(method)) throw new UsageError(`unknown method ${methodWord}`);
  if (!path.startsWith('/') || path.includes('?')) throw new UsageError(`PATH must start with / and carry no query (give parameters as name=value): ${path}`);
  return { method, path, params: paramsOf(assignments), flags };
}

function paramsOf(assignments: string[]): RequestParams {
  const params: RequestParams = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new UsageError(`a parameter is name=value or name:=number: ${assignment}`);
    const asNumber = assignment[equals - 1] === ':';
    const name = assignment.slice(0, asNumber ? equals - 1 : equals);
    const value = assignment.slice(equals + 1);
    if (name === '') throw new UsageError(`a parameter needs a name: ${assignment}`);
    if (name in params) throw new UsageError(`parameter ${name} given twice`);
    if (asNumber && !JSON_NUMBER.test(value)) throw new UsageError(`${name}:= takes a number: ${value}`);
    params[name] = asNumber ? new JsonNumber(value) : value;
  }
  return params;
}

function credentialsOf(flags: Flags, env: NodeJS.ProcessEnv): ClientCredentials {
  const apiKey = flags['api-key'] || env.OPENCONNEX_API_KEY;
  const secretKey = flags['secret-key'] || env.OPENCONNEX_SECRET_KEY;
  if (apiKey && secretKey) return { apiKey, secretKey };
  if (apiKey || secretKey) throw new UsageError('give both the API key and its secret key');
  const { dataDir } = loadConfig(env);
  if (!existsSync(demoCredentialsPath(dataDir))) {
    throw new UsageError(`no credentials: give --api-key and --secret-key, or DATA_DIR of a server started once (${demoCredentialsPath(dataDir)} not found)`);
  }
  const demo = readDemoCredentials(dataDir);
  return { apiKey: demo.apiKey, secretKey: demo.secretKey };
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv[0] === '--help' || argv[0] === 'help') {
    console.log(usage());
    return 0;
  }
  const { method, path, params, flags } = parseInvocation(argv);
  const baseUrl = flags['base-url'] ? withoutTrailingSlash(flags['base-url']) : serverUrl(env);
  const client = new ConnexClient(baseUrl, credentialsOf(flags, env));
  return printAnswer(await client.request(method, path, params));
}

runTool('api', usage, () => main(process.argv.slice(2), process.env));
