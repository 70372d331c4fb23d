// src/runtime's modules must form no import cycle. In a cycle one module runs before the
// module it imports has finished loading, so which of them sees an undefined export depends
// on which the program happened to load first; and a cycle is usually two concepts that
// should have been one, or one that should have been two. The graph is read from the
// sources by esbuild, as the build reads them: static imports and require() calls alike,
// type-only imports left out (they are gone once compiled).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const RUNTIME = 'src/runtime/';
/** Every entry of the runtime's bundles (esbuild.mjs): together they reach all of it. */
const ENTRIES = ['src/runtime/index.ts', 'src/runtime/register.ts', 'src/runtime/tracing/core/index.ts', 'src/runtime/tracing/tools.ts'];

type Graph = Map<string, string[]>;

/** Who imports whom among src/runtime's files (paths relative to src/runtime). */
async function runtimeImportGraph(): Promise<Graph> {
  const { metafile } = await esbuild.build({
    absWorkingDir: root, entryPoints: ENTRIES, bundle: true, write: false, metafile: true,
    platform: 'node', format: 'cjs', packages: 'external', outdir: 'out/importGraph', logLevel: 'silent',
  });
  const graph: Graph = new Map();
  for (const [file, { imports }] of Object.entries(metafile.inputs)) {
    if (!file.startsWith(RUNTIME)) continue;
    const targets = imports.filter((i) => i.path.startsWith(RUNTIME)).map((i) => i.path.slice(RUNTIME.length));
    graph.set(file.slice(RUNTIME.length), [...new Set(targets)]);
  }
  return graph;
}

/** Every elementary cycle of `graph`, each once, starting at its smallest node:
 * `a.ts → b.ts → a.ts`. */
export function findCycles(graph: Graph, limit = 100): string[] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flat()])].sort();
  const order = new Map(nodes.map((node, i) => [node, i]));
  const cycles: string[] = [];
  for (const start of nodes) {
    // Only nodes after `start` may follow it, so each cycle is found from its smallest node.
    const path = [start];
    const onPath = new Set(path);
    const walk = (node: string): void => {
      for (const next of graph.get(node) ?? []) {
        if (cycles.length >= limit) return;
        if (next === start) cycles.push([...path, start].join(' → '));
        else if (order.get(next)! > order.get(start)! && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}

describe('src/runtime module graph', () => {
  it('finds the cycles of a small graph (so the check below can fail)', () => {
    const graph: Graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts', 'c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['d.ts']], ['e.ts', ['a.ts']]]);
    assert.deepEqual(findCycles(graph), ['a.ts → b.ts → a.ts', 'a.ts → b.ts → c.ts → a.ts', 'd.ts → d.ts']);
  });

  it('has no import cycle', async function () {
    this.timeout(30_000);
    const graph = await runtimeImportGraph();
    // The graph really is the runtime's: a wrong path would find nothing and pass.
    assert.ok(graph.has('index.ts') && graph.has('tracing/core/index.ts') && graph.size > 30, `read ${graph.size} files of src/runtime`);
    const cycles = findCycles(graph);
    if (cycles.length > 0) assert.fail(`src/runtime has ${cycles.length} import cycle(s):\n  ${cycles.join('\n  ')}`);
  });
});
