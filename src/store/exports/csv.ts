/**
 * CSV text (RFC 4180): one line per row, CRLF, a value quoted when it holds a comma, a quote or a line
 * break (its quotes doubled). Values are written as the API's JSON shows them: text as is, numbers and
 * booleans as their JSON text, null and absent as empty.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvValue).join(',')}\r\n`;
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
