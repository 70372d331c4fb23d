import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function runFixture(name: string): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = Date.now();
  const file = fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { timeout: 10_000 }, (error, stdout) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, ms: Date.now() - started });
    });
  });
}

describe('liveness', () => {
  it('an open ReceivePort keeps the program alive until it closes', async () => {
    const { code, stdout } = await runFixture('openPort.mjs');
    assert.equal(code, 0);
    assert.match(stdout, /closed after (\d+)ms/);
    assert.ok(Number(/closed after (\d+)ms/.exec(stdout)![1]) >= 290);
  });

  it('a program with no open ports and no live isolates exits by itself', async () => {
    const { code, stdout, ms } = await runFixture('noPorts.mjs');
    assert.equal(code, 0);
    assert.equal(stdout, 'hi\n42\n');
    assert.ok(ms < 5000, `took ${ms} ms to exit`);
  });
});
