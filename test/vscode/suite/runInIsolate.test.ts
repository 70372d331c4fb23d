// "Run in isolate" in a real VS Code: the refactor, offered by Isoscope's TypeScript server
// plugin in VS Code's own tsserver, as a code action of kind refactor.rewrite.isolate on a
// selection, and as the command Isoscope: Run Selection in Isolate with the cursor in a call.
// Each is applied as VS Code applies it, the file saved and run with node: it prints what it
// printed before; one undo restores the file. In a synchronous function only the variant that
// makes it async comes back (enabled). The command says why it refuses a move (shared
// mutable state), and that there is nothing to move where nothing is. (The Refactor… menu's
// disabled entries, which executeCodeActionProvider does not return, are read in the browser:
// ../runInIsolateFlow.test.ts.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isoscope, linkRuntime, sleep, workspaceFolder } from './traced';
import { note } from './notes';

/** The first start of tsserver in a new host, with the plugin: allow for a loaded machine. */
const FIRST_ANSWER_MS = 90_000;

const folder = (): string => join(workspaceFolder().uri.fsPath, 'isolate');

/** What node prints running the file, in its folder (where node_modules/isoscope is this extension). */
const run = (name: string): string => execFileSync('node', [join(folder(), name)], { cwd: folder(), encoding: 'utf8', timeout: 60_000 });

async function open(name: string): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(join(folder(), name)));
  assert.equal(vscode.window.activeTextEditor, editor);
  return editor;
}

/** The editor's selection set to the last occurrence of `text` (or the cursor `at` characters into it). */
function select(editor: vscode.TextEditor, text: string, at?: number): void {
  const start = editor.document.getText().lastIndexOf(text);
  assert.ok(start >= 0, `${text} is in the file`);
  const from = editor.document.positionAt(at === undefined ? start : start + at);
  editor.selection = new vscode.Selection(from, at === undefined ? editor.document.positionAt(start + text.length) : from);
}

/** Asks until an answer satisfies `check` (tsserver starts, and loads the plugin, on first use). */
async function eventually<T>(ask: () => Thenable<T>, check: (answer: T) => boolean, what: string, timeoutMs = FIRST_ANSWER_MS): Promise<T> {
  const started = Date.now();
  for (;;) {
    // Asked while tsserver starts, VS Code may cancel the request: asked again.
    const answer = await Promise.resolve(ask()).catch(() => undefined);
    if (answer !== undefined && check(answer)) return answer;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; the last answer: ${JSON.stringify(answer)}; the plugin's: ${await pluginAnswer()}`);
    await sleep(250);
  }
}

