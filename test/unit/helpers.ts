import { ReceivePort } from 'isoscope';

/** Resolves with the next `count` messages on a fresh port, then closes it. */
export function collect(count: number, timeoutMs = 5000): { port: ReceivePort; messages: Promise<unknown[]> } {
  const port = new ReceivePort('collect');
  const messages = new Promise<unknown[]>((resolve, reject) => {
    const got: unknown[] = [];
    const timer = setTimeout(() => {
      port.close();
      reject(new Error(`timed out with ${got.length} of ${count} messages: ${JSON.stringify(got)}`));
    }, timeoutMs);
    port.listen((message) => {
      got.push(message);
      if (got.length === count) {
        clearTimeout(timer);
        port.close();
        resolve(got);
      }
    });
  });
  return { port, messages };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A port whose messages can be awaited one at a time: `await inbox.next()`. */
export class Inbox {
  readonly port = new ReceivePort('inbox');
  private readonly ready: unknown[] = [];
  private readonly waiting: ((message: unknown) => void)[] = [];

  constructor() {
    this.port.listen((message) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(message);
      else this.ready.push(message);
    });
  }

  get sendPort() {
    return this.port.sendPort;
  }

  next<T = unknown>(timeoutMs = 5000): Promise<T> {
    if (this.ready.length > 0) return Promise.resolve(this.ready.shift() as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Inbox: no message within the time limit')), timeoutMs);
      this.waiting.push((message) => {
        clearTimeout(timer);
        resolve(message as T);
      });
    });
  }

  /** Messages that arrived and were not taken yet. */
  get pending(): readonly unknown[] {
    return this.ready;
  }

  close(): void {
    this.port.close();
  }
}
