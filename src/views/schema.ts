/**
 * The building blocks of the response schemas declared beside each view (typebox: a JSON Schema
 * and the TypeScript type of the same declaration). A view's return type is its schema's type, so a
 * view and its documented shape cannot differ without the compiler or the tests saying so.
 */
import { Type, type SchemaOptions, type TSchema } from '@sinclair/typebox';
import type { JsonNumber } from '../wire/json-number.ts';

/** Exactly these properties: a field added to a view without its schema fails the response checks. */
export function Strict<P extends Parameters<typeof Type.Object>[0]>(properties: P, options: SchemaOptions = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** Decimal text without exponent or superfluous trailing zeros (decisions B3). */
export function Decimal(options: SchemaOptions = {}) {
  return Type.String({ pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$', ...options });
}

/** A decimal the reference shows as a JSON number (connex-api.md §1.5): a JsonNumber, written as its exact text. */
export function DecimalNumber(options: SchemaOptions = {}) {
  return Type.Unsafe<JsonNumber>({ type: 'number', ...options });
}

/** Unix time in milliseconds, as decimal text. */
export function MsText(options: SchemaOptions = {}) {
  return Type.String({ pattern: '^[0-9]+$', examples: ['1732406400000'], ...options });
}

/** Unix time in milliseconds, as a JSON number (the Long fields of connex-api.md §1.5). */
export function MsNumber(options: SchemaOptions = {}) {
  return Type.Integer({ minimum: 0, examples: [1732406400000], ...options });
}

/** A 16-digit id (orders, portfolios, users) as text. */
export function Id16(options: SchemaOptions = {}) {
  return Type.String({ pattern: '^[0-9]{16}$', examples: ['1732406400000001'], ...options });
}

/** One of a fixed set of strings, documented as a JSON Schema `enum`. */
export function StringEnum<T extends string>(values: readonly T[], options: SchemaOptions = {}) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}

/** One of a fixed set of integers, documented as a JSON Schema `enum`. */
export function IntegerEnum<T extends number>(values: readonly T[], options: SchemaOptions = {}) {
  return Type.Unsafe<T>({ type: 'integer', enum: [...values], ...options });
}

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** The paged shape of decisions B4: `pageNum` is the number of pages. */
export function Paged<T extends TSchema>(item: T) {
  return Strict({
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
    pageNum: Type.Integer({ minimum: 0, description: 'number of pages' }),
    totalSize: Type.Integer({ minimum: 0 }),
    list: Type.Array(item),
  });
}

/** `{}`: an answer with nothing to say but success. */
export const Empty = Strict({});
