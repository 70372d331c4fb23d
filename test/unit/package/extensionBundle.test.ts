// The extension's weight: what loads at every activation (dist/extension.cjs) carries no d3
// and no trace reader (the timeline parses in its webview, Save Trace loads its writer when
// used), and the extension activates on what needs it, never at start-up.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('package: the extension\'s bundle and activation', () => {
  it('dist/extension.cjs holds neither d3 nor the trace reader; the Save Trace writer does', () => {
    const bundle = readFileSync(join(root, 'dist/extension.cjs'), 'utf8');
    assert.doesNotMatch(bundle, /node_modules\/d3/);
    assert.doesNotMatch(bundle, /src\/protocol\/traceReader\.ts/);
    assert.doesNotMatch(bundle, /class TraceReader/);
    const writer = readFileSync(join(root, 'dist/traceWriter.cjs'), 'utf8');
    assert.match(writer, /src\/protocol\/traceReader\.ts/, 'the reader is where Save Trace loads it');
  });

  it('activates for Node debug sessions, its editor and restored panels (and its commands), never at start-up', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents: string[]; contributes: { commands: { command: string }[] } };
    assert.deepEqual([...pkg.activationEvents].sort(), ['onCustomEditor:isoscope.timeline', 'onDebugResolve:node', 'onDebugResolve:node-terminal', 'onDebugResolve:pwa-node', 'onWebviewPanel:isoscope.timelinePanel']);
    assert.equal(pkg.contributes.commands.length, 4, 'commands activate the extension by being contributed');
  });
});
