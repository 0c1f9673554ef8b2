/**
 * Declared request fields (wire/field-spec.ts) as the documents show them: one JSON Schema per wire
 * parameter, whether it is required, and the catalogue codes it answers, in the order a request is
 * checked. Both OpenAPI (REST) and AsyncAPI (WebSocket actions) read fields through here.
 */
import type { CatalogueCode } from '../catalogue/index.ts';
import type { FieldDoc, FieldSpec, Step } from '../wire/field-spec.ts';
import type { FieldRule } from '../wire/fields.ts';
import { describeCodes, unique } from './codes.ts';

export type JsonSchema = Record<string, unknown>;

export interface DocumentedField {
  name: string;
  required: boolean;
  schema: JsonSchema;
  codes: CatalogueCode[];
}

/** Decimal text as the money module reads it (a JSON number is read as its text). */
const DECIMAL_TEXT = '^-?[0-9]+(\\.[0-9]+)?$';

/** Every wire parameter of a spec, in the order they are read; checks add only codes. */
export function documentFields(spec: FieldSpec): DocumentedField[] {
  return Object.entries(spec).flatMap(([name, step]) => fieldsOf(name, step));
}

/** Every code the spec's fields and checks answer, in the order they are checked. */
export function fieldCodes(spec: FieldSpec): CatalogueCode[] {
  return unique(Object.entries(spec).flatMap(([name, step]) => (step.kind === 'check' ? [...step.codes] : fieldsOf(name, step).flatMap((f) => f.codes))));
}

/** The checks between fields, for the endpoint's description. */
export function checksOf(spec: FieldSpec): { description: string; codes: readonly CatalogueCode[] }[] {
  return Object.values(spec).flatMap((step) => (step.kind === 'check' ? [{ description: step.description, codes: step.codes }] : []));
}

/** A JSON object schema of the fields: a request body, or the `args` of a WebSocket action. */
export function objectSchema(spec: FieldSpec): JsonSchema {
  const fields = documentFields(spec);
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.name, f.schema])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function fieldsOf(name: string, step: Step): DocumentedField[] {
  switch (step.kind) {
    case 'text':
      return [
        field(name, step, { type: 'string', maxLength: step.maxLength, pattern: step.pattern?.source }, [
          notText(step),
          step.maxLength !== undefined ? (step.tooLong ?? invalid(step)) : undefined,
          step.pattern ? step.invalidDigits : undefined,
          step.pattern ? invalid(step) : undefined,
        ]),
      ];
    case 'oneOf': {
      const schema = { type: 'string', enum: [...step.values] };
      const codes = [notText(step), invalid(step)];
      const own = field(name, step, schema, codes);
      if (step.alias === undefined) return [own];
      const alias = field(step.alias, { ...step, missing: undefined, description: `The same as \`${name}\`, read when \`${name}\` is not sent.` }, schema, codes);
      return [own, alias];
    }
    case 'decimal':
      return [field(name, step, { type: 'string', pattern: DECIMAL_TEXT }, [notText(step), invalid(step)])];
    case 'writtenDecimal':
      return [field(name, { ...step, missing: undefined }, { type: 'string', pattern: DECIMAL_TEXT }, [step.invalid])];
    case 'integer':
      return [field(name, step, { type: 'integer', minimum: step.min, maximum: step.max, enum: step.values && [...step.values] }, [invalid(step)])];
    case 'flag':
      return [field(name, step, { type: 'boolean', ...(step.only !== undefined ? { const: step.only } : {}) }, [invalid(step)])];
    case 'list':
      return [
        field(
          name,
          { ...step, description: [step.description, 'A JSON array, or one text of comma-separated items.'].filter(Boolean).join(' ') },
          {
            type: 'array',
            items: { type: 'string', ...(step.items ? { enum: [...step.items] } : {}), ...(step.ip ? { anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] } : {}) },
            maxItems: step.maxItems,
          },
          [invalid(step), step.maxItems !== undefined ? (step.tooMany ?? invalid(step)) : undefined],
        ),
      ];
    case 'page':
      return [
        field('page', { description: 'Page number, from 1.' }, { type: 'integer', minimum: 1, default: 1 }, [400000]),
        field('pageNum', { description: 'The same as `page`, read when `page` is not sent.' }, { type: 'integer', minimum: 1 }, [400000]),
        field('pageSize', { description: `Rows per page, at most ${step.maxSize}.` }, { type: 'integer', minimum: 1, maximum: step.maxSize, default: step.defaultSize }, [400000, 400002]),
      ];
    case 'check':
      return [];
    case 'group':
      return documentFields(step.spec);
  }
}

function field(name: string, rule: FieldRule & FieldDoc, schema: JsonSchema, codes: (CatalogueCode | undefined)[]): DocumentedField {
  const all = unique([rule.missing, ...codes].filter((code): code is CatalogueCode => code !== undefined));
  const description = [rule.description, `Codes: ${describeCodes(all)}.`].filter(Boolean).join(' ');
  const example = rule.example === undefined ? {} : { examples: [rule.example] };
  return { name, required: rule.missing !== undefined, schema: { ...defined(schema), description, ...example, 'x-codes': all }, codes: all };
}

function invalid(rule: FieldRule): CatalogueCode {
  return rule.invalid ?? 400000;
}

/** A JSON boolean, array or object where text is expected. */
function notText(rule: FieldRule): CatalogueCode {
  return rule.wrongType ?? invalid(rule);
}

function defined(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}
