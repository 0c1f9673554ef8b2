/**
 * The `body` column of history rows: a finished Order or an Execution as its field values in a fixed
 * order, separated by `|`. Rows travel to the database inside one JSON text; a body with no quotes
 * has nothing to escape there, and this form is about half the size of the codec's JSON, which
 * halves what the embedded database spends per row. Fields are only ever appended: a body written
 * before a field existed reads that field as its default. Bodies written as codec JSON (before this
 * form) still read.
 */
import type { Order } from '../../../domain/orders/order.ts';
import { decode } from '../../journal/codec.ts';
import type { Execution } from '../../../domain/orders/execution.ts';

type Kind = 'text' | 'fixed' | 'number' | 'boolean' | 'id?';

/** Each field and how its value is written; the order is the format. */
type Layout<T> = readonly (readonly [keyof T & string, Kind])[];

const ORDER_LAYOUT: Layout<Order> = [
  ['portfolioId', 'text'],
  ['orderId', 'text'],
  ['clientOrderId', 'text'],
  ['sym', 'text'],
  ['venue', 'text'],
  ['business', 'text'],
  ['side', 'text'],
  ['exchangeOrderType', 'text'],
  ['origin', 'text'],
  ['timeInForce', 'text'],
  ['state', 'text'],
  ['action', 'text'],
  ['cancelType', 'text'],
  ['orderQty', 'fixed'],
  ['quoteOrderQty', 'fixed'],
  ['limitPrice', 'fixed'],
  ['executedQty', 'fixed'],
  ['executedAmount', 'fixed'],
  ['lastExecutedQty', 'fixed'],
  ['lastExecutedPrice', 'fixed'],
  ['lastExecutedAmount', 'fixed'],
  ['fee', 'fixed'],
  ['feeCoin', 'text'],
  ['reduceOnly', 'boolean'],
  ['leverage', 'number'],
  ['positionSide', 'text'],
  ['reason', 'text'],
  ['algoOrderId', 'id?'],
  ['createAt', 'number'],
  ['updateAt', 'number'],
  ['borrowAmount', 'fixed'],
  ['borrowAsset', 'text'],
];

const EXECUTION_LAYOUT: Layout<Execution> = [
  ['transactionId', 'text'],
  ['portfolioId', 'text'],
  ['orderId', 'text'],
  ['clientOrderId', 'text'],
  ['algoOrderId', 'id?'],
  ['sym', 'text'],
  ['venue', 'text'],
  ['business', 'text'],
  ['side', 'text'],
  ['quantity', 'fixed'],
  ['price', 'fixed'],
  ['fee', 'fixed'],
  ['feeCoin', 'text'],
  ['rpnl', 'fixed'],
  ['liquidity', 'text'],
  ['createAt', 'number'],
];

const SEPARATOR = '|';
const SPECIAL = /[%|]/g;
const ESCAPED = /%(25|7C)/g;

function writeValue(value: unknown, kind: Kind): string {
  // An optional field left out is written empty and reads back as its kind's default.
  if (value === undefined) return '';
  switch (kind) {
    case 'text': {
      const text = value as string;
      return text.includes('|') || text.includes('%') ? text.replace(SPECIAL, (c) => (c === '%' ? '%25' : '%7C')) : text;
    }
    case 'id?':
      return (value as string | null) ?? '';
    case 'boolean':
      return value ? '1' : '0';
    default:
      return String(value as bigint | number);
  }
}

function readValue(text: string | undefined, kind: Kind): unknown {
  switch (kind) {
    case 'text':
      return (text ?? '').replace(ESCAPED, (_, code: string) => (code === '25' ? '%' : '|'));
    case 'id?':
      return text ? text : null;
    case 'boolean':
      return text === '1';
    case 'fixed':
      return BigInt(text ?? '0');
    case 'number':
      return Number(text ?? '0');
  }
}

function writer<T>(layout: Layout<T>): (record: T) => string {
  return (record) => {
    const values = new Array<string>(layout.length);
    for (let i = 0; i < layout.length; i++) values[i] = writeValue(record[layout[i][0]], layout[i][1]);
    return values.join(SEPARATOR);
  };
}

/** Reads the named fields of a body (a history row's columns need only some of them). */
function fieldsReader<T>(layout: Layout<T>): <K extends keyof T & string>(body: string, fields: readonly K[]) => Pick<T, K> {
  const position = new Map<string, number>(layout.map(([field], i) => [field, i]));
  return (body, fields) => {
    if (body.startsWith('{')) return decode<T>(body);
    const values = body.split(SEPARATOR);
    const record: Record<string, unknown> = {};
    for (const field of fields) {
      const i = position.get(field)!;
      record[field] = readValue(values[i], layout[i][1]);
    }
    return record as Pick<T, (typeof fields)[number]>;
  };
}

function reader<T>(layout: Layout<T>): (body: string) => T {
  const read = fieldsReader(layout);
  const all = layout.map(([field]) => field);
  return (body) => read(body, all) as T;
}

export const orderBody = writer(ORDER_LAYOUT);
export const orderFromBody = reader(ORDER_LAYOUT);
export const orderFieldsFromBody = fieldsReader(ORDER_LAYOUT);
export const executionBody = writer(EXECUTION_LAYOUT);
export const executionFromBody = reader(EXECUTION_LAYOUT);
export const executionFieldsFromBody = fieldsReader(EXECUTION_LAYOUT);
