// Unpacking a report's trace (gzip, then UTF-8): in a worker when the page may start one, so
// this thread only reads; else here.
import type { FromUnpackWorker } from './unpackWorker';

/** Packed trace bytes unpacked on this thread, as a stream of text chunks. */
export function unpackHere(packed: Uint8Array<ArrayBuffer>): ReadableStream<string> {
  return new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream());
}

/**
 * Packed trace bytes unpacked by a worker (its script's text: `workerSource`), as a stream of
 * text chunks. Undefined when no worker can be made at all; when the page's policy refuses it
 * once made (a Content-Security-Policy without `worker-src blob:`), the stream ends empty and
 * `onFallback` is called: the caller then unpacks here.
 */
export function unpackInWorker(packed: Uint8Array<ArrayBuffer>, workerSource: string, onFallback: () => void): ReadableStream<string> | undefined {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch {
    URL.revokeObjectURL(url);
    return undefined;
  }
  let heard = false;
  return new ReadableStream<string>({
    start(controller) {
      worker.onmessage = (event: MessageEvent<FromUnpackWorker>) => {
        if (!heard) URL.revokeObjectURL(url);
        heard = true;
        const message = event.data;
        if (message.type === 'text') controller.enqueue(message.text);
        else {
          worker.terminate();
          if (message.type === 'done') controller.close();
          else controller.error(new Error(message.message));
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        worker.terminate();
        URL.revokeObjectURL(url);
        // Refused before it ran (a policy): say so, and the caller unpacks on this thread.
        if (!heard) {
          controller.close();
          onFallback();
        } else controller.error(new Error(event.message || 'the unpacking worker failed'));
      };
      // A copy, not a transfer: if the worker cannot run, this thread unpacks the same bytes.
      worker.postMessage(packed.buffer);
    },
    cancel() {
      worker.terminate();
    },
  });
}
