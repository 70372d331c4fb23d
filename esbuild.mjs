// The one build script: every bundle Isoscope ships, plus the test bundles.
//   node esbuild.mjs            build everything once
//   node esbuild.mjs --watch    rebuild on change
//   node esbuild.mjs --tests    transform test/**/*.ts (and the examples) into out/ (run by mocha)
//   node esbuild.mjs --examples transform examples/*.ts into out/examples (run by npm run demo)
// Type-checking is separate: `npm run typecheck` (tsc --noEmit); the build runs tsc only to
// write the declarations (dist/types).
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { readdirSync, statSync, mkdirSync, writeFileSync, readFileSync, cpSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const shared = {
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { ISOSCOPE_VERSION: JSON.stringify(pkg.version) },
};

const node = { ...shared, platform: 'node', target: 'node20', format: 'cjs' };

/** Bundles that other bundles load at run time instead of bundling a copy: an import of one
 * of these entry files, from any other bundle, is that file in dist/. The tracer core holds
 * each thread's tracing state, so it must exist once (checked after the build); its tools
 * are shared to keep them out of what every isolate parses at start-up. */
const SHARED = new Map([
  [resolve('src/runtime/tracing/core/index.ts'), './tracing.cjs'],
  [resolve('src/runtime/tracing/tools.ts'), './tracingTools.cjs'],
  [resolve('src/runtime/nativeImport.ts'), './nativeImport.cjs'],
]);
/** The folder whose modules only the core's bundle may hold. */
const CORE_DIR = 'src/runtime/tracing/core/';

const sharedBundles = {
  name: 'shared-bundles',
  setup(build) {
    const entries = Object.values(build.initialOptions.entryPoints ?? {}).map((entry) => resolve(entry));
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      const shared = SHARED.get(found.path);
      return shared && !entries.includes(found.path) ? { path: shared, external: true } : undefined;
    });
  },
};

/** Fails the build when a module of the tracer core was bundled anywhere but dist/tracing.cjs
 * (a second copy of its state would record into nothing, silently). */
function checkOneCore(results) {
  for (const { metafile } of results) {
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      if (output === 'dist/tracing.cjs') continue;
      const copied = Object.keys(inputs).filter((input) => input.startsWith(CORE_DIR));
      if (copied.length > 0) throw new Error(`esbuild.mjs: ${output} bundles ${copied.join(', ')}: import the tracer core through src/runtime/tracing/core (its index) instead`);
    }
  }
}

