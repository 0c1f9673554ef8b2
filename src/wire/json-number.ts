/**
 * Decimals the reference shows as JSON numbers (connex-api.md §1.5: transfer, deposit and withdrawal
 * amounts, loan results; decisions B3). Node 20's JSON.stringify writes no raw number text, and money
 * never passes through a JS number (design principle 4): a JsonNumber serializes as its text between
 * marks, and `wireJson` turns every marked string into the bare number.
 */
import { randomBytes } from 'node:crypto';
import { formatFixed, type Fixed } from '../domain/money.ts';

/** Unguessable, so that no text a client sent can pass for a number. */
const MARK = `\uE000${randomBytes(8).toString('hex')}\uE000`;
const MARKED = new RegExp(`"${MARK}(-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?)${MARK}"`, 'g');

export class JsonNumber {
  constructor(readonly text: string) {}

  toJSON(): string {
    return `${MARK}${this.text}${MARK}`;
  }
}

/** The JSON text of an answer, its JsonNumbers as numbers. */
export function wireJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes(MARK) ? text.replace(MARKED, '$1') : text;
}

/** A fixed-point amount as a JSON number of its exact decimal text. */
export function decimalNumber(value: Fixed): JsonNumber {
  return new JsonNumber(formatFixed(value));
}
