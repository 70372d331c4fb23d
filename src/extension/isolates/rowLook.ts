// What a row of the Isolates view shows, as plain data (no vscode import: unit tests draw it
// as the view does). A row shows what matters at a glance and changes seldom: its name, its
// state (icon and words), what its menus offer. Its figures (heap, messages) change all the
// time, and a row drawn again closes its open context menu and can lose a click on its inline
// Kill: they are in its tooltip (rowTooltip), read when it is hovered. (The findings that name
// it are a decoration, which changes without drawing the row again: findingBadges.ts.)
import { ENDED_STATES, type IsolateRow } from '../../protocol/isolateTable';
import type { Finding } from '../../protocol/findings/findingTypes';
import { formatBytes } from '../../protocol/byteSize';

export const WORKER_CANNOT_PAUSE = 'Pause and Resume are not available for a plain worker_threads Worker (only for isolates of the Isolate API); Kill terminates it.';

/** Each state's codicon and its theme colour. */
const STATE_ICONS: Record<IsolateRow['state'], [string, string?]> = {
  starting: ['loading~spin'],
  running: ['debug-start', 'debugIcon.startForeground'],
  paused: ['debug-pause', 'debugIcon.pauseForeground'],
  returned: ['pass', 'testing.iconPassed'],
  exited: ['circle-slash'],
  killed: ['close', 'errorForeground'],
  crashed: ['error', 'errorForeground'],
};

export interface RowLook {
  label: string;
  description: string;
  icon: string;
  iconColor: string | undefined;
  /** What the context menus read (viewItem). */
  contextValue: string;
  /** It has children (drawn expanded). */
  parent: boolean;
}

/** Where a row is shown: what its look depends on besides the row. */
export interface RowPlace {
  /** The view shows several processes (each main says its pid). */
  several: boolean;
  /** The isolates belong to a live session (they can be controlled). */
  live: boolean;
  /** It has children. */
  parent: boolean;
}

export function rowLabel(row: IsolateRow, several: boolean): string {
  return row.id === 0 ? (several ? `main (process ${row.pid})` : 'main') : `${row.debugName} #${row.id}`;
}

/** What the row shows: no figure, so that it is drawn again only when this changes. */
export function rowLook(row: IsolateRow, place: RowPlace): RowLook {
  // Killed as it waited for work (a pool shutting down): an ordinary end, no error colour.
  const idleKill = row.state === 'killed' && row.killedIdle === true;
  const [icon, iconColor] = idleKill ? ['close'] : STATE_ICONS[row.state];
  return {
    label: rowLabel(row, place.several),
    description: idleKill ? 'killed idle' : row.state,
    icon,
    iconColor,
    contextValue: contextOf(row, place.live),
    parent: place.parent,
  };
}

/** The row's tooltip, with its figures as they are `at` (a live session's: they move on) and
 * the findings that name it. Names and errors come from the trace (a file may come from
 * anywhere): text, never markdown. */
export function rowTooltip(row: IsolateRow, several: boolean, findings: readonly Finding[], at: Date | undefined): string {
  const label = rowLabel(row, several);
  const heap = row.heapUsed === undefined ? 'not sampled yet' : formatBytes(row.heapUsed);
  return [
    `${label} (${row.kind === 'main' ? 'the main thread' : row.kind === 'worker' ? 'a worker_threads Worker' : `Isolate API, ${row.kind}`})`,
    `${row.state}${row.state === 'killed' && row.killedIdle ? ' while it waited for work (a pool shutting down)' : ''}${row.error ? `: ${row.error}` : ''}${row.state === 'paused' ? ` (by ${row.pausedBy === 'editor' ? 'the editor: Resume lifts it' : 'the program: the editor cannot resume it'})` : ''}`,
    `heap used ${heap}`,
    `messages received ${row.received}, sent ${row.sent}`,
    ...(at ? [`(as of ${at.toLocaleTimeString()}: the timeline draws them live)`] : []),
    ...(row.kind === 'worker' ? ['', WORKER_CANNOT_PAUSE] : []),
    ...findings.flatMap((finding) => ['', `${finding.severity} ${finding.rule}: ${finding.message}`]),
  ].join('\n');
}

/** What the context menus read (viewItem): whether it can be killed, paused, resumed (only
 * in a live session). */
function contextOf(row: IsolateRow, live: boolean): string {
  const words = ['isolate', row.kind === 'worker' ? 'worker' : row.kind === 'main' ? 'main' : 'api'];
  if (live && !ENDED_STATES.has(row.state) && row.id !== 0) {
    words.push('alive');
    // Resume lifts the editor's own pause only: offered where the editor paused it.
    if (row.kind !== 'worker') words.push(row.state !== 'paused' ? 'pausable' : row.pausedBy === 'editor' ? 'paused' : 'heldByProgram');
  }
  if (row.location) words.push('located');
  return words.join(' ');
}
