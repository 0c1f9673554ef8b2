/**
 * Request fields declared as data. An endpoint (or a WebSocket action) lists its fields in the order
 * they are read — that order decides which code a request with several bad fields gets — and
 * `Fields.read` executes the list, while the API documents (src/docs/) describe the same list: the
 * rules a request is checked with and the ones a client reads cannot drift apart.
 */
import type { CatalogueCode } from '../catalogue/index.ts';
import type { Amount, Fixed, Unit } from '../domain/money.ts';
import type { FieldRule, IntegerRule, Page, TextRule } from './fields.ts';

declare const reads: unique symbol;

/** A field's rule, typed by the value it reads. */
interface Rule<K extends string, T> {
  readonly kind: K;
  /** Type only: what the rule reads. */
  readonly [reads]?: T;
}

/** What the documents add to a field: what it means, and a value a client might send. */
export interface FieldDoc {
  description?: string;
  example?: string | boolean | readonly string[];
}

type Required = { missing: CatalogueCode };
type Value<R, T> = R extends Required ? T : T | undefined;

export interface TextField<T = string | undefined> extends Rule<'text', T>, TextRule, FieldDoc {}

export interface OneOfField<V extends string = string, T = V | undefined> extends Rule<'oneOf', T>, FieldRule, FieldDoc {
  values: readonly V[];
  /** Read instead when the field itself is not sent (a second name some clients use). */
  alias?: string;
}

export interface DecimalField<T = Amount | undefined> extends Rule<'decimal', T>, FieldRule, FieldDoc {}

/** A decimal of unit U and the number of decimals the client wrote (the precision rules look at both). */
export interface Written<U extends Unit = Unit> {
  value: Fixed<U>;
  decimals: number;
}

export interface WrittenDecimalField<U extends Unit = Unit> extends Rule<'writtenDecimal', Written<U> | undefined>, FieldDoc {
  invalid: CatalogueCode;
}

export interface IntegerField<T = number | undefined> extends Rule<'integer', T>, IntegerRule, FieldDoc {
  /** The only values accepted (others → `invalid`). */
  values?: readonly number[];
}

export interface FlagField<T = boolean | undefined> extends Rule<'flag', T>, FieldRule, FieldDoc {
  /** The only value accepted (the other → `invalid`). */
  only?: boolean;
}

export interface ListField<T = string[] | undefined> extends Rule<'list', T>, FieldRule, FieldDoc {
  /** "" or [] reads as an empty list (it clears the value) rather than as absent. */
  emptyClears?: boolean;
  maxItems?: number;
  /** Code when more than maxItems (default: `invalid`). */
  tooMany?: CatalogueCode;
  /** Every item is an IPv4 or IPv6 address. */
  ip?: boolean;
  /** The names an item may take (documents; `parse` checks them). */
  items?: readonly string[];
  /** The items as the endpoint's value; null → `invalid`. */
  parse?: (items: string[]) => T | null;
}

/** page (alias pageNum) and pageSize, bounded by the endpoint's maximum (400002, decisions B4). */
export interface PageField extends Rule<'page', Page> {
  defaultSize: number;
  maxSize: number;
}

/**
 * A check between fields (or of a field against live state) at its place in the order: it sees the
 * values read before it, may answer one of `codes`, and its result is read under its own name.
 */
export interface CheckStep<T = unknown> extends Rule<'check', T> {
  codes: readonly CatalogueCode[];
  description: string;
  run: (values: never, context: never) => T;
}

export type FieldRuleSpec =
  | TextField<unknown>
  | OneOfField<string, unknown>
  | DecimalField<unknown>
  | WrittenDecimalField<Unit>
  | IntegerField<unknown>
  | FlagField<unknown>
  | ListField<unknown>
  | PageField;

/**
 * Fields read only when the request sends one of them, else undefined at the cost of a look at their
 * names: a block a frequent request seldom carries (an order's TP/SL). The documents list them flat.
 */
export interface GroupStep<S extends FieldSpec = FieldSpec> extends Rule<'group', Values<S> | undefined> {
  spec: S;
}

export type Step = FieldRuleSpec | CheckStep<unknown> | GroupStep;

/** An endpoint's fields by name, in the order they are read. */
export type FieldSpec = Readonly<Record<string, Step>>;

export type ValueOf<S> = S extends { readonly [reads]?: infer T } ? T : never;
export type Values<S extends FieldSpec> = { -readonly [K in keyof S]: ValueOf<S[K]> };

export function text<R extends TextRule & FieldDoc>(rule: R = {} as R): TextField<Value<R, string>> {
  return { kind: 'text', ...rule };
}

export function oneOf<V extends string, R extends FieldRule & FieldDoc & { alias?: string }>(values: readonly V[], rule: R = {} as R): OneOfField<V, Value<R, V>> {
  return { kind: 'oneOf', values, ...rule };
}

/** A decimal of unit U: an amount of a coin unless told another unit (`decimal<'price'>(…)`). */
export function decimal<U extends Unit = 'amount', R extends FieldRule & FieldDoc = FieldRule & FieldDoc>(rule: R = {} as R): DecimalField<Value<R, Fixed<U>>> {
  return { kind: 'decimal', ...rule };
}

/** Optional; absent reads as undefined. */
export function writtenDecimal<U extends Unit>(invalid: CatalogueCode, doc: FieldDoc = {}): WrittenDecimalField<U> {
  return { kind: 'writtenDecimal', invalid, ...doc };
}

export function integer<R extends IntegerRule & FieldDoc & { values?: readonly number[] }>(rule: R = {} as R): IntegerField<Value<R, number>> {
  return { kind: 'integer', ...rule };
}

export function flag<R extends FieldRule & FieldDoc & { only?: boolean }>(rule: R = {} as R): FlagField<Value<R, boolean>> {
  return { kind: 'flag', ...rule };
}

export function list<T = string[]>(rule: Omit<ListField<T>, 'kind'> = {}): ListField<T | undefined> {
  return { kind: 'list', ...rule } as ListField<T | undefined>;
}

export function page(defaultSize: number, maxSize: number): PageField {
  return { kind: 'page', defaultSize, maxSize };
}

/** `values`: what was read before the check; `context`: what the reader was given (a REST call). */
export function group<S extends FieldSpec>(spec: S): GroupStep<S> {
  return { kind: 'group', spec };
}

export function check<T, V = Record<string, unknown>, C = unknown>(codes: readonly CatalogueCode[], description: string, run: (values: V, context: C) => T): CheckStep<T> {
  return { kind: 'check', codes, description, run: run as CheckStep<T>['run'] };
}
