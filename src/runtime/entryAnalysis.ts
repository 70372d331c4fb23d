// Parses an entry function's source (with acorn) to find the variables it uses from outside
// itself, and to point its import() calls at the module that spawned it. Built as its own
// bundle and loaded on first use, so isolates that never spawn never load a parser.
import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';
import findGlobals from 'acorn-globals';

export interface EntryAnalysis {
  /** The function as an expression that evaluates to it. */
  expression: string;
  /** Names the function uses but does not declare, with the line of their first use. */
  free: { name: string; line: number }[];
  /** Set when the source could not be read as a function; the reason, for the error. */
  unreadable?: string;
}

export const IMPORT_REPLACEMENT = '__isoscope_import';

/** Reads a function's source: the expression to ship, and the names it uses from outside itself. */
export function analyzeEntry(source: string): EntryAnalysis {
  const candidates = [`(${source})`];
  // Method shorthand (`name(a) {}`, `async *name() {}`) is not an expression on its own.
  const method = /^(async\s+)?(\*\s*)?([A-Za-z_$][\w$]*)\s*\(/.exec(source);
  if (method) {
    const rest = source.slice((method[1] ?? '').length + (method[2] ?? '').length);
    candidates.push(`(${method[1] ?? ''}function${method[2] ? '*' : ''} ${rest})`);
  }
  let lastError: unknown;
  for (const expression of candidates) {
    let ast: Node;
    try {
      ast = parse(expression, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: false });
    } catch (error) {
      lastError = error;
      continue;
    }
    const free = (findGlobals(ast) as { name: string; nodes: Node[] }[])
      .map(({ name, nodes }) => ({ name, line: lineOf(expression, nodes[0]?.start ?? 0) }))
      .sort((a, b) => a.line - b.line);
    return { expression: rewriteImports(ast, expression), free };
  }
  return { expression: '', free: [], unreadable: `its source does not parse (${lastError instanceof Error ? lastError.message : String(lastError)})` };
}

function rewriteImports(ast: Node, expression: string): string {
  const starts: number[] = [];
  simple(ast, { ImportExpression: (node: Node) => void starts.push(node.start) });
  let out = expression;
  for (const start of starts.sort((a, b) => b - a)) out = out.slice(0, start) + IMPORT_REPLACEMENT + out.slice(start + 'import'.length);
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
