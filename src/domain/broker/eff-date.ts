/** When a mark-up takes effect (connex-api.md §4.9, decisions J1): 00:00 UTC of a yyyyMMdd day, or the next full hour. */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const EFF_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** 00:00 UTC of the day `yyyyMMdd` names; null for any other text or a day that does not exist. */
export function parseEffDate(text: string): number | null {
  const match = EFF_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day);
  return formatEffDate(ms) === text ? ms : null;
}

/** The UTC day of a time, as yyyyMMdd. */
export function formatEffDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

export function startOfDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

export function nextFullHour(ms: number): number {
  return (Math.floor(ms / HOUR_MS) + 1) * HOUR_MS;
}
