// The timeline's entry point, in a VS Code webview or in a standalone report.
//  - VS Code: the extension posts ToTimeline messages; links ask it to open the editor.
//  - Report: the trace is embedded in the page, gzipped (<script type="application/gzip;base64" id="isoscope-trace">).
import './style.css';
import { isToTimeline, type FromTimeline } from '../../src/protocol/webviewMessages';
import { App } from './app';
import { installTimelineDebug } from './timelineDebug';
import { decodeBase64 } from './embeddedTrace';
import { unpackHere, unpackInWorker } from './unpack';

interface VsCodeApi {
  postMessage(message: FromTimeline): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;
/** The unpacking worker's script (webview/src/unpackWorker.ts), put in by esbuild.mjs. */
declare const UNPACK_WORKER_SOURCE: string;

const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const root = document.getElementById('isoscope-root') ?? document.body;
const app = new App(root, { post: (message) => vscode?.postMessage(message), canOpenLocations: vscode !== undefined });
// Before the trace is read, so that tests and the bench see its load and its first frame.
installTimelineDebug(app);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // From the extension (in VS Code), or from this page itself; never from another frame.
  if (vscode === undefined && event.source !== window) return;
  if (isToTimeline(event.data)) app.handle(event.data);
});

const embedded = document.getElementById('isoscope-trace');
if (embedded?.textContent) {
  const name = embedded.dataset['name'] ?? 'trace';
  app.showLoading(`Reading ${name}…`);
  const packed = decodeBase64(embedded.textContent);
  const open = (chunks: ReadableStream<string>): void => {
    app.openStream(name, chunks).catch((error: unknown) => app.showFailure(`The trace in this report cannot be unpacked: ${(error as Error).message}`));
  };
  // A worker unpacks while this thread reads; where no worker may start, this thread does both.
  open(unpackInWorker(packed, UNPACK_WORKER_SOURCE, () => open(unpackHere(packed))) ?? unpackHere(packed));
}

vscode?.postMessage({ type: 'ready' });
