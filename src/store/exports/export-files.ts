/**
 * The files of data exports, under DATA_DIR/exports/<exportId>.csv. A file is written beside its place
 * and renamed into it once on disk, so a crash never leaves a partial file under the final name.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from './csv.ts';

export interface WrittenFile {
  /** Lines after the first (the header). */
  rowCount: number;
  fileSize: number;
}

/** Raised inside a write that `abandoned` asked to stop (a shutdown): the file is left unwritten. */
export class WriteAbandoned extends Error {}

export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

export function exportFilePath(dataDir: string, exportId: string): string {
  return join(exportsDir(dataDir), `${exportId}.csv`);
}

/** Rows as an export's file shows them: a header of the columns, then each row's values in their order. */
export interface ExportRows {
  columns: readonly string[];
  /** The rows, a page at a time. */
  pages: AsyncIterable<readonly Record<string, unknown>[]>;
}

/** Writes the CSV file of the rows and makes it durable under its name. */
export async function writeExportFile(dataDir: string, exportId: string, rows: ExportRows, abandoned: () => boolean): Promise<WrittenFile> {
  const dir = exportsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const path = exportFilePath(dataDir, exportId);
  const partial = `${path}.part`;
  const file = await open(partial, 'w');
  let fileSize = 0;
  let rowCount = 0;
  const write = async (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    await file.write(bytes);
    fileSize += bytes.length;
  };
  try {
    await write(csvLine(rows.columns));
    for await (const page of rows.pages) {
      if (abandoned()) throw new WriteAbandoned();
      await write(page.map((row) => csvLine(rows.columns.map((column) => row[column]))).join(''));
      rowCount += page.length;
    }
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(partial, { force: true });
    throw error;
  }
  await file.close();
  await rename(partial, path);
  await syncDir(dir);
  return { rowCount, fileSize };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
