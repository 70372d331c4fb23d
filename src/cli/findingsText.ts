// Findings for people: one line each (time, severity, rule, isolate, location, what), and
// the short "Findings" section that ends `isoscope summary` and `isoscope record`.
import { relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../protocol/findings/findingTypes';
import type { SourceLocation } from '../protocol/traceEvents';

/** Where, as a path relative to `cwd` when it is below it. */
export function formatLocation(location: SourceLocation | undefined, cwd = process.cwd()): string {
  if (!location) return '-';
  let where = location.url;
  if (where.startsWith('file:')) {
    try {
      const path = fileURLToPath(where);
      const below = relative(cwd, path);
      where = below && !below.startsWith('..') && !isAbsolute(below) ? below : path;
    } catch {
      // Not a file URL Node can read: shown as it is.
    }
  }
  return `${where}:${location.line}:${location.column}`;
}

/** One finding on one line. */
export function formatFinding(finding: Finding, cwd?: string): string {
  const at = `${(finding.start / 1000).toFixed(1)} ms`.padStart(10);
  const isolate = finding.pid === undefined ? `isolate ${finding.isolate}` : `isolate ${finding.isolate} (pid ${finding.pid})`;
  return `${at}  ${finding.severity.padEnd(7)}  ${finding.rule}  ${isolate}  ${formatLocation(finding.location, cwd)}  ${finding.message}`;
}

/** The lines of `isoscope findings`: a line per finding, or a line saying there are none. */
export function formatFindings(findings: readonly Finding[], cwd?: string): string {
  return findings.length === 0 ? 'no findings' : findings.map((f) => formatFinding(f, cwd)).join('\n');
}

/** The section that ends the summary. */
export function formatFindingsSection(findings: readonly Finding[], cwd?: string): string {
  return `\nFindings (${findings.length}):\n${findings.length === 0 ? '  none' : findings.map((f) => `  ${formatFinding(f, cwd).trimStart()}`).join('\n')}`;
}
