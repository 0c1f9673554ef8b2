/**
 * `npm start` runs the server as plain JavaScript from dist/, built here from src/ by esbuild: under
 * tsx's loader the same server holds about twice the memory (the loader's own thread, and every
 * module's source again) and starts seconds later (README "History store"). Each thread's entry is
 * one bundle with the packages it uses (resolving and linking ~900 modules one by one cost a start
 * ~0.3 s on the main thread), and sits where its source does (src/a/b.ts → dist/a/b.js). What a
 * module finds relative to itself (migrations, package.json, the history worker's entry) resolves as
 * from source: its `import.meta.url` is rewritten to the place its file would have in dist/ (a
 * bundle's chunks sit beside its entry), and files that are not code are copied there. Packages that find files of their own beside their code
 * stay outside the bundles. Nothing is rebuilt while src/ is as it was at the last build.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const stampFile = join(dist, '.built-from');

const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();

/** What a build is made from: each source file's name, size and modification time, this script and esbuild's version. */
function sourceStamp() {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(join(root, 'node_modules/esbuild/package.json')));
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(src, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The threads' entries, each built as one bundle. */
const ENTRIES = ['main.ts', 'store/history/history-worker.ts'];

/**
 * Kept out of the bundles: PGlite and swagger-ui read files of their own beside their code, pg's and
 * ws's optional native addons may be absent, and ioredis loads only when REDIS_URL is set.
 */
const EXTERNAL = ['@electric-sql/pglite', '@fastify/swagger-ui', 'pg', 'pg-native', 'ioredis', 'bufferutil', 'utf-8-validate'];

/** Lets the packages bundled from CommonJS call `require` and read `__dirname` in an ES module. */
const COMMONJS_GLOBALS = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
].join('\n');

/** A module's `import.meta.url` becomes the URL its own file would have in dist/, whichever bundle holds it. */
function moduleUrls(outfile) {
  return {
    name: 'module-urls',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const builtFile = join(dist, relative(src, args.path)).replace(/\.ts$/, '.js');
        const fromBundle = `./${relative(dirname(outfile), builtFile)}`;
        return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

/** Builds dist/ unless it was built from src/ as it is now. */
export async function ensureBuilt() {
  const stamp = sourceStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  rmSync(dist, { recursive: true, force: true });
  const esbuild = await import('esbuild'); // only when building: loading it costs more than the check
  for (const entry of ENTRIES) {
    const outfile = join(dist, entry.replace(/\.ts$/, '.js'));
    await esbuild.build({
      entryPoints: [join(src, entry)],
      outdir: dirname(outfile),
      // A module imported dynamically (the driver not configured, the server behind main.ts) is a chunk loaded when imported.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      external: EXTERNAL,
      banner: { js: COMMONJS_GLOBALS },
      plugins: [moduleUrls(outfile)],
    });
  }
  await esbuild.stop(); // its service process would otherwise live as long as the server started after it
  for (const asset of files.filter((file) => !file.endsWith('.ts'))) cpSync(asset, join(dist, relative(src, asset)));
  writeFileSync(stampFile, stamp);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await ensureBuilt();
