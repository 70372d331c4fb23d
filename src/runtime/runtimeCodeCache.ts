// The parent's side of the runtime's code cache (see worker/threadEntry.ts): every isolate
// after the first compiles the runtime's bundles from V8's code cache instead of from their
// source. The first isolate this thread starts is asked to make the cache; until one answers,
// each new isolate is asked (one at a time). The cache is this process's own, in memory.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { RuntimeCodeCache } from './controlMessages';
import { tracer } from './tracing/core';

const { markInternal } = tracer;

let cache: RuntimeCodeCache | undefined;
let asking = false;

/** What a new isolate's boot data carries: the cache, or a port to send one back on (to
 * be transferred with the boot data), or neither while another isolate is making it. */
export function codeCacheForIsolate(): { codeCache?: RuntimeCodeCache; codeCacheReply?: MessagePort } {
  if (cache) return { codeCache: cache };
  if (asking) return {};
  asking = true;
  const { port1, port2 } = new MessageChannel();
  markInternal(port1);
  markInternal(port2);
  port1.on('message', (made: RuntimeCodeCache) => {
    cache = made;
  });
  // The isolate closes its end once it has answered, or when it exits first.
  port1.once('close', () => {
    asking = false;
  });
  port1.unref();
  return { codeCacheReply: port2 };
}
