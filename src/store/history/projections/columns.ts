/**
 * What the projection needs to know about a history table's columns, read from its drizzle table in
 * schema.ts, so that each column is written down once. The SQL texts are built once, when the module
 * loads, so writing rows costs no more per row than it did with hand-written SQL. The row type makes
 * the compiler reject a row builder that leaves out a column or adds one that does not exist.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

type ColumnsOf<T extends PgTable> = T['_']['columns'];

/**
 * One row as the projection passes it to the database inside a JSON array: keyed by SQL column
 * name, each value as drizzle would insert it (numeric as its decimal text, bigint mode number as a number).
 */
export type ColumnRow<T extends PgTable> = {
  [K in keyof ColumnsOf<T> & string as ColumnsOf<T>[K]['_']['name']]: ColumnsOf<T>[K]['_']['notNull'] extends true
    ? ColumnsOf<T>[K]['_']['data']
    : ColumnsOf<T>[K]['_']['data'] | null;
};

/** The SQL names of a table's columns, in the order schema.ts declares them. */
export function columnNames(table: PgTable): string[] {
  return Object.values(getTableColumns(table)).map((column) => column.name);
}

const namesByTable = new WeakMap<PgTable, string[]>();

/** columnNames, worked out once per table: for what runs on every write. */
function cachedColumnNames(table: PgTable): string[] {
  let names = namesByTable.get(table);
  if (names === undefined) namesByTable.set(table, (names = columnNames(table)));
  return names;
}

/**
 * The table's property keys (the fields of a domain record) apart from `added`, the columns that
 * the projection fills itself (seq, body). A row is built from these fields of the record.
 */
export function recordFields<T extends PgTable, A extends keyof ColumnsOf<T> & string>(table: T, added: readonly A[]): Exclude<keyof ColumnsOf<T> & string, A>[] {
  return Object.keys(getTableColumns(table)).filter((key) => !(added as readonly string[]).includes(key)) as Exclude<keyof ColumnsOf<T> & string, A>[];
}

/**
 * `INSERT INTO <table> (<columns>) SELECT * FROM json_to_recordset(<param>::json) AS r(<column> <type>, …)`:
 * inserts the rows of a JSON array of ColumnRow<table>. The column list and the record definition
 * come from the same list, so they always match.
 */
export function insertFromJson(table: PgTable, param: string): string {
  const columns = Object.values(getTableColumns(table));
  const names = columns.map((column) => column.name).join(', ');
  const definitions = columns.map((column) => `${column.name} ${column.getSQLType()}`).join(', ');
  return `INSERT INTO ${getTableName(table)} (${names}) SELECT * FROM json_to_recordset(${param}::json) AS r(${definitions})`;
}

/**
 * `INSERT INTO <table> (<columns>) SELECT * FROM unnest($first::<type>[], …)`: inserts rows given as one
 * array per column (columnArrays), parameters `$first` onwards in column order. The database reads an
 * array of plain values several times cheaper than a JSON array of objects that names every column
 * in every row, which matters for the tables written on every order.
 */
export function insertFromArrays(table: PgTable, firstParam: number): string {
  const arrays = arrayTypes(table).map((type, i) => `$${firstParam + i}::${type}`).join(', ');
  return `INSERT INTO ${getTableName(table)} (${columnNames(table).join(', ')}) SELECT * FROM unnest(${arrays})`;
}

/** The parameter types of insertFromArrays: an array of each column's type, in column order. */
export function arrayTypes(table: PgTable): string[] {
  return Object.values(getTableColumns(table)).map((column) => `${column.getSQLType()}[]`);
}

/** Rows as insertFromArrays takes them: one PostgreSQL array literal per column, in column order. */
export function columnArrays<T extends PgTable>(table: T, rows: readonly ColumnRow<T>[]): string[] {
  return cachedColumnNames(table).map((name) => {
    let literal = '{';
    for (let i = 0; i < rows.length; i++) literal += (i === 0 ? '' : ',') + arrayElement((rows[i] as Record<string, unknown>)[name]);
    return `${literal}}`;
  });
}

/** Every element quoted, so no text needs telling apart from the literal's own syntax; only `"` and `\` are escaped. */
function arrayElement(value: unknown): string {
  if (value === null) return 'NULL';
  const text = String(value);
  return `"${ARRAY_SPECIAL.test(text) ? text.replace(ARRAY_SPECIALS, '\\$&') : text}"`;
}

const ARRAY_SPECIAL = /["\\]/;
const ARRAY_SPECIALS = /["\\]/g;

/** `<column> = excluded.<column>` for every column except `key`: an upsert that replaces the whole row. */
export function setAllFromExcluded(table: PgTable, key: PgColumn): string {
  return columnNames(table)
    .filter((name) => name !== key.name)
    .map((name) => `${name} = excluded.${name}`)
    .join(', ');
}
