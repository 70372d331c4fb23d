// Unpacks a report's embedded trace (gzip, then UTF-8) off the page's main thread and posts
// the text back in chunks of about 1 MB (strings copy cheaply between threads). The page reads
// and models each chunk while this thread unpacks the next, so opening uses both cores.

/** Worker → page: text chunks, then the end (or why it failed). */
export type FromUnpackWorker = { type: 'text'; text: string } | { type: 'done' } | { type: 'failed'; message: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<ArrayBuffer>) => void) | null;
  postMessage(message: FromUnpackWorker): void;
}
const scope = self as unknown as WorkerScope;
const CHUNK_CHARS = 1 << 20;

scope.onmessage = async (message) => {
  try {
    const reader = new Blob([message.data]).stream().pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream()).getReader();
    let pending: string[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value);
      size += value.length;
      if (size >= CHUNK_CHARS) {
        scope.postMessage({ type: 'text', text: pending.join('') });
        pending = [];
        size = 0;
      }
    }
    if (size > 0) scope.postMessage({ type: 'text', text: pending.join('') });
    scope.postMessage({ type: 'done' });
  } catch (error) {
    scope.postMessage({ type: 'failed', message: (error as Error).message });
  }
};
