// The VS Code extension. For now it only announces itself; the timeline panel, debug
// integration and code actions arrive with their issues.
import * as vscode from 'vscode';

declare const ISOSCOPE_VERSION: string;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Isoscope');
  context.subscriptions.push(output);
  output.appendLine(`Isoscope ${ISOSCOPE_VERSION} is active.`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
