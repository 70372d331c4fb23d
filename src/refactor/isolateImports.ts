// The statements that load a moved expression's imports inside the isolate: one per module and
// loader, its bindings picked together (`const { mean, spread } = await import('./stats.mjs')`),
// a namespace or a whole required module on its own. Each binding is written as the capture
// check's quick fix writes it (captureFixes.importStatement).
import type { ImportBinding } from './captureTypes';
import { importStatement, type ModuleStyle } from './captureFixes';

export interface ImportedName {
  binding: ImportBinding;
  local: string;
}

/** The statements for `names`, in order of first use, and whether any awaits. */
export function isolateImports(names: readonly ImportedName[], style: ModuleStyle): { statements: string[]; awaits: boolean } {
  const statements: string[] = [];
  const grouped = new Map<string, { index: number; picks: string[]; tail: string }>();
  let awaits = false;
  for (const { binding, local } of names) {
    const { text, awaits: awaited } = importStatement(binding, local, style);
    awaits ||= awaited;
    const picked = /^const \{ (.*) \} = (.*)$/.exec(text);
    if (!picked) {
      statements.push(text);
      continue;
    }
    const [, pick, tail] = picked;
    const group = grouped.get(tail!);
    if (group) group.picks.push(pick!);
    else {
      grouped.set(tail!, { index: statements.length, picks: [pick!], tail: tail! });
      statements.push(text);
    }
  }
  for (const { index, picks, tail } of grouped.values()) statements[index] = `const { ${picks.join(', ')} } = ${tail}`;
  return { statements, awaits };
}
