// A first-in first-out queue whose shift() stays cheap however long it gets. Array#shift
// moves every element once the array is large (V8 cannot trim an array in its large-object
// space): 20,000 queued pool tasks cost ~23 µs per shift, most of the pool's time.

/** FIFO queue: push at the back, shift from the front, put back at the front. */
export class TaskQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The first item, left in the queue. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      // Drop the spent front once it is half the array: each item is moved at most once more.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Puts `items` back at the front, in their order (work taken out that must go first). */
  unshiftAll(items: readonly T[]): void {
    if (items.length === 0) return;
    this.items = [...items, ...this.items.slice(this.head)];
    this.head = 0;
  }

  /** Removes `item`; false when it is not queued. */
  remove(item: T): boolean {
    const at = this.items.indexOf(item, this.head);
    if (at < 0) return false;
    this.items.splice(at, 1);
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return true;
  }
}
