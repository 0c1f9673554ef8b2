/** Data export in tests: wait for an export's outcome, read its CSV (RFC 4180, as a spreadsheet would). */
import assert from 'node:assert/strict';
import type { ConnexClient } from '../../src/client/connex-client.ts';

/** The export's row once COMPLETED or FAILED (the worker writes files in the background). */
export async function untilFinished(client: ConnexClient, exportId: string, portfolioId?: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listed = await client.get('/api/v1/trading/export/list', { pageSize: '1000', ...(portfolioId ? { portfolioId } : {}) });
    assert.equal(listed.code, 200000, JSON.stringify(listed));
    const row = listed.data.list.find((e: any) => e.exportId === exportId);
    assert.ok(row, `export ${exportId} is not listed`);
    if (row.status === 'COMPLETED' || row.status === 'FAILED') return row;
    assert.ok(Date.now() < deadline, `export ${exportId} still ${row.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lines of fields: quoted fields may hold commas, doubled quotes and line breaks; lines end in CRLF. */
export function parseCsv(text: string): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') line.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      line.push(field);
      lines.push(line);
      (line = []), (field = ''), i++;
    } else field += ch;
  }
  assert.equal(field + line.join(''), '', 'the file ends with CRLF');
  return lines;
}
