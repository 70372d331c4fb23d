// The page that holds the timeline, wherever it runs: the standalone report and the VS Code
// webview, both with the built script and style inlined. Each says what its policy allows
// and what goes in the head and at the end of the body; the root element and the rest are
// the same.

export interface TimelinePageParts {
  /** The Content-Security-Policy. */
  csp: string;
  /** The page's title (text; escaped here). */
  title: string;
  /** Markup for the head after the title (the style). */
  head: string;
  /** Markup after the root element (the trace, the scripts). */
  body: string;
}

export function timelinePage(parts: TimelinePageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${parts.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
${parts.head}
</head>
<body>
<div id="isoscope-root"></div>
${parts.body}
</body>
</html>
`;
}

/** Text as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `style` as a <style> element: nothing in it can end the element. */
export function inlineStyle(style: string): string {
  return `<style>${style.replace(/<\/style/gi, '<\\/style')}</style>`;
}

/** `script` as a <script> element (with `nonce`, where the policy asks for one): nothing in it can end the element. */
export function inlineScript(script: string, nonce?: string): string {
  return `<script${nonce === undefined ? '' : ` nonce="${nonce}"`}>${script.replace(/<\/script/gi, '<\\/script')}</script>`;
}
