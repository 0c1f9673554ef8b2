/** A binary min-heap of (edge, item): the risk index's ordered band edges of one price. */
export class EdgeHeap<T> {
  private edges: bigint[] = [];
  private items: T[] = [];

  get size(): number {
    return this.edges.length;
  }

  /** The smallest edge; undefined when empty. */
  peek(): bigint | undefined {
    return this.edges[0];
  }

  push(edge: bigint, item: T): void {
    this.edges.push(edge);
    this.items.push(item);
    this.siftUp(this.edges.length - 1);
  }

  /** Removes and answers the item of the smallest edge. */
  pop(): T {
    const top = this.items[0];
    const lastEdge = this.edges.pop()!;
    const lastItem = this.items.pop()!;
    if (this.edges.length > 0) {
      this.edges[0] = lastEdge;
      this.items[0] = lastItem;
      this.siftDown(0);
    }
    return top;
  }

  /** Keeps only the items `keep` accepts (a rebuild, linear). */
  retain(keep: (item: T) => boolean): void {
    const edges = this.edges;
    const items = this.items;
    this.edges = [];
    this.items = [];
    for (let i = 0; i < items.length; i++) if (keep(items[i])) this.push(edges[i], items[i]);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.edges[parent] <= this.edges[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.edges.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.edges[left] < this.edges[smallest]) smallest = left;
      if (right < n && this.edges[right] < this.edges[smallest]) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    [this.edges[a], this.edges[b]] = [this.edges[b], this.edges[a]];
    [this.items[a], this.items[b]] = [this.items[b], this.items[a]];
  }
}
