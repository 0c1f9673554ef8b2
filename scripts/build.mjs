/**
 * `npm start` runs the server as plain JavaScript from dist/, built here from src/ by esbuild: under
 * tsx's loader the same server holds about twice the memory (the loader's own thread, and every
 * module's source again) and starts seconds later (README "History store"). Each module keeps its
 * file and place (src/a/b.ts → dist/a/b.js), so what a module finds relative to itself (migrations,
 * package.json, the history worker's entry) resolves as from source; files that are not code are
 * copied beside. Nothing is rebuilt while src/ is as it was at the last build.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** Every import stays an import: relative ones of `.ts` files now name the `.js` file built beside them. */
const keepImports = {
  name: 'keep-imports',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }));
  },
};

const stamp = sourceStamp();
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
  rmSync(dist, { recursive: true, force: true });
  const { build } = await import('esbuild'); // only when building: loading it costs more than the check
  await build({
    entryPoints: files.filter((file) => file.endsWith('.ts')),
    outbase: src,
    outdir: dist,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [keepImports],
  });
  for (const asset of files.filter((file) => !file.endsWith('.ts'))) cpSync(asset, join(dist, relative(src, asset)));
  writeFileSync(stampFile, stamp);
}
