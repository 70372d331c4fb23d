// The workbench driver itself (workbench.ts), on code-server with the extension loaded: the
// user flows to come rely on it to open files, run palette commands by their exact title
// and read webviews. A failure leaves a screenshot in test-artifacts/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './codeServer.js';
import { findInWebviews, openFile, openWorkbench, runCommand, type Workbench } from './workbench.js';

describe('the VS Code workbench, driven in Chromium', function () {
  this.timeout(120_000);
  let workspace: string;
  let workbench: Workbench | undefined;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'isoscope-vscode-workbench-'));
    writeFileSync(join(workspace, 'note.md'), '# A heading for the preview\n\nSome *text* for the webview.\n');
    workbench = await openWorkbench({ workspace, extensionPath: root });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.close({ screenshot: 'vscode-workbench-failure' });
  });

  after(async () => {
    await workbench?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it("opens a file, runs a command by its exact title, and reads the webview it opens (the Markdown preview's)", async () => {
    await openFile(workbench!.page, 'note.md');
    await runCommand(workbench!.page, 'Markdown: Open Preview to the Side');
    await findInWebviews(workbench!.page, 'A heading for the preview');
  });
});
