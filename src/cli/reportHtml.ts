// The standalone report: one HTML file holding the timeline (script and style inlined) and the
// trace, that opens from disk in any browser with no server and no network.

export interface ReportParts {
  /** The built timeline: dist/webview.js and dist/webview.css. */
  script: string;
  style: string;
  /** Shown as the report's title. */
  name: string;
  /** The .isotrace text; the timeline reads it, bad lines and all. */
  text: string;
}

/** JSON that is safe inside a <script> element: no "</script>", no "<!--". */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function buildReportHtml(parts: ReportParts): string {
  // The page may run only its own inline script and style, and load nothing at all.
  const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.name)} · Isoscope timeline</title>
<style>${parts.style.replace(/<\/style/gi, '<\\/style')}</style>
</head>
<body>
<div id="isoscope-root"></div>
<script type="application/json" id="isoscope-trace">${scriptSafeJson({ name: parts.name, text: parts.text })}</script>
<script>${parts.script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
