/**
 * A new embedded history database starts as a copy of a PostgreSQL cluster built once and shipped
 * with the code (pglite-cluster.br: the installed PGlite's initdb output without the template
 * databases, every migration taken in the default schema, shut down cleanly): an initdb at start costs
 * seconds and about 700 MB at its peak (it runs three WebAssembly instances), the migrations 0.2–0.3 s,
 * unpacking the copy 0.1–0.2 s of CPU. `npm run db:cluster` rebuilds it after a PGlite upgrade or a
 * new migration; test/unit/store/history/pglite-cluster.test.ts fails while the shipped one does not
 * open, or lacks a migration.
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

export const CLUSTER_IMAGE = fileURLToPath(new URL('./pglite-cluster.br', import.meta.url));

/** PostgreSQL's page size. */
const PAGE = 8192;
const ZERO_PAGE = Buffer.alloc(PAGE);

/**
 * What the image holds of one file: its size and the runs of pages that are not all zeros, as
 * [first page, page count]; their bytes follow the manifest in this order. The rest of the file reads
 * as zeros: the cluster's WAL segment is 16 MB of which the first few kB are records.
 */
interface ImagedFile {
  path: string;
  size: number;
  runs: [number, number][];
}

interface Manifest {
  directories: string[];
  files: ImagedFile[];
}

/**
 * Makes `dir` a PGlite cluster unless it already is one. The copy is unpacked beside it and renamed
 * into place, so a crash midway leaves no half cluster behind for the next start to trust.
 */
export function seedCluster(dir: string): void {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  unpackCluster(brotliDecompressSync(readFileSync(CLUSTER_IMAGE)), partial);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(partial, dir);
}

/**
 * The shipped image of the cluster in `dir` (a cluster PGlite has shut down cleanly, so a copy of it
 * starts without recovery): a JSON manifest of its directories and files, a newline, then the bytes of
 * the files' pages that are not all zeros, brotli compressed. Skipping the zeros keeps what a start
 * decompresses to a third of the cluster's size.
 */
export function packCluster(dir: string): Buffer {
  const manifest: Manifest = { directories: [], files: [] };
  const pages: Uint8Array[] = [];
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => ({ entry, name: relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/') }));
  for (const { entry, name } of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, name);
    if (entry.isDirectory()) {
      manifest.directories.push(name);
    } else if (entry.isFile()) {
      const data = readFileSync(path);
      manifest.files.push({ path: name, size: data.length, runs: nonZeroRuns(data) });
      for (const [first, count] of manifest.files.at(-1)!.runs) pages.push(data.subarray(first * PAGE, (first + count) * PAGE));
    } else {
      throw new Error(`cluster image: neither a file nor a directory: ${name}`);
    }
  }
  const image = Buffer.concat([Buffer.from(`${JSON.stringify(manifest)}\n`), ...pages]);
  return brotliCompressSync(image, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: image.length },
  });
}

function nonZeroRuns(data: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  for (let page = 0; page * PAGE < data.length; page++) {
    if (isZeroPage(data, page * PAGE)) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === page) last[1]++;
    else runs.push([page, 1]);
  }
  return runs;
}

function isZeroPage(data: Uint8Array, at: number): boolean {
  const page = data.subarray(at, at + PAGE);
  return ZERO_PAGE.subarray(0, page.length).equals(page);
}

/** Writes the directories and files of a decompressed image under `into`. */
export function unpackCluster(image: Buffer, into: string): void {
  const newline = image.indexOf(0x0a);
  const manifest = JSON.parse(image.toString('utf8', 0, newline)) as Manifest;
  const inside = (name: string) => {
    const path = join(into, name);
    if (relative(into, path).startsWith(`..${sep}`) || relative(into, path) === '..') throw new Error(`cluster image: entry outside the cluster: ${name}`);
    return path;
  };
  mkdirSync(into, { recursive: true });
  for (const directory of manifest.directories) mkdirSync(inside(directory), { recursive: true });
  let at = newline + 1;
  for (const file of manifest.files) {
    const fd = openSync(inside(file.path), 'w');
    try {
      for (const [first, count] of file.runs) {
        const length = Math.min(count * PAGE, file.size - first * PAGE);
        writeSync(fd, image, at, length, first * PAGE);
        at += length;
      }
      ftruncateSync(fd, file.size);
    } finally {
      closeSync(fd);
    }
  }
}
