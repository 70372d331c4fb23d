// The parent's side of the runtime's code cache (see worker/threadEntry.ts): every isolate
// after the first compiles the runtime's bundles from V8's code cache instead of from their
// source. The first isolate this thread starts is asked to make the cache; it answers after
// its entry's first turn. Until one answers, a new isolate is asked too once the last one
// asked has had ASK_AGAIN_MS (an entry that never yields never answers). The cache is this
// process's own, in memory.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { RuntimeCodeCache } from './controlMessages';
import { tracer } from './tracing/core';

const { markInternal } = tracer;

const ASK_AGAIN_MS = 1000;

let cache: RuntimeCodeCache | undefined;
/** When the isolate asked last was started, while it has not answered or ended. */
let askedAt: number | undefined;

/** What a new isolate's boot data carries: the cache, or a port to send one back on (to
 * be transferred with the boot data), or neither while another isolate is making it. */
export function codeCacheForIsolate(): { codeCache?: RuntimeCodeCache; codeCacheReply?: MessagePort } {
  if (cache) return { codeCache: cache };
  const now = performance.now();
  if (askedAt !== undefined && now - askedAt < ASK_AGAIN_MS) return {};
  askedAt = now;
  const { port1, port2 } = new MessageChannel();
  markInternal(port1);
  markInternal(port2);
  port1.on('message', (made: RuntimeCodeCache) => {
    cache ??= made;
  });
  // The isolate closes its end once it has answered, or when it ends first.
  port1.once('close', () => {
    if (askedAt === now) askedAt = undefined;
  });
  port1.unref();
  return { codeCacheReply: port2 };
}
