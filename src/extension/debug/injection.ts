// What a launch configuration becomes when Isoscope traces it: the preload added to the
// program's NODE_OPTIONS (after the user's own, which are kept: from the configuration's env,
// else its envFile, else the environment it would inherit), and the live session's socket,
// token and tracer settings in its env. Everything else the user wrote stays as it was.
// Pure (no vscode), so it is tested under plain mocha.
import { withPreload } from '../../protocol/nodeOptions';

/** The parts of a Node launch configuration this reads and writes. */
export interface NodeLaunchConfig {
  type: string;
  request: string;
  name?: string;
  env?: Record<string, string | null>;
  envFile?: string;
  [key: string]: unknown;
}

export interface Injection {
  /** The preload: the extension's own dist/register.cjs. */
  preload: string;
  /** The live session's ISOSCOPE_SINK and ISOSCOPE_SINK_TOKEN. */
  sink: { ISOSCOPE_SINK: string; ISOSCOPE_SINK_TOKEN: string };
  heapSampleIntervalMs: number;
  captureLocations: boolean;
  /** NODE_OPTIONS the program would otherwise get from its envFile, or inherit. */
  envFileNodeOptions?: string | undefined;
  inheritedNodeOptions?: string | undefined;
  /** Marks the configuration as this session's, so that its debug session can be found. */
  sessionKey: string;
}

/** The key under which an injected configuration names its live session. */
export const SESSION_KEY = '__isoscopeSession';

/** The debug types whose launch requests are injected. */
export const NODE_DEBUG_TYPES = ['node', 'pwa-node', 'node-terminal'] as const;

export type Decision = { inject: true } | { inject: false; why: 'not-node' | 'attach' | 'child' | 'already' };

/** Whether `config` is one Isoscope can and should inject into. */
export function decide(config: NodeLaunchConfig): Decision {
  if (!(NODE_DEBUG_TYPES as readonly string[]).includes(config.type)) return { inject: false, why: 'not-node' };
  // js-debug resolves the sessions it makes for child processes and workers through the same
  // providers; they are part of the session already traced.
  if ('__parentId' in config || '__pendingTargetId' in config) return { inject: false, why: 'child' };
  if (SESSION_KEY in config) return { inject: false, why: 'already' };
  if (config.request !== 'launch') return { inject: false, why: 'attach' };
  return { inject: true };
}

export function injectTracing(config: NodeLaunchConfig, injection: Injection): NodeLaunchConfig {
  const env = { ...(config.env ?? {}) };
  const own = typeof env['NODE_OPTIONS'] === 'string' ? env['NODE_OPTIONS'] : (injection.envFileNodeOptions ?? injection.inheritedNodeOptions);
  env['NODE_OPTIONS'] = withPreload(own, injection.preload);
  Object.assign(env, injection.sink);
  env['ISOSCOPE_HEAP_INTERVAL_MS'] = String(injection.heapSampleIntervalMs);
  // Started by the extension: the Isolates view may kill, pause and resume its isolates.
  env['ISOSCOPE_CONTROL'] = '1';
  if (injection.captureLocations) env['ISOSCOPE_CAPTURE_LOCATIONS'] = '1';
  return { ...config, env, [SESSION_KEY]: injection.sessionKey };
}

/** NODE_OPTIONS as an env file (dotenv syntax, as js-debug reads it) sets it, if it does. */
export function nodeOptionsInEnvFile(text: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?NODE_OPTIONS\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[1]!.trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    found = value;
  }
  return found;
}
