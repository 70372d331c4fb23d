// The standalone report: one HTML file holding the timeline (script and style inlined) and the
// trace, that opens from disk in any browser with no server and no network. The trace goes in
// gzipped and base64-encoded: a 100 MB trace makes a ~15 MB page, which a browser also reads
// several times faster than the plain text.
import { escapeHtml, inlineScript, inlineStyle, timelinePage } from '../protocol/timelinePage';

export interface ReportParts {
  /** The built timeline: dist/webview/webview.js and webview.css. */
  script: string;
  style: string;
  /** Shown as the report's title. */
  name: string;
  /** The .isotrace file's bytes; the timeline reads them, bad lines and all. */
  trace: Uint8Array;
}


export function buildReportHtml(parts: ReportParts): string {
  // The page may run only its own inline script and style (and its unpacking worker, made
  // from that script's text as a blob), and load nothing at all.
  const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; worker-src blob:";
  // Base64 holds no "<", so nothing in the trace can end or change its <script> element.
  // node:zlib is loaded here, not with the command line: `record` starts the program sooner.
  const { gzipSync } = require('node:zlib') as typeof import('node:zlib');
  const packed = gzipSync(parts.trace, { level: 4 }).toString('base64');
  return timelinePage({
    csp,
    title: `${parts.name} · Isoscope timeline`,
    head: inlineStyle(parts.style),
    body: `<script type="application/gzip;base64" id="isoscope-trace" data-name="${escapeHtml(parts.name)}">${packed}</script>
${inlineScript(parts.script)}`,
  });
}
