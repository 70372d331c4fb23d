// Where a finding is on the timeline: the lane of the isolate it names (of its process), and
// what choosing it shows: the time range to zoom to and what to select (the messages that
// prove it when it names some, else its lane).
import { micros, type Micros } from '../../../src/protocol/time';
import type { Finding } from '../../../src/protocol/findings/findingTypes';
import type { Lane, TraceModel } from './traceModel';
import type { Selection } from './selection';

/** A finding with the lane it is drawn on (undefined when the trace has no such isolate). */
export interface PlacedFinding {
  finding: Finding;
  lane: Lane | undefined;
}

/** The lane of the isolate `finding` names, if the model has it (looked up without making one). */
export function findingLane(finding: Finding, model: TraceModel): Lane | undefined {
  const process = finding.pid === undefined ? model.processes.first : model.processes.list.find((p) => p.pid === finding.pid);
  return process && model.laneById(finding.isolate, process);
}

/** Each finding with its lane. */
export function placeFindings(findings: readonly Finding[], model: TraceModel): PlacedFinding[] {
  return findings.map((finding) => ({ finding, lane: findingLane(finding, model) }));
}

/** The range choosing `finding` zooms to: its span with a tenth more on each side, or (a
 * finding at one moment) a window around its start, a fortieth of the trace each side (at
 * least 1 ms). */
export function findingRange(finding: Finding, model: TraceModel): [Micros, Micros] {
  const { start, end } = finding;
  if (end !== undefined && end > start) {
    const pad = (end - start) / 10;
    return [micros(start - pad), micros(end + pad)];
  }
  const duration = model.isEmpty ? 0 : model.end - Math.min(0, model.start);
  const half = Math.max(1000, duration / 40);
  return [micros(start - half), micros(start + half)];
}

/** What choosing `placed` selects: the first message it names that the trace holds, else its lane. */
export function findingSelection(placed: PlacedFinding, model: TraceModel): Selection | undefined {
  for (const id of placed.finding.related?.messages ?? []) {
    const row = model.messages.row(id.channel, id.seq);
    if (row !== undefined) return { kind: 'message', row };
  }
  return placed.lane && { kind: 'lane', lane: placed.lane };
}
