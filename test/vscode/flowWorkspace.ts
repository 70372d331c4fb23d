// The workspace the user flows open: test/vscode/userFlows (its launch.json and programs),
// the fixtures named, node_modules (tsx for the TypeScript launch, as a workspace has it
// installed), and recorded.isotrace, recorded from tracedWorkers.cjs by isoscope record.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './codeServer.js';

/** A new workspace folder (the caller removes it), with `fixtures` from test/vscode/fixtures. */
export function makeFlowWorkspace(prefix: string, fixtures: string[]): string {
  const workspace = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(root, 'test/vscode/userFlows'), workspace, { recursive: true });
  for (const name of new Set([...fixtures, 'tracedWorkers.cjs'])) cpSync(join(root, 'test/vscode/fixtures', name), join(workspace, name));
  symlinkSync(join(root, 'node_modules'), join(workspace, 'node_modules'));
  const recorded = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'record', '-o', 'recorded.isotrace', '--', process.execPath, 'tracedWorkers.cjs'], { cwd: workspace, encoding: 'utf8' });
  assert.equal(recorded.status, 0, recorded.stderr);
  return workspace;
}
