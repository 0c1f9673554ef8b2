/**
 * Reads request parameters (query or JSON body) field by field, as an endpoint's declared fields
 * (field-spec.ts) say, in their order. Each failure raises its own catalogue code; a field the
 * declaration does not name is refused (400000).
 */
import { isIP } from 'node:net';
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import { decimalsOf, parseFixed, type Fixed } from '../domain/money.ts';
import type { FieldSpec, FlagField, IntegerField, ListField, Step, Values, Written } from './field-spec.ts';
import type { JsonValue } from './json-text.ts';

export type Params = Record<string, JsonValue | undefined>;

export interface FieldRule {
  /** Code when the field is absent; omit for optional fields. */
  missing?: CatalogueCode;
  /** Code when the value is malformed (default 400000). */
  invalid?: CatalogueCode;
  /** Code when the value is not text: a JSON boolean, array or object (default: `invalid`). */
  wrongType?: CatalogueCode;
}

export interface TextRule extends FieldRule {
  maxLength?: number;
  /** Code when longer than maxLength (default: `invalid`). */
  tooLong?: CatalogueCode;
  pattern?: RegExp;
  /** Code when the text is all digits but does not match `pattern` (default: `invalid`). */
  invalidDigits?: CatalogueCode;
  /** The value as the endpoint reads it, once it passed the checks (one spelling of several). */
  normalize?: (text: string) => string;
}

export interface IntegerRule extends FieldRule {
  min?: number;
  max?: number;
}

export interface Page {
  page: number;
  pageSize: number;
}

const INTEGER = /^-?\d{1,15}$/;

/** A spec's steps in their order, listed once per spec: specs are declared once and read per request. */
const listed = new WeakMap<FieldSpec, [string, Step][]>();

function stepsOf(spec: FieldSpec): [string, Step][] {
  let steps = listed.get(spec);
  if (!steps) listed.set(spec, (steps = Object.entries(spec)));
  return steps;
}
const DIGITS = /^\d+$/;

export class Fields {
  private readonly seen = new Set<string>();

  constructor(
    private readonly params: Params,
    /** The code for a parameter the endpoint does not take. */
    private readonly unknownCode: CatalogueCode = 400000,
  ) {}

  /**
   * Reads every field of `spec` in its order (a check runs at its place, given `context`), then
   * refuses the parameters the spec does not name. `into` receives the values as they are read.
   */
  read<S extends FieldSpec>(spec: S, context?: unknown, into: Partial<Values<S>> = {}): Values<S> {
    const values = into as Record<string, unknown>;
    for (const [name, step] of stepsOf(spec)) values[name] = this.step(name, step, values, context);
    this.done();
    return values as Values<S>;
  }

  private step(name: string, step: Step, values: Record<string, unknown>, context: unknown): unknown {
    switch (step.kind) {
      case 'text':
        return this.text(name, step);
      case 'oneOf':
        return this.oneOf(step.alias !== undefined && !this.has(name) ? step.alias : name, step.values, step);
      case 'decimal':
        return this.decimal(name, step);
      case 'writtenDecimal':
        return this.writtenDecimal(name, step.invalid);
      case 'integer':
        return this.integer(name, step);
      case 'flag':
        return this.flag(name, step);
      case 'list':
        return this.list(name, step);
      case 'page':
        return this.page(step.defaultSize, step.maxSize);
      case 'check':
        return step.run(values as never, context as never);
      case 'group':
        return this.group(step.spec, context);
    }
  }

  /** A group's fields, read in their order when one of them is sent. */
  private group(spec: FieldSpec, context: unknown): Record<string, unknown> | undefined {
    const steps = stepsOf(spec);
    if (!steps.some(([name]) => this.has(name))) return undefined;
    const values: Record<string, unknown> = {};
    for (const [name, step] of steps) values[name] = this.step(name, step, values, context);
    return values;
  }

  /**
   * The raw scalar text, or undefined when absent (an empty string counts as absent). JSON numbers
   * arrive as their text; JSON booleans only where a flag is read.
   */
  private scalar(name: string, rule: FieldRule, acceptBoolean = false): string | undefined {
    this.seen.add(name);
    const value = this.params[name];
    if (value === undefined || value === null || value === '') {
      if (rule.missing) throw new ApiError(rule.missing);
      return undefined;
    }
    if (typeof value === 'boolean' && acceptBoolean) return String(value);
    if (typeof value !== 'string') throw new ApiError(rule.wrongType ?? rule.invalid ?? 400000);
    return value;
  }

  private has(name: string): boolean {
    const value = this.params[name];
    return value !== undefined && value !== null && value !== '';
  }

  /** Sent, but as "" (or []): for fields where "empty" means "clear it" rather than "leave it". */
  private sentEmpty(name: string): boolean {
    this.seen.add(name);
    const value = this.params[name];
    return value === '' || (Array.isArray(value) && value.length === 0);
  }

