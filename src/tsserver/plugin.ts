// Isoscope's TypeScript server plugin (dist/tsserverPlugin.cjs, loaded by tsserver as the
// package `isoscope-tsserver-plugin`): the capture check runs inside tsserver, on the program and
// types the editor already has, so the extension host loads no compiler. It adds the check's
// warnings to each file's semantic diagnostics (and to a long file's region diagnostics) and
// answers the extension's request for code actions (src/protocol/editorActions.ts): the check's
// quick fixes and the "Run in isolate" refactor. The refactor is not also a language service
// refactor (getApplicableRefactors): VS Code's TypeScript extension shows a plugin's refactors
// in its own menus, so it would be offered twice; the request gives the extension its kind, its
// edits in one answer and its disabled reason, and serves the command as well. tsserver
// calls the module's export as the plugin's factory: packages/isoscope-tsserver-plugin exports
// `pluginModule` as its whole module.
import type * as ts from 'typescript';
import type { TS } from '../refactor/captureTypes';
import { CODE_ACTIONS_COMMAND, type CodeActionsRequest, type CodeActionsResponse } from '../protocol/editorActions';
import { findingsOf, regionFindingsOf } from './findingsCache';
import { inSpans, toDiagnostic } from './captureDiagnostics';
import { codeActionOffers } from './codeActionOffers';

/** The sessions this plugin answers in: one handler per session, however many projects load it. */
const sessionsWithHandler = new WeakSet<object>();

/** The region check of a long file (TypeScript 5.6+; not in its public declarations). */
interface RegionDiagnostics {
  getRegionSemanticDiagnostics?(fileName: string, ranges: ts.TextRange[]): { diagnostics: ts.Diagnostic[]; spans: ts.TextSpan[] } | undefined;
}

/** The plugin's factory, called once by each tsserver with its own TypeScript module. */
export function pluginModule(modules: { typescript: TS }): ts.server.PluginModule {
  const ts = modules.typescript;

  function create(info: ts.server.PluginCreateInfo): ts.LanguageService {
    const service = info.languageService;
    const log = (line: string): void => info.project.projectService.logger.info(`[isoscope] ${line}`);

    /** The file's capture diagnostics; none (and a line in tsserver's log) if the check fails. */
    const captureDiagnostics = (fileName: string, spans?: readonly ts.TextSpan[]): ts.Diagnostic[] => {
      try {
        const program = service.getProgram();
        const file = program?.getSourceFile(fileName);
        if (!program || !file) return [];
        const started = performance.now();
        const within = spans?.map((span) => ({ start: span.start, end: span.start + span.length }));
        const findings = within ? inSpans(regionFindingsOf(ts, program, fileName, within), within) : findingsOf(ts, program, fileName);
        // What the check costs where it runs, in tsserver's log (typescript.tsserver.log; the benchmark reads it).
        log(`${within ? 'region' : 'file'} ${fileName}: ${findings.length} captures in ${(performance.now() - started).toFixed(1)} ms`);
        return findings.map((finding) => toDiagnostic(ts, file, finding));
      } catch (error) {
        log(`the capture check failed on ${fileName}: ${error instanceof Error ? error.stack : String(error)}`);
        return [];
      }
    };

    const proxy = Object.create(null) as ts.LanguageService;
    for (const key of Object.keys(service) as (keyof ts.LanguageService)[]) {
      const member = service[key];
      (proxy as unknown as Record<string, unknown>)[key] = typeof member === 'function' ? (...args: unknown[]) => (member as (...a: unknown[]) => unknown).apply(service, args) : member;
    }
    proxy.getSemanticDiagnostics = (fileName) => [...service.getSemanticDiagnostics(fileName), ...captureDiagnostics(fileName)];
    const region = (service as RegionDiagnostics).getRegionSemanticDiagnostics;
    if (region) {
      (proxy as RegionDiagnostics).getRegionSemanticDiagnostics = (fileName, ranges) => {
        const result = region.call(service, fileName, ranges);
        return result && { ...result, diagnostics: [...result.diagnostics, ...captureDiagnostics(fileName, result.spans)] };
      };
    }

    const session = info.session;
    if (session && !sessionsWithHandler.has(session)) {
      sessionsWithHandler.add(session);
      const projects = info.project.projectService;
      session.addProtocolHandler(CODE_ACTIONS_COMMAND, (request) => {
        const args = request.arguments as CodeActionsRequest;
        try {
          const project = projects.getDefaultProjectForFile(ts.server.toNormalizedPath(args.file), false);
          const program = project?.getLanguageService().getProgram();
          const body: CodeActionsResponse = { offers: program ? codeActionOffers(ts, program, args) : [] };
          return { response: body, responseRequired: true };
        } catch (error) {
          // Not a server error, of which VS Code shows only "TypeScript Server Error": no offers,
          // and the stack in tsserver's log.
          log(`the code actions of ${args?.file} (${String(args?.kinds)}) failed: ${error instanceof Error ? error.stack : String(error)}`);
          const body: CodeActionsResponse = { offers: [] };
          return { response: body, responseRequired: true };
        }
      });
    }
    log(`capture check loaded for ${info.project.getProjectName()} (TypeScript ${ts.version})`);
    return proxy;
  }

  return { create };
}
