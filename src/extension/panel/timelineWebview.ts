// A webview that shows the timeline (a session's panel or a trace file's editor): its page,
// the messages to it, and what it asks for. While the panel is hidden, messages wait here
// and go when it shows again; past a bound they are dropped and the whole view is fed again
// from its source instead (nothing is lost either way).
import * as vscode from 'vscode';
import type { FromTimeline, ToTimeline } from '../../protocol/webviewMessages';
import type { SourceLocation } from '../../protocol/traceEvents';
import type { Finding } from '../../protocol/findings/findingTypes';
import type { DebugPauseMessage, SessionViewer } from '../session/liveSession';
import { timelineHtml, timelineWebviewOptions } from './webviewHtml';
import { processMicros } from '../../runtime/tracing/processClock';

export interface TimelineHost {
  /** The page is (again) ready for its content: send all of it. */
  feed(view: TimelineWebview): void;
  openLocation(location: SourceLocation): void;
  /** The timeline's findings of what it shows (each post replaces the last). */
  findings?(findings: Finding[]): void;
}

/** Messages kept while hidden, in bytes or characters of trace text, before a full feed is cheaper. */
const HIDDEN_LIMIT = 32 << 20;

export class TimelineWebview implements SessionViewer, vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private waiting: ToTimeline[] = [];
  private waitingSize = 0;
  private refeed = false;
  private disposed = false;
  /** The timeline's last word on what it holds of a live session, and when it came (µs on the monotonic clock). */
  shown: { lines: number; lanes: number; at: number } | undefined;
  /** When this view was made, and when its page last said it was ready (µs on the monotonic
   * clock); how long the page's own loading took, and of that its wait for VS Code's service worker (ms). */
  readonly createdAt = processMicros();
  readyAt: number | undefined;
  pageBootMs: number | undefined;
  workerWaitMs: number | undefined;
  /** How many times the page was fed its whole content: when it said it was ready, and when
   * it showed again after more than the hidden bound came. */
  feeds = 0;
  /** The bound on what waits while hidden (HIDDEN_LIMIT; tests lower it to reach the refeed quickly). */
  hiddenLimit = HIDDEN_LIMIT;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly host: TimelineHost,
  ) {
    panel.webview.options = timelineWebviewOptions();
    panel.webview.html = timelineHtml(extensionUri, panel.title);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: FromTimeline) => this.received(message)),
      panel.onDidChangeViewState(() => this.visibilityChanged()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Messages held while the panel is hidden, to send when it shows (also for tests). */
  get held(): number {
    return this.waiting.length;
  }

  post(message: ToTimeline): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    if (!this.panel.visible) {
      if (!this.refeed) {
        this.waiting.push(message);
        this.waitingSize += 'text' in message ? message.text.length : 64;
        if (this.waitingSize > this.hiddenLimit) {
          this.refeed = true;
          this.waiting = [];
          this.waitingSize = 0;
        }
      }
      return Promise.resolve(true);
    }
    return this.panel.webview.postMessage(message);
  }

  start(name: string): Thenable<boolean> {
    // What the page said it shows was of the trace this one replaces.
    this.shown = undefined;
    return this.post({ type: 'liveStart', name });
  }
  text(pid: number, bytes: Uint8Array): Thenable<boolean> {
    return this.post({ type: 'liveText', pid, text: bytes });
  }
  pause(message: DebugPauseMessage): Thenable<boolean> {
    return this.post(message);
  }
  ended(reason: string): Thenable<boolean> {
    return this.post({ type: 'liveEnd', reason });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  private received(message: FromTimeline): void {
    if (message.type === 'ready') {
      this.waiting = [];
      this.waitingSize = 0;
      this.refeed = false;
      this.shown = undefined;
      this.readyAt = processMicros();
      this.pageBootMs = message.bootMs;
      this.workerWaitMs = message.workerWaitMs;
      this.feedWhole();
    } else if (message.type === 'openLocation') this.host.openLocation(message.location);
    else if (message.type === 'shown') this.shown = { lines: message.lines, lanes: message.lanes, at: processMicros() };
    else if (message.type === 'findings') this.host.findings?.(message.findings);
  }

  private feedWhole(): void {
    this.feeds++;
    this.host.feed(this);
  }

  private visibilityChanged(): void {
    if (!this.panel.visible) return;
    if (this.refeed) {
      this.refeed = false;
      this.feedWhole();
      return;
    }
    const waiting = this.waiting;
    this.waiting = [];
    this.waitingSize = 0;
    for (const message of waiting) void this.panel.webview.postMessage(message);
  }
}
