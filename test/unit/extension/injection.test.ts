// The launch configuration a traced debug session gets: the preload after the user's own
// NODE_OPTIONS (from env, envFile or the environment), the live session's socket and token,
// and everything else the user wrote kept.
import assert from 'node:assert/strict';
import { decide, injectTracing, nodeOptionsInEnvFile, SESSION_KEY, type Injection } from '../../../src/extension/debug/injection';
import { withPreload } from '../../../src/protocol/nodeOptions';

const injection: Injection = {
  preload: '/home/me/.vscode/extensions/isoscope 0.1.0/dist/register.cjs',
  sink: { ISOSCOPE_SINK: '/tmp/isoscope-x/live.sock', ISOSCOPE_SINK_TOKEN: 'secret' },
  heapSampleIntervalMs: 100,
  captureLocations: false,
  sessionKey: 'abc',
};

describe('extension: injecting tracing into a launch configuration', () => {
  it('adds the preload, quoted, after the NODE_OPTIONS of the configuration, and keeps the rest', () => {
    const config = { type: 'pwa-node', request: 'launch', name: 'app', program: '/w/app.js', runtimeArgs: ['--import', 'tsx'], env: { NODE_OPTIONS: '--max-old-space-size=4096', FOO: 'bar' } };
    const out = injectTracing(config, injection);
    assert.equal(out.env!['NODE_OPTIONS'], '--max-old-space-size=4096 --require "/home/me/.vscode/extensions/isoscope 0.1.0/dist/register.cjs"');
    assert.equal(out.env!['FOO'], 'bar');
    assert.equal(out.env!['ISOSCOPE_SINK'], '/tmp/isoscope-x/live.sock');
    assert.equal(out.env!['ISOSCOPE_SINK_TOKEN'], 'secret');
    assert.equal(out.env!['ISOSCOPE_HEAP_INTERVAL_MS'], '100');
    assert.equal(out.env!['ISOSCOPE_CONTROL'], '1', 'started by the extension: the Isolates view may control it');
    assert.equal(out.env!['ISOSCOPE_CAPTURE_LOCATIONS'], undefined);
    assert.deepEqual(out['runtimeArgs'], ['--import', 'tsx']);
    assert.equal(out['program'], '/w/app.js');
    assert.equal(out[SESSION_KEY], 'abc');
    assert.deepEqual(config.env, { NODE_OPTIONS: '--max-old-space-size=4096', FOO: 'bar' }, 'the given configuration is not changed');
  });

  it('takes the NODE_OPTIONS of the envFile, else of the environment, when the configuration has none', () => {
    const fromFile = injectTracing({ type: 'node', request: 'launch' }, { ...injection, envFileNodeOptions: '--trace-warnings', inheritedNodeOptions: '--inherited' });
    assert.match(String(fromFile.env!['NODE_OPTIONS']), /^--trace-warnings --require /);
    const inherited = injectTracing({ type: 'node', request: 'launch' }, { ...injection, inheritedNodeOptions: '--inherited' });
    assert.match(String(inherited.env!['NODE_OPTIONS']), /^--inherited --require /);
    const none = injectTracing({ type: 'node', request: 'launch' }, injection);
    assert.match(String(none.env!['NODE_OPTIONS']), /^--require "/);
  });

  it('a path with quotes and backslashes stays one NODE_OPTIONS value; the preload is added once', () => {
    assert.equal(withPreload(undefined, 'C:\\Users\\a "b"\\register.cjs'), '--require "C:\\\\Users\\\\a \\"b\\"\\\\register.cjs"');
    const once = withPreload('--x', '/p/register.cjs');
    assert.equal(withPreload(once, '/p/register.cjs'), once);
  });

  it('sets the tracer settings', () => {
    const out = injectTracing({ type: 'node', request: 'launch' }, { ...injection, heapSampleIntervalMs: 25, captureLocations: true });
    assert.equal(out.env!['ISOSCOPE_HEAP_INTERVAL_MS'], '25');
    assert.equal(out.env!['ISOSCOPE_CAPTURE_LOCATIONS'], '1');
  });

  it('injects into Node launches only: not attach, not js-debug\'s child sessions, not twice, not other debuggers', () => {
    assert.deepEqual(decide({ type: 'node', request: 'launch' }), { inject: true });
    assert.deepEqual(decide({ type: 'node-terminal', request: 'launch' }), { inject: true });
    assert.deepEqual(decide({ type: 'pwa-node', request: 'attach' }), { inject: false, why: 'attach' });
    assert.deepEqual(decide({ type: 'pwa-node', request: 'attach', __pendingTargetId: 'x' }), { inject: false, why: 'child' });
    assert.deepEqual(decide({ type: 'pwa-node', request: 'launch', [SESSION_KEY]: 'abc' }), { inject: false, why: 'already' });
    assert.deepEqual(decide({ type: 'python', request: 'launch' }), { inject: false, why: 'not-node' });
  });

  it('reads NODE_OPTIONS from an env file as js-debug does (quotes, export, comments; the last wins)', () => {
    assert.equal(nodeOptionsInEnvFile('A=1\nNODE_OPTIONS="--a --b"\n'), '--a --b');
    assert.equal(nodeOptionsInEnvFile("export NODE_OPTIONS='--c'"), '--c');
    assert.equal(nodeOptionsInEnvFile('NODE_OPTIONS=--d # note\nNODE_OPTIONS=--e'), '--e');
    assert.equal(nodeOptionsInEnvFile('# NODE_OPTIONS=--no\nOTHER=1'), undefined);
  });
});
