// A finding in words, as its tooltip and its entry in the findings list show it: severity,
// rule, the isolate it names, when, and what it says.
import type { FindingSeverity } from '../../../src/protocol/findings/findingTypes';
import type { SourceLocation } from '../../../src/protocol/traceEvents';
import type { PlacedFinding } from '../model/findingPlaces';
import { formatMicros } from '../format';

/** A mark for each severity, beside its word (the colour is not all that tells them apart). */
export const SEVERITY_ICON: Record<FindingSeverity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

/** The isolate a finding names: its lane's name and id, or its id when the trace has no lane for it. */
export function findingIsolate(placed: PlacedFinding): string {
  return placed.lane ? `${placed.lane.debugName} #${placed.lane.id}` : `isolate #${placed.finding.isolate}`;
}

/** When: its start, or its span. */
export function findingTime(placed: PlacedFinding): string {
  const { start, end } = placed.finding;
  return end !== undefined && end > start ? `${formatMicros(start)}–${formatMicros(end)}` : formatMicros(start);
}

/** A source location as file:line:column. */
export function locationText(location: SourceLocation): string {
  return `${location.url.replace(/^file:\/\//, '')}:${location.line}:${location.column}`;
}

/** The finding in a few lines, for the tooltip. */
export function describeFinding(placed: PlacedFinding): string {
  const { severity, rule, message, location } = placed.finding;
  const where = location ? `\n${locationText(location)}` : '';
  return `${SEVERITY_ICON[severity]} ${severity}: ${rule} · ${findingIsolate(placed)} at ${findingTime(placed)}\n${message}${where}`;
}
