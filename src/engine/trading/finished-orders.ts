/**
 * The finished client orders engine state keeps for the retention (retention.ts): enough for
 * clientOrderId uniqueness among open and recently finished orders (decisions E3: 401009, 401229,
 * 401115) and for what a cancel or replace of one answers (401117 when it filled). Hundreds of
 * thousands are kept at once, so each is a row of typed-array columns, in the order they finished (an
 * orderId is a 16-digit integer, exact in a double; a portfolio is its index in a table of them),
 * found through two open-addressing hash tables of row numbers: by orderId, and by portfolio and
 * clientOrderId. An order placed without a clientOrderId has its orderId as one: it stores none and is
 * found through its orderId. A snapshot holds the rows (`toJSON`, `FinishedOrders.from`): the same
 * rows give the same text however the columns happen to be laid out.
 */
import { ORDER_STATES, type OrderState } from '../../domain/orders/index.ts';

/** What is kept of a finished order. */
export interface FinishedOrder {
  orderId: string;
  portfolioId: string;
  clientOrderId: string;
  state: OrderState;
  finishedAt: number;
}

/** A snapshot's form: the rows in the order they finished, column by column. */
export interface FinishedOrderRows {
  portfolioIds: string[];
  orderIds: number[];
  /** Index in portfolioIds. */
  portfolios: number[];
  /** '' where it is the orderId. */
  clientOrderIds: string[];
  /** Index in ORDER_STATES. */
  states: number[];
  finishedAts: number[];
}

const MIN_ROWS = 1024;
/** Table slots per row of capacity: at most two in three slots are ever taken, so probes stay short. */
const SLOTS_PER_ROW = 1.5;
const EMPTY = -1;

export class FinishedOrders {
  private orderIds = new Float64Array(MIN_ROWS);
  private finishedAts = new Float64Array(MIN_ROWS);
  private portfolios = new Uint32Array(MIN_ROWS);
  private states = new Uint8Array(MIN_ROWS);
  /** Undefined where the clientOrderId is the orderId. */
  private clientOrderIds: (string | undefined)[] = new Array<string | undefined>(MIN_ROWS);
  /** Rows head..tail-1 are kept; rows before head are forgotten. */
  private head = 0;
  private tail = 0;
  private orderIdTable = emptyTable(MIN_ROWS);
  private clientIdTable = emptyTable(MIN_ROWS);
  private readonly portfolioIds: string[] = [];
  private readonly portfolioIndex = new Map<string, number>();

  get size(): number {
    return this.tail - this.head;
  }

  add(order: FinishedOrder): void {
    if (this.tail === this.orderIds.length) this.relayout(Math.max(MIN_ROWS, Math.ceil(this.size * 1.5)));
    const row = this.tail++;
    this.orderIds[row] = orderIdNumber(order.orderId);
    this.finishedAts[row] = order.finishedAt;
    this.portfolios[row] = this.portfolioNumber(order.portfolioId);
    this.states[row] = ORDER_STATES.indexOf(order.state);
    this.clientOrderIds[row] = order.clientOrderId === order.orderId ? undefined : order.clientOrderId;
    this.index(row);
  }

  byOrderId(orderId: string): FinishedOrder | undefined {
    const row = this.findByOrderId(orderId);
    return row === EMPTY ? undefined : this.entry(row);
  }

  /** The portfolio's finished order with that clientOrderId (given, or its orderId when none was). */
  byClientOrderId(portfolioId: string, clientOrderId: string): FinishedOrder | undefined {
    const portfolio = this.portfolioIndex.get(portfolioId);
    if (portfolio === undefined) return undefined;
    const table = this.clientIdTable;
    for (let slot = clientIdHash(portfolio, clientOrderId) % table.length; ; slot = (slot + 1) % table.length) {
      const row = table[slot];
      if (row === EMPTY) break;
      if (this.portfolios[row] === portfolio && this.clientOrderIds[row] === clientOrderId) return this.entry(row);
    }
    const row = this.findByOrderId(clientOrderId);
    return row !== EMPTY && this.portfolios[row] === portfolio && this.clientOrderIds[row] === undefined ? this.entry(row) : undefined;
  }

  /** Forgets the orders that finished at or before `cutoff` (rows are in the order they finished). */
  forgetFinishedBy(cutoff: number): void {
    while (this.head < this.tail && this.finishedAts[this.head] <= cutoff) {
      const row = this.head;
      unindex(this.orderIdTable, row, this.orderIdHashOf);
      if (this.clientOrderIds[row] !== undefined) unindex(this.clientIdTable, row, this.clientIdHashOf);
      this.clientOrderIds[row] = undefined;
      this.head++;
    }
  }

  toJSON(): FinishedOrderRows {
    const rows: FinishedOrderRows = { portfolioIds: [], orderIds: [], portfolios: [], clientOrderIds: [], states: [], finishedAts: [] };
    const numbers = new Map<number, number>();
    for (let row = this.head; row < this.tail; row++) {
      const portfolio = this.portfolios[row];
      let number = numbers.get(portfolio);
      if (number === undefined) {
        numbers.set(portfolio, (number = rows.portfolioIds.length));
        rows.portfolioIds.push(this.portfolioIds[portfolio]);
      }
      rows.orderIds.push(this.orderIds[row]);
      rows.portfolios.push(number);
      rows.clientOrderIds.push(this.clientOrderIds[row] ?? '');
      rows.states.push(this.states[row]);
      rows.finishedAts.push(this.finishedAts[row]);
    }
    return rows;
  }

