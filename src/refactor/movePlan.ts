// What moving an expression into an isolate takes, from its captures: each import it uses is
// loaded inside the isolate, each local function, class or enum it uses is copied in (and what
// those use in turn, transitively), and each captured value becomes a parameter fed by `args`,
// in the order of first use. Or why it cannot move: the first capture that an isolate cannot
// have, named, with the reason.
import type * as ts from 'typescript';
import type { Capture, CloneVerdict, TS } from './captureTypes';
import { cloneVerdict } from './cloneVerdict';
import { identifierAt, narrowedProperty, valueEscapes } from './valueEscapes';
import { analyzeCaptures } from './captures';
import type { ModuleStyle } from './captureFixes';
import { isolateImports, type ImportedName } from './isolateImports';
import { skipOuter } from './importBindings';

export interface MovePlan {
  /** The isolate function's parameters (and `args`' elements), with a type to write when known. */
  params: { name: string; type?: string }[];
  /** Statements that load the imports inside the isolate. */
  imports: string[];
  /** Whether an import needs `await import()` (the isolate function is then async). */
  awaitsImport: boolean;
  /** Declarations to copy into the isolate function, in source order. */
  helpers: ts.Node[];
}

export type PlanResult = { ok: true; plan: MovePlan } | { ok: false; reason: string };

export interface PlanOptions {
  style: ModuleStyle;
  /** Write the parameters' types (TypeScript with a program's checker). */
  annotate: boolean;
}

/** The plan for moving `expression`, or the reason it cannot move. */
export function planMove(ts: TS, expression: ts.Expression, checker: ts.TypeChecker, options: PlanOptions): PlanResult {
  const plan: MovePlan = { params: [], imports: [], awaitsImport: false, helpers: [] };
  /** What each name is bound to inside the isolate function: its declaration's offset. */
  const bound = new Map<string, number>();
  const queue: { node: ts.Node; owner?: string }[] = [{ node: expression }];
  const imported: ImportedName[] = [];
  let inScope: ts.Symbol[] | undefined;
  for (let item = queue.shift(); item; item = queue.shift()) {
    const { owner } = item;
    for (const capture of analyzeCaptures(ts, item.node, checker, { capturePoint: expression })) {
      const reason = refusal(capture, owner);
      if (reason) return { ok: false, reason };
      const at = capture.declaration!.start;
      const already = bound.get(capture.name);
      if (already === at) continue;
      if (already !== undefined) return { ok: false, reason: `two different variables named \`${capture.name}\` would meet inside the isolate${usedBy(owner)}` };
      bound.set(capture.name, at);
      if (capture.kind === 'import') {
        imported.push({ binding: capture.import!, local: capture.name });
        continue;
      }
      const declaration = declarationOf(ts, checker, item.node, capture);
      const helper = declaration && helperDeclaration(ts, declaration, capture);
      if (helper) {
        if (typeof helper === 'string') return { ok: false, reason: helper };
        plan.helpers.push(helper);
        queue.push({ node: helper, owner: capture.name });
        continue;
      }
      const clone = capture.clone.ok && declaration && valueEscapes(ts, item.node, capture.uses) ? wholeValueVerdict(ts, checker, declaration) : capture.clone;
      if (!clone.ok) return { ok: false, reason: `\`${capture.name}\`${usedBy(owner)} cannot be copied into an isolate: it is ${clone.reason}` };
      // Narrowing from outside reaches the selection's own reads only (not a helper's body).
      const narrowed = options.annotate && !owner ? narrowedProperty(ts, checker, item.node, capture.uses) : undefined;
      if (narrowed) return { ok: false, reason: `\`${narrowed}\` is narrowed by a check before the selection, which the isolate's parameter \`${capture.name}\` would not keep: read it into a variable first` };
      if (owner) {
        // A helper's captured value is passed from the selection's place: it must mean the same there.
        inScope ??= checker.getSymbolsInScope(expression, ts.SymbolFlags.Value);
        const seen = inScope.find((symbol) => symbol.name === capture.name)?.declarations?.[0];
        const seenAt = seen && ((seen as ts.NamedDeclaration).name ?? seen).getStart();
        if (seenAt !== at) return { ok: false, reason: `\`${capture.name}\`, which \`${owner}\` uses, is not the \`${capture.name}\` seen at the selection` };
      }
      plan.params.push({ name: capture.name, ...(options.annotate && declaration ? { type: typeText(ts, checker, expression, capture, declaration, owner) } : {}) });
    }
  }
  plan.helpers.sort((a, b) => a.getStart() - b.getStart());
  const { statements, awaits } = isolateImports(imported, options.style);
  plan.imports = statements;
  plan.awaitsImport = awaits;
  return { ok: true, plan };
}

function usedBy(owner: string | undefined): string {
  return owner ? ` (used by \`${owner}\`)` : '';
}

