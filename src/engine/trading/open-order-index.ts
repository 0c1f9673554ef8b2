/**
 * Every portfolio's open orders, by sym, each sym's oldest first. Placement asks for one portfolio's
 * orders on one sym (limits, self-trade prevention) and every finish removes one, so both must not
 * walk a portfolio's other orders: the house holds hundreds across every book. The index holds the
 * orders themselves (the objects engine state keeps by orderId), so a placement reads a market maker's
 * 200 orders on a sym without 200 lookups by id. An orderId grows with the time it was taken and an
 * order opens in the command that takes it, so id order is opening order across syms too. A snapshot
 * holds it as it always did: portfolioId → its open orderIds, oldest first (`toJSON`, `OpenOrderIndex.from`).
 */

/** What the index needs of an order. */
export interface OpenOrderKey {
  portfolioId: string;
  sym: string;
  orderId: string;
}

interface PortfolioOpenOrders<O> {
  count: number;
  /** By sym, each order by its orderId, oldest first. */
  bySym: Map<string, Map<string, O>>;
}

const NO_ORDERS: ReadonlyMap<string, never> = new Map<string, never>();
const NO_SYMS: ReadonlyMap<string, never> = new Map<string, never>();

export class OpenOrderIndex<O extends OpenOrderKey = OpenOrderKey> {
  private readonly byPortfolio = new Map<string, PortfolioOpenOrders<O>>();

  /** A snapshot's form back into an index; `orderOf` gives each open order by its orderId. */
  static from<O extends OpenOrderKey>(json: Map<string, string[]>, orderOf: (orderId: string) => O): OpenOrderIndex<O> {
    const index = new OpenOrderIndex<O>();
    for (const orderIds of json.values()) for (const orderId of orderIds) index.add(orderOf(orderId));
    return index;
  }

  add(order: O): void {
    let open = this.byPortfolio.get(order.portfolioId);
    if (!open) this.byPortfolio.set(order.portfolioId, (open = { count: 0, bySym: new Map() }));
    const onSym = open.bySym.get(order.sym);
    if (onSym) onSym.set(order.orderId, order);
    else open.bySym.set(order.sym, new Map([[order.orderId, order]]));
    open.count++;
  }

  remove({ portfolioId, sym, orderId }: OpenOrderKey): void {
    const open = this.byPortfolio.get(portfolioId);
    const onSym = open?.bySym.get(sym);
    if (!open || !onSym?.delete(orderId)) return;
    if (onSym.size === 0) open.bySym.delete(sym);
    if (--open.count === 0) this.byPortfolio.delete(portfolioId);
  }

  count(portfolioId: string): number {
    return this.byPortfolio.get(portfolioId)?.count ?? 0;
  }

  /** The portfolio's open orders on one sym by orderId, oldest first. */
  onSym(portfolioId: string, sym: string): ReadonlyMap<string, O> {
    return this.byPortfolio.get(portfolioId)?.bySym.get(sym) ?? NO_ORDERS;
  }

  /** The syms the portfolio has open orders on, each with its orders oldest first. */
  bySym(portfolioId: string): ReadonlyMap<string, ReadonlyMap<string, O>> {
    return this.byPortfolio.get(portfolioId)?.bySym ?? NO_SYMS;
  }

  /** The portfolio's open orders, all syms, oldest first. */
  ordersOf(portfolioId: string): O[] {
    const open = this.byPortfolio.get(portfolioId);
    if (!open) return [];
    const orders: O[] = [];
    for (const onSym of open.bySym.values()) for (const order of onSym.values()) orders.push(order);
    return open.bySym.size === 1 ? orders : orders.sort(byAge);
  }

  /** Every portfolio with open orders, and how many. */
  *counts(): IterableIterator<[string, number]> {
    for (const [portfolioId, open] of this.byPortfolio) yield [portfolioId, open.count];
  }

  toJSON(): Map<string, string[]> {
    return new Map([...this.byPortfolio.keys()].map((portfolioId) => [portfolioId, this.ordersOf(portfolioId).map((order) => order.orderId)]));
  }
}

/** Older first: 16-digit ids compare as text; a longer one (past the year 2286) is newer. */
function byAge({ orderId: a }: OpenOrderKey, { orderId: b }: OpenOrderKey): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
