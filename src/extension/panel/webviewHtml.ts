// The page a timeline webview loads: the built timeline (dist/webview/) inlined, under a
// strict content security policy. Scripts run only with this page's nonce; styles are the
// page's own (d3 sets element styles from script, which the policy allows), images only data:
// URLs; nothing is fetched. Inlined, because in a webview each file a page loads is a request
// that VS Code's service worker hands to the workbench and back (in code-server, over the
// network to the server): two fewer of those before the first lane.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inlineScript, inlineStyle, timelinePage } from '../../protocol/timelinePage';

/** The timeline's folder: the only one a timeline webview may load from. */
export function timelineRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** Options for a webview that shows the timeline. */
export function timelineWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [timelineRoot(extensionUri)] };
}

/** The built timeline, read once (it changes only with the extension). */
let built: { script: string; style: string } | undefined;

function builtTimeline(extensionUri: vscode.Uri): { script: string; style: string } {
  const root = timelineRoot(extensionUri).fsPath;
  built ??= { script: readFileSync(`${root}/webview.js`, 'utf8'), style: readFileSync(`${root}/webview.css`, 'utf8') };
  return built;
}

export function timelineHtml(extensionUri: vscode.Uri, title: string): string {
  const { script, style } = builtTimeline(extensionUri);
  const nonce = randomBytes(16).toString('base64');
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, "style-src 'unsafe-inline'", 'img-src data:'].join('; ');
  return timelinePage({ csp, title, head: inlineStyle(style), body: inlineScript(script, nonce) });
}