/** Why a capture stops the move, or undefined when it can be planned. */
function refusal(capture: Capture, owner: string | undefined): string | undefined {
  const name = `\`${capture.name}\`${usedBy(owner)}`;
  switch (capture.kind) {
    case 'arguments':
      return `${name} is the enclosing function’s, which an isolate does not have: pass the values it needs`;
    case 'this':
    case 'super':
    case 'importMeta':
    case 'jsx':
      return `${name}: ${capture.clone.reason}`;
    case 'global':
      return capture.declaration ? `${name} is a global of this program but not of an isolate` : `${name} is not declared here, and an isolate has no global of that name`;
    case 'namespace':
      return `${name} is a namespace, which cannot be copied into an isolate`;
  }
  if (!capture.declaration) return `${name} has no declaration to copy`;
  if (capture.assignedAfter) return `${name} is assigned after this point (line ${capture.assignedAfter.line}): it is shared mutable state, which an isolate would only see a copy of`;
  if (capture.assignedInside) return `${owner ? `\`${owner}\`` : 'the expression'} assigns \`${capture.name}\` (line ${capture.assignedInside.line}): in an isolate that would change its copy only`;
  if (capture.mutatedInside) return `${owner ? `\`${owner}\`` : 'the expression'} changes \`${capture.name}\` (line ${capture.mutatedInside.line}: \`${capture.mutatedInside.text}\`): in an isolate that change would be made to a copy and lost`;
  return undefined;
}

/** The declaration node of a capture (the one the analysis names), found through the symbol
 * its first use resolves to: in this file, or in another script of the program. */
function declarationOf(ts: TS, checker: ts.TypeChecker, root: ts.Node, capture: Capture): ts.Node | undefined {
  const use = identifierAt(ts, root, capture.uses[0]!);
  if (!use) return undefined;
  const symbol = ts.isShorthandPropertyAssignment(use.parent) ? checker.getShorthandAssignmentValueSymbol(use.parent) : checker.getSymbolAtLocation(use);
  const { fileName, start } = capture.declaration!;
  return symbol?.declarations?.find((declaration) => declaration.getSourceFile().fileName === fileName && ((declaration as ts.NamedDeclaration).name ?? declaration).getStart() === start);
}

/** The declaration to copy for a function, class or enum (or a `const` holding a function or
 * class), undefined for a value, or why it cannot be copied. */
function helperDeclaration(ts: TS, declaration: ts.Node, capture: Capture): ts.Node | string | undefined {
  if (capture.kind === 'function' || capture.kind === 'class' || capture.kind === 'enum') {
    if (ts.isFunctionDeclaration(declaration)) return declaration.body ? declaration : `\`${capture.name}\` has overloads, which are not copied into an isolate`;
    if (ts.isClassDeclaration(declaration)) return ts.getDecorators(declaration)?.length ? `\`${capture.name}\` has decorators, which are not copied into an isolate` : declaration;
    if (ts.isEnumDeclaration(declaration)) return declaration;
    return `\`${capture.name}\` cannot be copied into an isolate`;
  }
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer && (declaration.parent.flags & ts.NodeFlags.Const)) {
    const value = skipOuter(ts, declaration.initializer);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isClassExpression(value)) return declaration;
  }
  return undefined;
}

/** The verdict on a value handed on whole, whose receiver may use any of its methods. */
function wholeValueVerdict(ts: TS, checker: ts.TypeChecker, declaration: ts.Node): CloneVerdict {
  const symbol = checker.getSymbolAtLocation((declaration as ts.NamedDeclaration).name ?? declaration);
  return symbol ? cloneVerdict(ts, checker, checker.getTypeOfSymbolAtLocation(symbol, declaration), [], { everyMethod: true }) : { ok: true, reason: 'its type is not known' };
}

/** The type to write for a captured value: its type at its first use in the selection (narrowed
 * as there), or its declared type when only a helper uses it. */
function typeText(ts: TS, checker: ts.TypeChecker, expression: ts.Expression, capture: Capture, declaration: ts.Node, owner: string | undefined): string {
  let type: ts.Type;
  const use = !owner ? identifierAt(ts, expression, capture.uses[0]!) : undefined;
  if (use) type = checker.getTypeAtLocation(use);
  else {
    const symbol = checker.getSymbolAtLocation((declaration as ts.NamedDeclaration).name ?? declaration);
    type = symbol ? checker.getTypeOfSymbolAtLocation(symbol, declaration) : checker.getTypeAtLocation(declaration);
  }
  const text = checker.typeToString(type, expression, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
  return writable(ts, text) ? text : 'any';
}

/** Whether a printed type can be written back as an annotation: the checker prints some types it
 * cannot name (an anonymous class's instances, a truncation) in a form that is not TypeScript. */
function writable(ts: TS, text: string): boolean {
  if (/\(Anonymous (class|function)\)|\.\.\.\s*\d+ more/.test(text)) return false;
  const parsed = ts.transpileModule(`let probe: ${text};`, { reportDiagnostics: true, compilerOptions: { noLib: true, noResolve: true } });
  return (parsed.diagnostics ?? []).length === 0;
}
