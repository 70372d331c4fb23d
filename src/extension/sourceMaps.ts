// Where a place in built JavaScript came from: its source map (an inline data: URL or a file
// next to it, named by the last `//# sourceMappingURL=`), read with @jridgewell/trace-mapping.
// A TypeScript program compiled by tsc runs as .js with .js.map beside it; its timeline's
// source links should open the .ts line. (Programs run through tsx or another loader are
// mapped by the runtime itself when it records the location.)
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

export interface FilePosition {
  /** An absolute path. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** The original position of `position` when its file has a source map that covers it, else undefined. */
export async function originalPosition(position: FilePosition): Promise<FilePosition | undefined> {
  if (!/\.[cm]?js$/i.test(position.path)) return undefined;
  let code: string;
  try {
    code = await readFile(position.path, 'utf8');
  } catch {
    return undefined;
  }
  const map = await readSourceMap(position.path, code);
  if (!map) return undefined;
  const found = originalPositionFor(map, { line: position.line, column: Math.max(0, position.column - 1) });
  if (found.source === null || found.line === null) return undefined;
  const path = found.source.startsWith('file:') ? fileURLToPath(found.source) : resolve(dirname(position.path), found.source);
  return { path, line: found.line, column: (found.column ?? 0) + 1 };
}

async function readSourceMap(path: string, code: string): Promise<TraceMap | undefined> {
  const matches = [...code.matchAll(/\/\/[#@] sourceMappingURL=(\S+)\s*$/gm)];
  const url = matches.at(-1)?.[1];
  if (!url) return undefined;
  try {
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const body = url.slice(comma + 1);
      const text = url.slice(0, comma).endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
      return new TraceMap(text, pathToFileURL(path).href);
    }
    const mapPath = resolve(dirname(path), decodeURIComponent(url));
    return new TraceMap(await readFile(mapPath, 'utf8'), pathToFileURL(mapPath).href);
  } catch {
    return undefined;
  }
}
