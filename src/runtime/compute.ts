import { runInIsolate } from './run';

/** Flutter's compute: runs `callback(message)` in a fresh isolate and returns its result. */
export function compute<M, R>(callback: (message: M) => R | Promise<R>, message: M, options: { debugLabel?: string } = {}): Promise<Awaited<R>> {
  return runInIsolate(callback, { args: [message], debugName: options.debugLabel ?? (callback.name || 'compute') });
}