  static from(rows: FinishedOrderRows): FinishedOrders {
    const kept = new FinishedOrders();
    rows.orderIds.forEach((id, i) => {
      const orderId = String(id);
      kept.add({ orderId, portfolioId: rows.portfolioIds[rows.portfolios[i]], clientOrderId: rows.clientOrderIds[i] || orderId, state: ORDER_STATES[rows.states[i]], finishedAt: rows.finishedAts[i] });
    });
    return kept;
  }

  private entry(row: number): FinishedOrder {
    const orderId = String(this.orderIds[row]);
    return { orderId, portfolioId: this.portfolioIds[this.portfolios[row]], clientOrderId: this.clientOrderIds[row] ?? orderId, state: ORDER_STATES[this.states[row]], finishedAt: this.finishedAts[row] };
  }

  private findByOrderId(orderId: string): number {
    if (!ORDER_ID.test(orderId)) return EMPTY;
    const id = Number(orderId);
    const table = this.orderIdTable;
    for (let slot = orderIdHash(id) % table.length; ; slot = (slot + 1) % table.length) {
      const row = table[slot];
      if (row === EMPTY || this.orderIds[row] === id) return row;
    }
  }

  private portfolioNumber(portfolioId: string): number {
    let number = this.portfolioIndex.get(portfolioId);
    if (number === undefined) {
      this.portfolioIndex.set(portfolioId, (number = this.portfolioIds.length));
      this.portfolioIds.push(portfolioId);
    }
    return number;
  }

  private readonly orderIdHashOf = (row: number) => orderIdHash(this.orderIds[row]);
  private readonly clientIdHashOf = (row: number) => clientIdHash(this.portfolios[row], this.clientOrderIds[row]!);

  private index(row: number): void {
    insert(this.orderIdTable, row, this.orderIdHashOf);
    if (this.clientOrderIds[row] !== undefined) insert(this.clientIdTable, row, this.clientIdHashOf);
  }

  /** The kept rows moved to the front of columns of `capacity` rows, and the tables rebuilt for them. */
  private relayout(capacity: number): void {
    const { head, tail } = this;
    this.orderIds = resized(this.orderIds, head, tail, new Float64Array(capacity));
    this.finishedAts = resized(this.finishedAts, head, tail, new Float64Array(capacity));
    this.portfolios = resized(this.portfolios, head, tail, new Uint32Array(capacity));
    this.states = resized(this.states, head, tail, new Uint8Array(capacity));
    const clientOrderIds = this.clientOrderIds.slice(head, tail);
    clientOrderIds.length = capacity;
    this.clientOrderIds = clientOrderIds;
    this.head = 0;
    this.tail = tail - head;
    this.orderIdTable = emptyTable(capacity);
    this.clientIdTable = emptyTable(capacity);
    for (let row = 0; row < this.tail; row++) this.index(row);
  }
}

const ORDER_ID = /^[1-9]\d{0,15}$/;

function orderIdNumber(orderId: string): number {
  const id = Number(orderId);
  if (!ORDER_ID.test(orderId) || !Number.isSafeInteger(id)) throw new Error(`order id ${orderId} is not an integer a double holds exactly`);
  return id;
}

function emptyTable(rows: number): Int32Array {
  return new Int32Array(Math.ceil(rows * SLOTS_PER_ROW)).fill(EMPTY);
}

function insert(table: Int32Array, row: number, hashOf: (row: number) => number): void {
  let slot = hashOf(row) % table.length;
  while (table[slot] !== EMPTY) slot = (slot + 1) % table.length;
  table[slot] = row;
}

/** Linear probing's deletion: each later entry of the run that the hole would hide from its lookup moves back into it. */
function unindex(table: Int32Array, row: number, hashOf: (row: number) => number): void {
  let hole = hashOf(row) % table.length;
  while (table[hole] !== row) hole = (hole + 1) % table.length;
  for (let slot = (hole + 1) % table.length; table[slot] !== EMPTY; slot = (slot + 1) % table.length) {
    const home = hashOf(table[slot]) % table.length;
    const reachable = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
    if (reachable) continue;
    table[hole] = table[slot];
    hole = slot;
  }
  table[hole] = EMPTY;
}

function resized<T extends Float64Array | Uint32Array | Uint8Array>(column: T, head: number, tail: number, into: T): T {
  into.set(column.subarray(head, tail));
  return into;
}

/** An unsigned 31-bit mix of the id's high and low 32 bits. */
function orderIdHash(id: number): number {
  const high = Math.floor(id / 0x1_0000_0000);
  return mix(Math.imul(high, 0x9e3779b1) ^ (id >>> 0));
}

/** FNV-1a over the clientOrderId's characters, seeded with the portfolio's number. */
function clientIdHash(portfolio: number, clientOrderId: string): number {
  let hash = Math.imul(0x811c9dc5 ^ portfolio, 0x01000193);
  for (let i = 0; i < clientOrderId.length; i++) hash = Math.imul(hash ^ clientOrderId.charCodeAt(i), 0x01000193);
  return mix(hash);
}

function mix(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 1;
}
