/**
 * A recorded price path to replay instead of the random walk: CSV rows `timestamp,price`
 * (timestamp in epoch ms, epoch s, or ISO-8601; an optional header line). Read at startup, outside
 * the engine; the rows travel in the journaled command that starts the simulation.
 */
import { readFileSync } from 'node:fs';
import { parseFixed, type Price } from '../../../domain/money.ts';
import { ASSET_BY_BASE } from './assets.ts';

export interface PriceRow {
  ts: number;
  price: Price;
}

const EPOCH_SECONDS_LIMIT = 1e11;

export function parsePriceCsv(text: string): PriceRow[] {
  const rows: PriceRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const cells = line.split(',').map((cell) => cell.trim());
    if (line.trim() === '' || (i === 0 && parseTimestamp(cells[0]) === null)) return;
    const ts = parseTimestamp(cells[0]);
    const price = cells.length === 2 ? parseFixed<'price'>(cells[1]) : null;
    if (ts === null || price === null || price <= 0n) throw new Error(`price file line ${i + 1}: expected "timestamp,price", got "${line}"`);
    if (rows.length > 0 && ts < rows[rows.length - 1].ts) throw new Error(`price file line ${i + 1}: timestamps must not go back`);
    rows.push({ ts, price });
  });
  if (rows.length === 0) throw new Error('price file has no rows');
  return rows;
}

/** The replay a SIM_PRICE_FILE / SIM_PRICE_ASSET pair asks for; throws a readable error when it is wrong. */
export function loadPriceReplay(path: string, base: string): { base: string; rows: PriceRow[] } {
  if (!ASSET_BY_BASE.has(base)) throw new Error(`SIM_PRICE_ASSET ${base} is not a simulated asset (${[...ASSET_BY_BASE.keys()].join(', ')})`);
  return { base, rows: parsePriceCsv(readFileSync(path, 'utf8')) };
}

function parseTimestamp(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  if (/^\d+$/.test(cell)) {
    const value = Number(cell);
    return value < EPOCH_SECONDS_LIMIT ? value * 1000 : value;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(cell)) return null;
  const ms = Date.parse(cell);
  return Number.isNaN(ms) ? null : ms;
}