/** Every bundle the package ships. */
const bundles = [
  // The isolate runtime. Every isolate's worker thread loads it too, so its parse time is
  // part of every spawn: whitespace and syntax are minified (names stay, for readable stacks;
  // the source map has the rest).
  { ...node, entryPoints: { index: 'src/runtime/index.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, minifyWhitespace: true, minifySyntax: true, plugins: [sharedBundles] },
  // What an isolate's worker thread starts from: it loads the runtime and the tracer core
  // from V8's code cache (src/runtime/worker/threadEntry.ts).
  { ...node, entryPoints: { isolateThread: 'src/runtime/worker/threadEntry.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, minifyWhitespace: true, minifySyntax: true },
  // import() compiled by Node's own loader, for the runtime (src/runtime/nativeImport.ts).
  { ...node, entryPoints: { nativeImport: 'src/runtime/nativeImport.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
  // The tracer core: each thread's recorder and what shares its state (see SHARED).
  { ...node, entryPoints: { tracing: 'src/runtime/tracing/core/index.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, minifyWhitespace: true, minifySyntax: true, plugins: [sharedBundles] },
  // Its tools: collector, sinks, live reader, trace reader and summary.
  { ...node, entryPoints: { tracingTools: 'src/runtime/tracing/tools.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, plugins: [sharedBundles] },
  // `node --require isoscope/register`: the preload for programs that never import isoscope,
  // with its worker_threads wrappers (a worker loads this and the core, not the tools).
  { ...node, entryPoints: { register: 'src/runtime/register.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, plugins: [sharedBundles] },
  // The isoscope command line.
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, banner: { js: '#!/usr/bin/env node' } },
  // `isoscope lint`: the capture check (src/refactor), loaded by that command only; the
  // TypeScript compiler is the linted project's, or this copy of it (see src/cli/loadTypeScript.ts).
  { ...node, entryPoints: { lint: 'src/cli/lint.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
  { ...node, entryPoints: { typescript: 'src/cli/typescriptCopy.cjs' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, minify: true, sourcemap: false },
  // The TypeScript server plugin: the capture check inside tsserver, on tsserver's own compiler
  // (never bundled: it comes as the plugin's parameter). tsserver loads it through the package
  // packages/isoscope-tsserver-plugin, which the .vsix carries in its node_modules.
  { ...node, entryPoints: { tsserverPlugin: 'src/tsserver/plugin.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, external: ['typescript'] },
  // The entry-function analyser (acorn), loaded lazily so isolates start without it.
  { ...node, entryPoints: { entryAnalysis: 'src/runtime/entryAnalysis.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
  // The VS Code extension: vscode is provided by the extension host.
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' }, external: ['vscode'] },
  // Its Save Trace writer, loaded when the user saves: it holds the trace parser, which the
  // extension's own bundle (loaded at every activation) does not.
  { ...node, entryPoints: { traceWriter: 'src/extension/save/writeSessionTrace.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
  // The Isolates view's session model, loaded when the view first shows: the trace reader again.
  { ...node, entryPoints: { sessionModel: 'src/extension/isolates/sessionModel.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } },
  // The timeline (browser): dist/webview/webview.js and webview.css, inlined into reports and
  // loaded by the extension's webview panel. No source map: a report is one file. Its
  // unpacking worker is built first and carried inside as text (UNPACK_WORKER_SOURCE).
  { ...shared, sourcemap: false, platform: 'browser', target: 'chrome114', format: 'iife', entryPoints: { webview: 'webview/src/main.ts' }, outdir: 'dist/webview', minify: true, define: { ...shared.define, UNPACK_WORKER_SOURCE: JSON.stringify(await buildUnpackWorker()) } },
];

/** The timeline's unpacking worker, as one script's text. */
async function buildUnpackWorker() {
  const result = await esbuild.build({ bundle: true, write: false, platform: 'browser', target: 'chrome114', format: 'iife', minify: true, entryPoints: ['webview/src/unpackWorker.ts'], logLevel: 'warning' });
  return result.outputFiles[0].text;
}

/** The runtime's ES module face re-exports the CommonJS build, so a program that mixes
 * `import` and `require` still has one runtime (one Isolate.current, one set of ports). */
function writeEsmWrapper() {
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/index.mjs', "export * from './index.cjs';\n");
}

/** The runtime's declarations for TypeScript users (dist/types, see tsconfig.types.json):
 * esbuild writes none, so tsc does. They are CommonJS declarations, as dist/index.cjs is
 * CommonJS, so their extensionless imports resolve under `nodenext`; their ES module face
 * re-exports them as dist/index.mjs re-exports the CommonJS build: named exports, no default. */
async function emitDeclarations() {
  rmSync('dist/types', { recursive: true, force: true });
  const tsc = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
  const code = await new Promise((resolve) => tsc.on('close', resolve));
  if (code !== 0) throw new Error(`tsc -p tsconfig.types.json failed (exit code ${code}): dist/types is incomplete`);
  writeFileSync('dist/types/package.json', '{ "type": "commonjs" }\n');
  writeFileSync('dist/types/index.d.mts', "export * from './runtime/index.js';\n");
}

/** The TypeScript sources below `dir` (tests, their helpers, examples). */
function findSources(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findSources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** Tests are transformed file by file, not bundled: a bundler rewrites the source of the
 * functions they send to isolates. They import 'isoscope' and get the built package (Node's
 * package self-reference), so they exercise exactly what ships. */
const testBuild = {
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'inline',
  outdir: 'out',
  outbase: '.',
  logLevel: 'warning',
  // require() inside a function sent to an isolate is meant: it runs there.
  logOverride: { 'unsupported-require-call': 'silent' },
};

if (args.has('--examples')) {
  await esbuild.build({ ...testBuild, entryPoints: findSources('examples') });
} else if (args.has('--tests')) {
  // The golden-log tests trace the examples, so they are built too.
  const isBundled = (path) => ['webview', 'protocol', 'extension', 'refactor', 'internals'].some((dir) => path.startsWith(join('test', 'unit', dir)));
  // Fixtures are read as source by the tests, never built.
  const testSources = findSources('test').filter((path) => !path.startsWith(join('test', 'fixtures')));
  const inHost = join('test', 'vscode', 'suite');
  await esbuild.build({ ...testBuild, entryPoints: [...testSources.filter((path) => !isBundled(path) && !path.startsWith(inHost)), ...findSources('examples')] });
  // The suite that runs inside VS Code's extension host, which require()s it: CommonJS, its
  // entry and each test file one bundle, vscode and mocha left to the host (out/test/vscode/suite).
  await esbuild.build({ ...testBuild, format: 'cjs', bundle: true, packages: 'external', entryPoints: findSources(inHost).filter((path) => /(index|\.test)\.ts$/.test(path)) });
  writeFileSync('out/test/vscode/suite/package.json', '{ "type": "commonjs" }\n');
  // The timeline's, the protocol's, the refactor core's and the runtime's internals' tests import their TypeScript
  // modules (extensionless, as the webview bundle does), so they are bundled; a function they
  // send to an isolate is written as source text. 'isoscope' stays the built package (the
  // tsconfig's path to its source would otherwise bundle a second runtime).
  await esbuild.build({ ...testBuild, bundle: true, packages: 'external', external: ['isoscope'], entryPoints: testSources.filter(isBundled) });
  // Fixtures are loaded at run time relative to the bundled tests, as they are from test/.
  cpSync('test/fixtures', 'out/test/fixtures', { recursive: true });
} else if (watch) {
  writeEsmWrapper();
  for (const options of bundles) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching', bundles.length, 'bundles');
} else {
  // From nothing, so that no bundle of an earlier layout lingers (and ships in a package).
  rmSync('dist', { recursive: true, force: true });
  writeEsmWrapper();
  const [built] = await Promise.all([Promise.all(bundles.map((options) => esbuild.build({ ...options, metafile: true }))), emitDeclarations()]);
  checkOneCore(built);
  console.log(`esbuild: built ${bundles.length} bundles into ${relative('.', 'dist')}/, declarations into dist/types/`);
}
