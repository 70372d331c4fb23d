// The capture check in a real VS Code: Isoscope's TypeScript server plugin, loaded by VS Code's
// own TypeScript extension into its tsserver, warns (source `isoscope`) at each name a function
// handed to an isolate captures, in TypeScript and in CommonJS JavaScript; the extension's quick
// fixes, asked of the plugin, remove a capture as VS Code applies them; a warning comes and goes
// as the user types, and goes when the file closes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isoscope, until, workspaceFolder } from './traced';
import { note } from './notes';

/** The first start of tsserver in a new host, with the plugin: allow for a loaded machine. */
const FIRST_DIAGNOSTICS_MS = 90_000;

const captureWarnings = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'isoscope');

/** Waits until the file's capture warnings satisfy `check`, and returns them. */
async function warningsWhen(uri: vscode.Uri, check: (warnings: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  await until(() => check(captureWarnings(uri)), what, timeoutMs);
  return captureWarnings(uri);
}

/** What a test reads of a warning: where (1-based line:column-column) and what it says. */
const described = (warning: vscode.Diagnostic): string => `${warning.range.start.line + 1}:${warning.range.start.character + 1}-${warning.range.end.character + 1} ${warning.message}`;

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

/** Opens the file as the explorer does (vscode.open): not through workspace.openTextDocument,
 * which keeps the document open for minutes after its editor closes. */
async function open(name: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.file(join(workspaceFolder().uri.fsPath, 'captures', name));
  await vscode.commands.executeCommand('vscode.open', uri);
  await until(() => vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath, `an editor on ${name}`, 10_000);
  return vscode.window.activeTextEditor!;
}

async function revertAndClose(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('the capture check in the editor', function () {
  this.timeout(180_000);

  before(async () => {
    const { api } = await isoscope();
    note('captureCheck activate()', { activationMs: api.activationMs });
  });

  it('warns at each captured name of a TypeScript module, with source isoscope and why; the quick fixes remove them as applied; closing the file clears the rest', async () => {
    const editor = await open('scale.mts');
    const uri = editor.document.uri;
    const opened = Date.now();
    try {
      const warnings = await warningsWhen(uri, (found) => found.length === 3, 'the three capture warnings of scale.mts', FIRST_DIAGNOSTICS_MS);
      note('captureCheck first warnings', { msFromOpen: Date.now() - opened });
      assert.deepEqual(warnings.map(described), [
        '9:28-34 `values` is a parameter of `scaled` (line 8), and the function passed to Isolate.run runs in an isolate, which shares no memory with this thread. Pass it as an argument (`args`).',
        '9:58-64 `factor` is a module-level variable (line 6), and the function passed to Isolate.run runs in an isolate, which shares no memory with this thread. Pass it as an argument (`args`).',
        "9:67-79 `readFileSync` is imported from 'node:fs' (line 4), and the function passed to Isolate.run runs in an isolate, which shares no memory with this thread. Import it inside the isolate: `const { readFileSync } = await import('node:fs');`.",
      ]);
      assert.ok(warnings.every((warning) => warning.severity === vscode.DiagnosticSeverity.Warning));
      // The check ran in tsserver: no compiler was loaded into the extension host for it.
      assert.deepEqual(Object.keys(require.cache).filter((path) => /[\\/]typescript(\.cjs|[\\/]lib[\\/]typescript\.js)$/.test(path)), []);

      const factor = warnings[1]!;
      const fixes = await quickFixes(uri, factor.range);
      assert.deepEqual(fixes.map((fix) => fix.title), ['Pass `factor` as an argument']);
      assert.equal(await vscode.workspace.applyEdit(fixes[0]!.edit!), true);
      assert.equal(
        editor.document.lineAt(8).text,
        "  return Isolate.run((factor) => values.map((value) => value * factor + readFileSync('/dev/null').length), { args: [factor] });",
      );
      const after = await warningsWhen(uri, (found) => found.length === 2, 'the factor warning to go');
      assert.deepEqual(after.map((warning) => warning.message.split(' ')[0]), ['`values`', '`readFileSync`']);

      const readFile = after[1]!;
      const imports = await quickFixes(uri, readFile.range);
      assert.deepEqual(imports.map((fix) => fix.title), ['Import `readFileSync` inside the isolate']);
      assert.equal(await vscode.workspace.applyEdit(imports[0]!.edit!), true);
      assert.match(editor.document.getText(), /return Isolate\.run\(async \(factor\) => \{\n {4}const \{ readFileSync \} = await import\('node:fs'\);\n {4}return values\.map/);
      const last = await warningsWhen(uri, (found) => found.length === 1, 'the readFileSync warning to go');
      assert.match(last[0]!.message, /^`values` is a parameter of `scaled`/);
    } finally {
      await revertAndClose();
    }
    await until(() => !vscode.workspace.textDocuments.some((document) => document.uri.fsPath === uri.fsPath), 'the document to close', 30_000);
    await warningsWhen(uri, (found) => found.length === 0, 'the warnings of the closed file to be cleared');
  });

  it('warns in CommonJS JavaScript on a pool\'s run; Import inside the isolate require()s it there', async () => {
    const editor = await open('digest.cjs');
    const uri = editor.document.uri;
    try {
      const warnings = await warningsWhen(uri, (found) => found.length === 2, 'the two capture warnings of digest.cjs', FIRST_DIAGNOSTICS_MS);
      assert.deepEqual(warnings.map(described), [
        "8:25-35 `createHash` is imported from 'node:crypto' (line 3), and the function passed to a pool’s run runs in an isolate, which shares no memory with this thread. Import it inside the isolate: `const { createHash } = require('node:crypto');`.",
        '8:53-57 `text` is a parameter of `digest` (line 7), and the function passed to a pool’s run runs in an isolate, which shares no memory with this thread. Pass it as an argument (`args`).',
      ]);
      const fixes = await quickFixes(uri, warnings[0]!.range);
      assert.deepEqual(fixes.map((fix) => fix.title), ['Import `createHash` inside the isolate']);
      assert.equal(await vscode.workspace.applyEdit(fixes[0]!.edit!), true);
      assert.deepEqual(editor.document.getText().split('\n').slice(7, 11), [
        '  return pool.run(() => {',
        "    const { createHash } = require('node:crypto');",
        "    return createHash('sha256').update(text).digest('hex');",
        '  });',
      ]);
      const after = await warningsWhen(uri, (found) => found.length === 1, 'the createHash warning to go');
      assert.match(after[0]!.message, /^`text` is a parameter of `digest`/);
    } finally {
      await revertAndClose();
    }
  });

  it('gives a file without captures none, and warns as soon as the user types one', async () => {
    const editor = await open('clean.mts');
    const uri = editor.document.uri;
    try {
      const line = editor.document.lineAt(5);
      assert.match(line.text, /xs\.reduce\(\(total, x\) => total \+ x, 0\)/);
      // Typing a use of `values` (the outer function's parameter) inside the isolate's function…
      const at = new vscode.Position(5, line.text.indexOf(', 0)') + 2);
      assert.equal(await editor.edit((edit) => edit.insert(at, 'values.length + ')), true);
      const warnings = await warningsWhen(uri, (found) => found.length === 1, 'a warning for the typed capture', FIRST_DIAGNOSTICS_MS);
      assert.equal(described(warnings[0]!).split(' ')[0], `6:${at.character + 1}-${at.character + 7}`);
      assert.match(warnings[0]!.message, /^`values` is a parameter of `sum`/);
      // …and taking it away again: none.
      assert.equal(await editor.edit((edit) => edit.delete(new vscode.Range(at, at.translate(0, 'values.length + '.length)))), true);
      assert.equal(editor.document.lineAt(5).text, line.text);
      await warningsWhen(uri, (found) => found.length === 0, 'the warning to go when the capture is deleted');
    } finally {
      await revertAndClose();
    }
  });
});
