// The page a timeline webview loads: the built timeline (dist/webview/) under a strict
// content security policy. Scripts run only with this page's nonce; styles, fonts and
// images come only from the timeline's folder (d3 sets element styles from script, which
// the policy allows).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { timelinePage } from '../../protocol/timelinePage';

/** The timeline's folder: the only one a timeline webview may load from. */
export function timelineRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** Options for a webview that shows the timeline. */
export function timelineWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [timelineRoot(extensionUri)] };
}

export function timelineHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const root = timelineRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.css'));
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return timelinePage({
    csp,
    title,
    head: `<link rel="stylesheet" href="${style.toString()}">`,
    body: `<script nonce="${nonce}" src="${script.toString()}"></script>`,
  });
}

