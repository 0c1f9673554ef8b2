/**
 * The orderIds of every portfolio's open orders, by sym, each sym's oldest first. Placement asks for
 * one portfolio's orders on one sym (limits, self-trade prevention) and every finish removes one, so
 * both must not walk a portfolio's other orders: the house holds hundreds across every book. An
 * orderId grows with the time it was taken and an order opens in the command that takes it, so id
 * order is opening order across syms too. A snapshot holds it as it always did: portfolioId → its
 * open orderIds, oldest first (`toJSON`, `OpenOrderIndex.from`).
 */

/** What the index needs of an order. */
export interface OpenOrderKey {
  portfolioId: string;
  sym: string;
  orderId: string;
}

interface PortfolioOpenOrders {
  count: number;
  bySym: Map<string, Set<string>>;
}

const NO_ORDERS: ReadonlySet<string> = new Set();
const NO_SYMS: ReadonlyMap<string, ReadonlySet<string>> = new Map();

export class OpenOrderIndex {
  private readonly byPortfolio = new Map<string, PortfolioOpenOrders>();

  /** A snapshot's form back into an index; `symOf` gives each open order's sym. */
  static from(json: Map<string, string[]>, symOf: (orderId: string) => string): OpenOrderIndex {
    const index = new OpenOrderIndex();
    for (const [portfolioId, orderIds] of json) for (const orderId of orderIds) index.add({ portfolioId, sym: symOf(orderId), orderId });
    return index;
  }

  add({ portfolioId, sym, orderId }: OpenOrderKey): void {
    let open = this.byPortfolio.get(portfolioId);
    if (!open) this.byPortfolio.set(portfolioId, (open = { count: 0, bySym: new Map() }));
    const onSym = open.bySym.get(sym);
    if (onSym) onSym.add(orderId);
    else open.bySym.set(sym, new Set([orderId]));
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

  /** The portfolio's open orderIds on one sym, oldest first. */
  onSym(portfolioId: string, sym: string): ReadonlySet<string> {
    return this.byPortfolio.get(portfolioId)?.bySym.get(sym) ?? NO_ORDERS;
  }

  /** The syms the portfolio has open orders on, each with its orderIds oldest first. */
  bySym(portfolioId: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.byPortfolio.get(portfolioId)?.bySym ?? NO_SYMS;
  }

  /** The portfolio's open orderIds, all syms, oldest first. */
  ids(portfolioId: string): string[] {
    const open = this.byPortfolio.get(portfolioId);
    if (!open) return [];
    const ids: string[] = [];
    for (const onSym of open.bySym.values()) for (const orderId of onSym) ids.push(orderId);
    return open.bySym.size === 1 ? ids : ids.sort(byAge);
  }

  /** Every portfolio with open orders, and how many. */
  *counts(): IterableIterator<[string, number]> {
    for (const [portfolioId, open] of this.byPortfolio) yield [portfolioId, open.count];
  }

  toJSON(): Map<string, string[]> {
    return new Map([...this.byPortfolio.keys()].map((portfolioId) => [portfolioId, this.ids(portfolioId)]));
  }
}

/** Older first: 16-digit ids compare as text; a longer one (past the year 2286) is newer. */
function byAge(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
