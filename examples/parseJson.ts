// Isolate.run reading and parsing a JSON file, off the main thread.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Isolate } from 'isoscope';

const file = join(mkdtempSync(join(tmpdir(), 'isoscope-')), 'orders.json');
writeFileSync(file, JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ id: i, total: (i % 97) * 1.5 }))));

const summary = await Isolate.run(async (path: string) => {
  const { readFile } = await import('node:fs/promises');
  const orders = JSON.parse(await readFile(path, 'utf8')) as { total: number }[];
  return { count: orders.length, revenue: orders.reduce((sum, o) => sum + o.total, 0) };
}, { args: [file], debugName: 'json-parser' });

console.log(`parsed ${summary.count} orders in an isolate; revenue ${summary.revenue.toFixed(2)}`);
