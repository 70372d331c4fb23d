// The findings (src/protocol/findings) in VS Code's Problems panel, source `isoscope`: each at
// the source location the rule names (the spawn, the send, the crash's first frame), at its
// original source when a source map says where that is. The timeline computes them (it reads
// every event already, so the extension host parses nothing more) and posts them here; each
// trace shown (a session's panel, a trace file's editor) owns its own, replaced on every post
// and cleared when that trace is closed. A finding without a place in a file of this machine
// is not a Problem (the timeline still lists it). The Isolates view reads them for its badges.
import * as vscode from 'vscode';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../protocol/findings/findingTypes';
import { originalPosition } from '../sourceMaps';

export const PROBLEM_SOURCE = 'isoscope';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class FindingsProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(PROBLEM_SOURCE);
  /** By owner (a session's id, a trace file's URI): its findings, and their diagnostics by file. */
  private readonly owners = new Map<string, { findings: readonly Finding[]; byFile: Map<string, vscode.Diagnostic[]> }>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** An owner's findings changed (its key). */
  readonly onDidChange = this.changed.event;
  /** Each owner's latest post, so a late answer of an older post never overwrites it. */
  private readonly posts = new Map<string, number>();

  /** `owner`'s findings now (they replace what it had). */
  async show(owner: string, findings: readonly Finding[]): Promise<void> {
    const post = (this.posts.get(owner) ?? 0) + 1;
    this.posts.set(owner, post);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const finding of findings) {
      const placed = await place(finding);
      if (!placed) continue;
      const diagnostic = new vscode.Diagnostic(placed.range, finding.message, SEVERITY[finding.severity]);
      diagnostic.source = PROBLEM_SOURCE;
      diagnostic.code = finding.rule;
      let list = byFile.get(placed.uri.toString());
      if (!list) byFile.set(placed.uri.toString(), (list = []));
      list.push(diagnostic);
    }
    if (this.posts.get(owner) !== post) return; // a newer post came meanwhile
    const touched = new Set([...(this.owners.get(owner)?.byFile.keys() ?? []), ...byFile.keys()]);
    this.owners.set(owner, { findings, byFile });
    this.publish(touched);
    this.changed.fire(owner);
  }

  /** The findings `owner` last posted. */
  findingsOf(owner: string): readonly Finding[] {
    return this.owners.get(owner)?.findings ?? [];
  }

  /** `owner`'s trace was closed: its Problems go. */
  clear(owner: string): void {
    const had = this.owners.get(owner);
    this.posts.set(owner, (this.posts.get(owner) ?? 0) + 1);
    if (!had) return;
    this.owners.delete(owner);
    this.publish(new Set(had.byFile.keys()));
    this.changed.fire(owner);
  }

  dispose(): void {
    this.collection.dispose();
    this.changed.dispose();
  }

  /** Sets the diagnostics of `files`: every owner's for each. */
  private publish(files: ReadonlySet<string>): void {
    for (const file of files) {
      const all = [...this.owners.values()].flatMap((entry) => entry.byFile.get(file) ?? []);
      this.collection.set(vscode.Uri.parse(file), all.length > 0 ? all : undefined);
    }
  }
}

/** Where a finding goes in the editor: its location, mapped to the original source. */
async function place(finding: Finding): Promise<{ uri: vscode.Uri; range: vscode.Range } | undefined> {
  const location = finding.location;
  if (!location?.url.startsWith('file:')) return undefined;
  let path = fileURLToPath(location.url);
  let line = Math.max(1, location.line);
  let column = Math.max(1, location.column);
  const original = await originalPosition({ path, line, column });
  if (original) ({ path, line, column } = original);
  const start = new vscode.Position(line - 1, column - 1);
  // Empty: VS Code marks the word there (the call, the name).
  return { uri: vscode.Uri.file(path), range: new vscode.Range(start, start) };
}
