/**
 * A new embedded history database starts as a copy of a PostgreSQL cluster built once and shipped
 * with the code (pglite-cluster.tar.br: the installed PGlite's initdb output without the template
 * databases, shut down cleanly, before any migration): an initdb at start costs seconds and about
 * 700 MB at its peak (it runs three WebAssembly instances), unpacking the copy 0.1–0.2 s of CPU.
 * `npm run db:cluster` rebuilds it after a PGlite upgrade; test/unit/store/history/pglite-cluster.test.ts
 * fails while the shipped one does not open and migrate.
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync, type Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

export const CLUSTER_ARCHIVE = fileURLToPath(new URL('./pglite-cluster.tar.br', import.meta.url));

const BLOCK = 512;
/** PostgreSQL's page size. */
const PAGE = 8192;
const ZERO_PAGE = Buffer.alloc(PAGE);

/**
 * Makes `dir` a PGlite cluster unless it already is one. The copy is unpacked beside it and renamed
 * into place, so a crash midway leaves no half cluster behind for the next start to trust.
 */
export function seedCluster(dir: string): void {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  untar(brotliDecompressSync(readFileSync(CLUSTER_ARCHIVE)), partial);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(partial, dir);
}

/**
 * The shipped archive of the cluster in `dir`: a ustar archive of its directories and files, brotli
 * compressed. `dir` is a cluster PGlite has shut down cleanly, so a copy of it starts without recovery.
 */
export function packCluster(dir: string): Buffer {
  const blocks: Uint8Array[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }).sort(byPath)) {
    const path = join(entry.parentPath, entry.name);
    const name = `/${relative(dir, path).split(sep).join('/')}`;
    if (entry.isDirectory()) {
      blocks.push(entryHeader(name, '5', 0));
    } else {
      const data = readFileSync(path);
      blocks.push(entryHeader(name, '0', data.length), data, new Uint8Array((BLOCK - (data.length % BLOCK)) % BLOCK));
    }
  }
  blocks.push(new Uint8Array(2 * BLOCK));
  const tar = Buffer.concat(blocks);
  return brotliCompressSync(tar, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
  });
}

function byPath(a: Dirent, b: Dirent): number {
  const pathA = join(a.parentPath, a.name);
  const pathB = join(b.parentPath, b.name);
  return pathA < pathB ? -1 : pathA > pathB ? 1 : 0;
}

function entryHeader(name: string, type: '0' | '5', size: number): Uint8Array {
  if (Buffer.byteLength(name) > 100) throw new Error(`cluster archive: name over 100 bytes: ${name}`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0);
  block.write(type === '5' ? '0000755' : '0000600', 100);
  block.write('0000000', 108);
  block.write('0000000', 116);
  block.write(size.toString(8).padStart(11, '0'), 124);
  block.write('00000000000', 136);
  block.write(type, 156);
  block.write('ustar\u000000', 257);
  block.write('        ', 148); // the checksum is computed with its own field as spaces
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  block.write(`${checksum.toString(8).padStart(6, '0')}\u0000 `, 148);
  return block;
}

/** Writes the directories and regular files of a ustar archive (all a cluster holds) under `into`. */
export function untar(archive: Uint8Array, into: string): void {
  mkdirSync(into, { recursive: true });
  for (let at = 0; at + BLOCK <= archive.length && archive[at] !== 0; ) {
    const header = archive.subarray(at, at + BLOCK);
    const size = parseInt(text(header, 124, 12), 8);
    const path = join(into, entryName(header));
    if (relative(into, path).startsWith(`..${sep}`)) throw new Error(`cluster archive: entry outside the cluster: ${entryName(header)}`);
    const type = String.fromCharCode(header[156]);
    if (type === '5') {
      mkdirSync(path, { recursive: true });
    } else if (type === '0' || type === '\0') {
      mkdirSync(dirname(path), { recursive: true });
      writeSparse(path, archive.subarray(at + BLOCK, at + BLOCK + size));
    } else {
      throw new Error(`cluster archive: unexpected entry type '${type}' for ${entryName(header)}`);
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
}

/**
 * Writes a file of `data`'s size but leaves its pages of zeros unwritten (holes read as zeros): the
 * cluster's WAL segment is 16 MB of which the first few kB are records, and writing to disk is
 * most of what unpacking costs.
 */
function writeSparse(path: string, data: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    for (let start = 0; start < data.length; ) {
      while (start < data.length && isZeroPage(data, start)) start += PAGE;
      let end = start;
      while (end < data.length && !isZeroPage(data, end)) end += PAGE;
      if (end > start) writeSync(fd, data, start, Math.min(end, data.length) - start, start);
      start = end;
    }
    ftruncateSync(fd, data.length);
  } finally {
    closeSync(fd);
  }
}

function isZeroPage(data: Uint8Array, at: number): boolean {
  const page = data.subarray(at, at + PAGE);
  return ZERO_PAGE.subarray(0, page.length).equals(page);
}

function entryName(header: Uint8Array): string {
  const name = text(header, 0, 100);
  const prefix = text(header, 257, 5) === 'ustar' ? text(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function text(header: Uint8Array, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return Buffer.from(end < 0 ? field : field.subarray(0, end)).toString('utf8').trim();
}
