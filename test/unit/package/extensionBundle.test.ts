// The extension's weight: what loads at every activation (dist/extension.cjs) carries no d3,
// no trace reader (the timeline parses in its webview, Save Trace loads its writer when used)
// and no capture check (it runs inside tsserver, in dist/tsserverPlugin.cjs, on tsserver's own
// compiler), and the extension activates on what needs it, never at start-up.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('package: the extension\'s bundle and activation', () => {
  it('dist/extension.cjs holds neither d3 nor the trace reader; the Save Trace writer and the Isolates view\'s model do', () => {
    const bundle = readFileSync(join(root, 'dist/extension.cjs'), 'utf8');
    assert.doesNotMatch(bundle, /node_modules\/d3/);
    assert.doesNotMatch(bundle, /src\/protocol\/traceReader\.ts/);
    assert.doesNotMatch(bundle, /class TraceReader/);
    const writer = readFileSync(join(root, 'dist/traceWriter.cjs'), 'utf8');
    assert.match(writer, /src\/protocol\/traceReader\.ts/, 'the reader is where Save Trace loads it');
    const model = readFileSync(join(root, 'dist/sessionModel.cjs'), 'utf8');
    assert.match(model, /src\/protocol\/traceReader\.ts/, 'and where the Isolates view loads it');
  });

  it('dist/extension.cjs holds no capture check and no compiler; the tsserver plugin holds the check and loads no compiler of its own', () => {
    const bundle = readFileSync(join(root, 'dist/extension.cjs'), 'utf8');
    assert.doesNotMatch(bundle, /src\/refactor\//);
    assert.doesNotMatch(bundle, /require\("typescript"\)|node_modules\/typescript\//);
    const plugin = readFileSync(join(root, 'dist/tsserverPlugin.cjs'), 'utf8');
    assert.match(plugin, /src\/refactor\/captureCheck\.ts/);
    assert.match(plugin, /src\/refactor\/runInIsolate\.ts/, 'and Run in isolate');
    assert.doesNotMatch(plugin, /require\("typescript"\)|node_modules\/typescript\//, 'tsserver hands the plugin its TypeScript');
  });

  it('activates for Node debug sessions, its editor and restored panels (and its commands), and for JS/TS files (the capture check\'s quick fixes, Run in isolate), never at start-up', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents: string[]; contributes: { commands: { command: string }[] } };
    assert.deepEqual([...pkg.activationEvents].sort(), [
      'onCustomEditor:isoscope.timeline', 'onDebugResolve:node', 'onDebugResolve:node-terminal', 'onDebugResolve:pwa-node',
      'onLanguage:javascript', 'onLanguage:javascriptreact', 'onLanguage:typescript', 'onLanguage:typescriptreact',
      'onWebviewPanel:isoscope.timelinePanel',
    ]);
    assert.equal(pkg.contributes.commands.length, 10, 'commands activate the extension by being contributed');
  });
});