  private text(name: string, rule: TextRule): string | undefined {
    const value = this.scalar(name, rule);
    if (value === undefined) return undefined;
    if (rule.maxLength !== undefined && value.length > rule.maxLength) throw new ApiError(rule.tooLong ?? rule.invalid ?? 400000);
    if (rule.pattern && !rule.pattern.test(value)) {
      throw new ApiError((rule.invalidDigits !== undefined && DIGITS.test(value) ? rule.invalidDigits : rule.invalid) ?? 400000);
    }
    return rule.normalize ? rule.normalize(value) : value;
  }

  private oneOf(name: string, values: readonly string[], rule: FieldRule): string | undefined {
    const value = this.scalar(name, rule);
    if (value === undefined) return undefined;
    if (!values.includes(value)) throw new ApiError(rule.invalid ?? 400000);
    return value;
  }

  /** Of the unit its declaration says (field-spec `decimal`): the same scaled bigint whatever the unit. */
  private decimal(name: string, rule: FieldRule): Fixed | undefined {
    const value = this.scalar(name, rule);
    if (value === undefined) return undefined;
    const parsed = parseFixed(value);
    if (parsed === null) throw new ApiError(rule.invalid ?? 400000);
    return parsed;
  }

  private writtenDecimal(name: string, invalid: CatalogueCode): Written | undefined {
    const text = this.text(name, { invalid });
    if (text === undefined) return undefined;
    const value = parseFixed(text);
    if (value === null) throw new ApiError(invalid);
    return { value, decimals: decimalsOf(text) };
  }

  private integer(name: string, rule: IntegerRule & Pick<IntegerField, 'values'>): number | undefined {
    const value = this.scalar(name, rule);
    if (value === undefined) return undefined;
    if (!INTEGER.test(value)) throw new ApiError(rule.invalid ?? 400000);
    const parsed = Number(value);
    if ((rule.min !== undefined && parsed < rule.min) || (rule.max !== undefined && parsed > rule.max) || (rule.values && !rule.values.includes(parsed))) {
      throw new ApiError(rule.invalid ?? 400000);
    }
    return parsed;
  }

  /** "true"/"false" (or JSON booleans). */
  private flag(name: string, rule: FieldRule & Pick<FlagField, 'only'>): boolean | undefined {
    const value = this.scalar(name, rule, true);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw new ApiError(rule.invalid ?? 400000);
    const flag = value === 'true';
    if (rule.only !== undefined && flag !== rule.only) throw new ApiError(rule.invalid ?? 400000);
    return flag;
  }

  /** A comma-separated list (or a JSON array of scalars). */
  private list(name: string, rule: Omit<ListField<unknown>, 'kind'>): unknown {
    if (rule.emptyClears && this.sentEmpty(name)) return rule.parse ? rule.parse([]) : [];
    const items = this.items(name, rule);
    if (items === undefined) return undefined;
    const invalid = () => new ApiError(rule.invalid ?? 400000);
    if (rule.maxItems !== undefined && items.length > rule.maxItems) throw new ApiError(rule.tooMany ?? rule.invalid ?? 400000);
    if (rule.ip && items.some((item) => isIP(item) === 0)) throw invalid();
    if (!rule.parse) return items;
    const parsed = rule.parse(items);
    if (parsed === null) throw invalid();
    return parsed;
  }

  private items(name: string, rule: FieldRule): string[] | undefined {
    this.seen.add(name);
    const value = this.params[name];
    if (Array.isArray(value)) {
      if (value.some((item) => typeof item !== 'string')) throw new ApiError(rule.invalid ?? 400000);
      return (value as string[]).map((item) => item.trim()).filter((item) => item.length > 0);
    }
    const text = this.scalar(name, rule);
    if (text === undefined) return undefined;
    return text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  }

  /** page (1-based; alias pageNum) and pageSize, bounded by the endpoint's maximum (B4). */
  private page(defaultSize: number, maxSize: number): Page {
    const pageText = this.has('page') ? 'page' : 'pageNum';
    if (pageText === 'page') this.seen.add('pageNum');
    const page = this.integer(pageText, { invalid: 400000, min: 1 }) ?? 1;
    const pageSize = this.integer('pageSize', { invalid: 400000, min: 1 }) ?? defaultSize;
    if (pageSize > maxSize) throw new ApiError(400002);
    return { page, pageSize };
  }

  /** Refuses parameters this endpoint does not take. */
  private done(): void {
    for (const name of Object.keys(this.params)) {
      if (!this.seen.has(name) && this.params[name] !== undefined) throw new ApiError(this.unknownCode);
    }
  }
}

/** Slices a list into the paged shape {page, pageSize, pageNum (total pages), totalSize, list}. */
export function paged<T, R>(items: readonly T[], page: Page, render: (item: T) => R) {
  const start = (page.page - 1) * page.pageSize;
  return pagedResult(page, items.length, items.slice(start, start + page.pageSize), render);
}

/** The paged shape for one page already fetched (e.g. from the history store); 400003 past the last page. */
export function pagedResult<T, R>({ page, pageSize }: Page, totalSize: number, list: readonly T[], render: (item: T) => R) {
  const pageNum = Math.ceil(totalSize / pageSize);
  if (page > Math.max(pageNum, 1)) throw new ApiError(400003);
  return { page, pageSize, pageNum, totalSize, list: list.map(render) };
}
