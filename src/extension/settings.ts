// The extension's settings (package.json "contributes.configuration"), read where they apply.
import * as vscode from 'vscode';

export type OpenTimeline = 'onFirstIsolate' | 'onSessionStart' | 'never';

export interface Settings {
  traceDebugSessions: boolean;
  openTimeline: OpenTimeline;
  heapSampleIntervalMs: number;
  captureLocations: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('isoscope', scope);
  const open = config.get<string>('openTimeline', 'onFirstIsolate');
  const interval = config.get<number>('heapSampleIntervalMs', 100);
  return {
    traceDebugSessions: config.get<boolean>('traceDebugSessions', true),
    openTimeline: open === 'onSessionStart' || open === 'never' ? open : 'onFirstIsolate',
    heapSampleIntervalMs: Number.isFinite(interval) && interval >= 0 ? interval : 100,
    captureLocations: config.get<boolean>('captureLocations', false),
  };
}
