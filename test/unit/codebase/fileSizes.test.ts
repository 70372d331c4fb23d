// One concept per file, small files (STYLE 10): no source file over 300 lines unless it says
// why at its top, in a comment line of its first ten that starts with "Over 300 lines:".
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const LIMIT = 300;
const REASON = /^\s*(\/\/|\*|\/\*)\s*Over 300 lines: \S/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|cts|js|mjs|css)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('the codebase', () => {
  it(`has no file in src/ or webview/src over ${LIMIT} lines without a reason stated at its top`, () => {
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'webview', 'src'))];
    assert.ok(files.length > 50, `found ${files.length} source files: is the root right?`);
    const over = files.flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const count = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
      return count > LIMIT && !lines.slice(0, 10).some((line) => REASON.test(line)) ? [`${relative(root, file)}: ${count} lines`] : [];
    });
    assert.deepEqual(over, [], `split these by concept, or say at the top why not ("// Over 300 lines: …")`);
  });
});
