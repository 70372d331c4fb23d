// The page a timeline webview loads: the built timeline (dist/webview/) inlined, under a
// strict content security policy. Scripts run only with this page's nonce; the page loads
// nothing (d3 sets element styles from script, which the policy allows).
// Why inlined rather than loaded by URL (asWebviewUri): in VS Code for the web (code-server),
// the webviews of a window share one origin, and each registers the resource service worker
// of that origin under its own id. When several webviews load at once, as after a window
// reload that restores them, a page's requests can go out while that worker is being
// replaced: they are not intercepted, go to the literal *.vscode-cdn.net host, fail, and the
// page stays blank. A page that requests nothing does not meet it; it also loads sooner, each
// request being a trip through that worker and the workbench.
// Here, with two panels, a reload left one blank 4 times in 5 while the page loaded its files
// by URL, and 4 times in 24 once they were inlined (those are stuckPage.ts's).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inlineScript, inlineStyle, timelinePage } from '../../protocol/timelinePage';

/** Options for a webview that shows the timeline: scripts, and no local files to load. */
export function timelineWebviewOptions(): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [] };
}

/** The built script and style, read once (166 kB; every timeline page holds them). */
let built: { script: string; style: string } | undefined;

export function timelineHtml(extensionUri: vscode.Uri, title: string): string {
  const read = (name: string) => readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name).fsPath, 'utf8');
  built ??= { script: read('webview.js'), style: read('webview.css') };
  const nonce = randomBytes(16).toString('base64');
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, "style-src 'unsafe-inline'", 'img-src data:'].join('; ');
  return timelinePage({ csp, title, head: inlineStyle(built.style), body: inlineScript(built.script, nonce) });
}
