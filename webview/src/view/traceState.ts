// What the timeline says in place of the lanes (no trace yet, waiting for a live session's
// first events, a trace that cannot be read, a big one being read) or above them (the
// problems the reader found in a trace that is shown).
import { formatProblem } from '../../../src/protocol/traceReader';
import type { TraceModel } from '../model/traceModel';
import type { AppDom } from './appDom';
import { clear, el } from './dom';

type StateDom = Pick<AppDom, 'state' | 'problems' | 'axisRow'>;

/** While a big trace is being unpacked and read. */
export function showLoading(dom: StateDom, message: string): void {
  showMessage(dom, 'state loading-state', message, 'Large traces take a few seconds.');
}

/** When there is no trace to read at all. */
export function showFailure(dom: StateDom, message: string): void {
  showMessage(dom, 'state error-state', 'This trace cannot be read', message);
}

function showMessage(dom: StateDom, className: string, title: string, detail: string): void {
  clear(dom.state);
  dom.state.className = className;
  dom.state.hidden = false;
  dom.axisRow.hidden = true;
  dom.state.append(el('h2', {}, title), el('p', { class: 'muted' }, detail));
}

/** What `model` (the trace `name`, live or not) calls for: how to record one, why it cannot be read, or its problems. */
export function showTraceState(dom: StateDom, model: TraceModel, name: string, live: boolean, hint?: string): void {
  const errors = model.problems.filter((p) => p.severity === 'error');
  clear(dom.state);
  clear(dom.problems);
  dom.state.hidden = true;
  dom.problems.hidden = true;
  dom.axisRow.hidden = model.isEmpty;
  if (model.isEmpty && errors.length > 0) {
    dom.state.hidden = false;
    dom.state.className = 'state error-state';
    const list = el('ul', {});
    for (const problem of errors.slice(0, 20)) list.append(el('li', {}, formatProblem(problem)));
    dom.state.append(el('h2', {}, 'This trace cannot be read'), el('p', {}, `${name}: the reader found ${errors.length} error(s) and no events.`), list);
  } else if (model.isEmpty && hint !== undefined && !live) {
    dom.state.hidden = false;
    dom.state.className = 'state empty-state';
    dom.state.append(el('h2', {}, 'Nothing traced yet'), el('p', {}, hint));
  } else if (model.isEmpty) {
    dom.state.hidden = false;
    dom.state.className = 'state empty-state';
    dom.state.append(
      el('h2', {}, live ? 'Waiting for the first events…' : 'No trace yet'),
      el('p', {}, 'Record one by running your program under the isoscope command:'),
      el('pre', {}, 'npx isoscope record -o app.isotrace -- node app.js\nnpx isoscope report app.isotrace -o timeline.html'),
      el('p', {}, 'In VS Code, start a debug session: Isoscope shows its isolates here as they run.'),
    );
  } else if (model.problems.length > 0) {
    dom.problems.hidden = false;
    const shown = model.problems.slice(0, 5).map((p) => el('li', {}, formatProblem(p)));
    dom.problems.append(el('strong', {}, `${model.problems.length} problem(s) in the trace; every good event is shown.`), el('ul', {}, ...shown));
  }
}