/** What the plugin answers at the active editor's selection, asked directly (to say why no action came). */
async function pluginAnswer(): Promise<string> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return 'no active editor';
  const at = (position: vscode.Position) => ({ line: position.line + 1, offset: position.character + 1 });
  try {
    const response = await vscode.commands.executeCommand('typescript.tsserverRequest', '_isoscope.codeActions', { file: editor.document.uri, start: at(editor.selection.start), end: at(editor.selection.end), kinds: ['refactor.rewrite.isolate'] });
    return JSON.stringify(response).slice(0, 500);
  } catch (error) {
    return `an error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const isolateActions = (editor: vscode.TextEditor): Thenable<vscode.CodeAction[]> =>
  vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection, 'refactor.rewrite.isolate');

async function revertAndClose(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('Run in isolate in the editor', function () {
  this.timeout(240_000);

  before(async () => {
    await isoscope();
    linkRuntime(folder());
  });

  it('offers the refactor on a selected call in an ES module; applied and saved, the program prints the same; one undo restores the file', async () => {
    const before = run('stretch.mjs');
    const original = readFileSync(join(folder(), 'stretch.mjs'), 'utf8');
    const editor = await open('stretch.mjs');
    try {
      select(editor, "stretch('hello', config)");
      const asked = Date.now();
      const actions = await eventually(() => isolateActions(editor), (found) => found.length > 0, 'the refactor to be offered');
      note('runInIsolate first offer', { msFromAsk: Date.now() - asked });
      assert.deepEqual(actions.map((action) => [action.title, action.kind?.value, action.disabled]), [['Run in isolate', 'refactor.rewrite.isolate', undefined]]);
      assert.equal(await vscode.workspace.applyEdit(actions[0]!.edit!), true);
      const text = editor.document.getText();
      assert.match(text, /^import \{ Isolate \} from 'isoscope';$/m);
      assert.match(text, /const digest = await Isolate\.run\(async \(config\) => \{/);
      assert.match(text, /await import\('node:crypto'\)/);
      assert.match(text, /\{ args: \[config\] \}\);\nconsole\.log\(digest\);/);
      assert.equal(await editor.document.save(), true);
      assert.equal(run('stretch.mjs'), before);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), original, 'one undo restores the file');
      assert.equal(await editor.document.save(), true);
    } finally {
      await revertAndClose();
    }
  });

  it('in a synchronous function offers only the move that also makes it async (plain Run in isolate disabled), with its Promise return type', async () => {
    const editor = await open('report.ts');
    try {
      select(editor, 'sumOfSquares(values);', 2);
      const actions = await eventually(() => isolateActions(editor), (found) => found.length > 0, 'the make-async variant to be offered');
      assert.deepEqual(actions.map((action) => [action.title, action.disabled]), [['Run in isolate (make `report` async)', undefined]]);
      assert.equal(await vscode.workspace.applyEdit(actions[0]!.edit!), true);
      const text = editor.document.getText();
      assert.match(text, /^export async function report\(values: number\[\]\): Promise<string> \{\n {2}const total = await Isolate\.run\(\(values: number\[\]\) => \{$/m);
      assert.match(text, /^import \{ Isolate \} from 'isoscope';$/m);
    } finally {
      await revertAndClose();
    }
  });

  it('Isoscope: Run Selection in Isolate moves the call at the cursor in CommonJS; refuses a call passing a variable assigned after it, with the reason; says when nothing is to move', async () => {
    const before = run('words.cjs');
    const original = readFileSync(join(folder(), 'words.cjs'), 'utf8');
    const editor = await open('words.cjs');
    try {
      select(editor, 'hashAll(words);', 3);
      // The first ask waits for tsserver; then the command is asked as the user asks it.
      await eventually(() => isolateActions(editor), (found) => found.length > 0, 'the refactor to be offered at the cursor');
      const outcome = await vscode.commands.executeCommand('isoscope.runInIsolate');
      assert.deepEqual(outcome, { applied: 'Run in isolate' });
      const text = editor.document.getText();
      assert.match(text, /^const \{ Isolate \} = require\('isoscope'\);$/m);
      assert.match(text, /const digests = await Isolate\.run\(/);
      assert.match(text, /^ {4}const \{ createHash \} = require\('node:crypto'\);$/m, 'the import, inside the isolate');
      assert.equal(await editor.document.save(), true);
      assert.equal(run('words.cjs'), before);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), original, 'one undo restores the file');
      assert.equal(await editor.document.save(), true);

      select(editor, 'applyAll(words, shout)');
      const refused = (await vscode.commands.executeCommand('isoscope.runInIsolate')) as { shown: string };
      assert.match(refused.shown, /^Cannot run this in an isolate: `shout` is assigned after this point/);
      assert.deepEqual(await isolateActions(editor), [], 'a disabled action is not among executeCodeActionProvider\'s');

      select(editor, 'main();', 0);
      editor.selection = new vscode.Selection(editor.selection.active.translate(1, 0), editor.selection.active.translate(1, 0));
      assert.deepEqual(await vscode.commands.executeCommand('isoscope.runInIsolate'), { shown: 'Nothing here to run in an isolate: select an expression, or put the cursor in a call of a function this file defines or imports.' });
      assert.equal(editor.document.getText(), original, 'nothing changed');
    } finally {
      await revertAndClose();
    }
  });
});
