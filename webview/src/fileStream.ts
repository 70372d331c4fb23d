// A trace file the host sends in pieces (fileStart, fileText…, fileEnd or fileError) as the
// stream of text a report's trace also is (traceLoading.ts reads both). Pieces are queued as
// they come and read in turn; the file never is one string.

/** One file's pieces, from its fileStart on. */
export class FileStream {
  readonly chunks: ReadableStream<string>;
  /** Why the file stopped short, once the host said so (fileError). */
  failure: string | undefined;
  private controller!: ReadableStreamDefaultController<string>;
  private done = false;

  constructor(
    readonly name: string,
    /** Its size in bytes, as the host says (for progress). */
    readonly size: number,
  ) {
    this.chunks = new ReadableStream<string>({ start: (controller) => void (this.controller = controller) });
  }

  /** The next piece (lines may span pieces). */
  push(text: string): void {
    if (!this.done) this.controller.enqueue(text);
  }

  /** Every piece came. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.controller.close();
  }

  /** The host could not read the file to its end: what came is still read (the stream ends
   * rather than errs, which would drop the pieces queued), and `failure` says why it stops. */
  fail(message: string): void {
    if (this.done) return;
    this.failure = `${this.name} could not be read to its end (${message}); what was read is shown`;
    this.end();
  }
}
