// The timeline's entry point, in a VS Code webview or in a standalone report.
//  - VS Code: the extension posts ToTimeline messages (again after a reload: the page says
//    `ready`); links ask it to open the editor; the view is kept with setState.
//  - Report: the trace is embedded in the page, gzipped (<script type="application/gzip;base64" id="isoscope-trace">).
import './style.css';
import { isToTimeline, type FromTimeline } from '../../src/protocol/webviewMessages';
import { App } from './app';
import { installTimelineDebug } from './timelineDebug';
import { decodeBase64 } from './embeddedTrace';
import { unpackHere, unpackInWorker } from './unpack';

interface VsCodeApi {
  postMessage(message: FromTimeline): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;
/** The unpacking worker's script (webview/src/unpackWorker.ts), put in by esbuild.mjs. */
declare const UNPACK_WORKER_SOURCE: string;

const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

// A report's embedded trace: its unpacking starts first, in a worker, so that the worker
// works while this thread builds the app. The page's 11 MB of base64 text goes once decoded:
// left in the document, it made the first layout cost about 0.4 s.
const embedded = document.getElementById('isoscope-trace');
const report = embedded?.textContent ? startUnpacking(embedded) : undefined;

const root = document.getElementById('isoscope-root') ?? document.body;
const app = new App(root, {
  post: (message) => vscode?.postMessage(message),
  canOpenLocations: vscode !== undefined,
  // The view kept across a reload of the webview (a report has nowhere to keep it).
  state: vscode && { getState: () => vscode.getState(), setState: (state) => vscode.setState(state) },
});
// Before the trace is read, so that tests and the bench see its load and its first frame.
installTimelineDebug(app);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // From the extension (in VS Code), or from this page itself; never from another frame.
  if (vscode === undefined && event.source !== window) return;
  if (isToTimeline(event.data)) app.handle(event.data);
});

if (report) {
  app.showLoading(`Reading ${report.name}…`);
  open(report.name, report.chunks);
}

vscode?.postMessage({ type: 'ready', bootMs: performance.now(), workerWaitMs: serviceWorkerWait() });

/** How long the page's navigation waited for a service worker to start (undefined where none served it). */
function serviceWorkerWait(): number | undefined {
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return navigation && navigation.workerStart > 0 ? navigation.workerStart - navigation.startTime : undefined;
}

/** Decodes the embedded trace and starts unpacking it: in a worker, where this thread only
 * reads; where no worker may start, this thread does both. */
function startUnpacking(element: HTMLElement): { name: string; chunks: ReadableStream<string> } {
  const name = element.dataset['name'] ?? 'trace';
  const packed = decodeBase64(element.textContent ?? '');
  element.textContent = '';
  const chunks = unpackInWorker(packed, UNPACK_WORKER_SOURCE, () => open(name, unpackHere(packed))) ?? unpackHere(packed);
  return { name, chunks };
}

function open(name: string, chunks: ReadableStream<string>): void {
  app.openStream(name, chunks).catch((error: unknown) => app.showFailure(`The trace in this report cannot be unpacked: ${(error as Error).message}`));
}
