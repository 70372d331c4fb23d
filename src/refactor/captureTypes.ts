// The capture analysis's results: plain data (offsets into the source file, no compiler nodes),
// so the editor, `isoscope lint --json` and the refactor can all keep and print them.
import type * as ts from 'typescript';

/** The TypeScript module the core runs on: tsserver's own inside a server plugin, the linted
 * project's (or the bundled copy) in the CLI. Passed in, never imported, so each uses its own. */
export type TS = typeof ts;

/** A stretch of a source file, as offsets (start inclusive, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** What a captured name is, where it is declared. */
export type CaptureKind =
  | 'local' // a variable of an outer function (or block)
  | 'parameter' // a parameter of an outer function
  | 'module' // a variable at the module's top level
  | 'import' // an import binding (import or require)
  | 'function' // a function declaration (or a named function expression's own name)
  | 'class'
  | 'enum'
  | 'namespace'
  | 'global' // a global of this program (or no declaration at all) that an isolate does not have
  | 'this'
  | 'arguments'
  | 'super'
  | 'importMeta' // import.meta: an entry function runs as a script, where it is a syntax error
  | 'jsx'; // JSX compiles to calls of a factory the module imports

/** How the module of an import binding is loaded, and which of its exports the binding is. */
export interface ImportBinding {
  specifier: string;
  style: 'named' | 'default' | 'namespace' | 'require';
  /** The export (named) or the property of the required module (`const { a } = require(…)`);
   * absent for a default, a namespace or a whole required module. */
  imported?: string;
}

/** Whether a structured clone can carry the value, judged by its type, and why. */
export interface CloneVerdict {
  ok: boolean;
  reason: string;
}

/** One name an isolate function uses but cannot have. */
export interface Capture {
  /** The name as written (`this`, `arguments`, `super`, `import.meta`, `JSX` for those). */
  name: string;
  kind: CaptureKind;
  /** Every use inside the function, in source order. */
  uses: Span[];
  /** Where it is declared (the declaration's name), when it has a declaration. */
  declaration?: Span & { fileName: string; line: number };
  /** The outer function a local or parameter belongs to, when it has a name. */
  owner?: string;
  /** For an import binding: its module and style. */
  import?: ImportBinding;
  /** The name is also a global inside an isolate, which the isolate would use instead. */
  shadowsGlobal?: boolean;
  /** A write to the variable after the point of the call (or in a loop around it): the isolate
   * would see only the value at the call. */
  assignedAfter?: Span & { line: number };
  /** A write to the variable inside the function: it would change the isolate's copy only. */
  assignedInside?: Span & { line: number };
  /** A change the function makes to the value in place (`log.push(x)`, `stats.calls++`), with
   * the expression's text: made to the isolate's copy, it would be lost. */
  mutatedInside?: Span & { line: number; text: string };
  clone: CloneVerdict;
}
