// The Isolates view's mark on an isolate a finding names: a file decoration, as the Explorer
// marks a file with problems (the count as a badge, the label in the colour of the worst).
// A decoration changes in the row as drawn: findings come at any time (a mostly-waiting
// isolate's after a while), and a row drawn again would close its open context menu and could
// lose a click on its inline Kill. Each row's resourceUri names it (rowUri).
import * as vscode from 'vscode';
import type { Finding } from '../../protocol/findings/findingTypes';

const SCHEME = 'isoscope-isolate';

/** The row's resource: what the view shows (a session or a file), the process, the isolate. */
export function rowUri(owner: string, pid: number, id: number): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${pid}/${id}`, query: owner });
}

export class FindingBadges implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly registration: vscode.Disposable;
  /** The badge and colour each row was given (by its resource), to tell VS Code only of changes. */
  private given = new Map<string, string>();

  /** `findingsOf`: the findings that name the isolate of a row's resource, if it is shown. */
  constructor(private readonly findingsOf: (owner: string, pid: number, id: number) => readonly Finding[]) {
    this.registration = vscode.window.registerFileDecorationProvider(this);
  }

  /** The findings of the rows shown (these) may have changed. Only the rows whose badge changes
   * are named to VS Code: a decoration given again sets the row's label again, which cancels a
   * tooltip about to show (and findings are worked out again every 2 s). */
  update(uris: vscode.Uri[]): void {
    const before = this.given;
    this.given = new Map();
    const changed = uris.filter((uri) => {
      const key = uri.toString();
      const was = before.get(key);
      const now = this.badgeOf(uri);
      this.given.set(key, now?.join(' ') ?? '');
      return was !== undefined && was !== (now?.join(' ') ?? '');
    });
    if (changed.length > 0) this.changed.fire(changed);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== SCHEME) return undefined;
    const badge = this.badgeOf(uri);
    this.given.set(uri.toString(), badge?.join(' ') ?? '');
    if (!badge) return undefined;
    const [count, color, tooltip] = badge;
    return new vscode.FileDecoration(count, tooltip, color ? new vscode.ThemeColor(color) : undefined);
  }

  /** The row's badge (its count), colour (its worst finding's) and tooltip, if findings name it. */
  private badgeOf(uri: vscode.Uri): [string, string | undefined, string] | undefined {
    const [pid, id] = uri.path.split('/').slice(1).map(Number);
    const findings = this.findingsOf(uri.query, pid!, id!);
    if (findings.length === 0) return undefined;
    const worst = findings.some((f) => f.severity === 'error') ? 'list.errorForeground' : findings.some((f) => f.severity === 'warning') ? 'list.warningForeground' : undefined;
    return [findings.length > 9 ? '9+' : String(findings.length), worst, findings.length === 1 ? '1 finding' : `${findings.length} findings`];
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
