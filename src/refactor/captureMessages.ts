// The words of a capture finding: what the name is, why an isolate cannot see it, and what to do,
// in one sentence a user can act on where they read it (the editor's hover, a CI log).
import type { Capture } from './captureTypes';
import type { IsolateApi } from './isolateCalls';

/** Where the function goes, for the message: "the function passed to Isolate.run". */
export function entryPhrase(api: IsolateApi, fnName: string | undefined, inline: boolean): string {
  if (api === 'new Worker') return 'the source of new Worker(…, { eval: true })';
  const call = api === 'IsolatePool.run' ? 'a pool’s run' : api;
  return inline || !fnName ? `the function passed to ${call}` : `\`${fnName}\`, passed to ${call},`;
}

/** Whether the call takes the captured value as an argument (Isolate.run, a pool's run) or in the one message (spawn, compute). */
export function passesArgs(api: IsolateApi): boolean {
  return api === 'Isolate.run' || api === 'IsolatePool.run';
}

/** The finding's message for one captured name. `fileName` is the file of the call. */
export function captureMessage(capture: Capture, api: IsolateApi, entry: string, fileName: string, importStatement: string | undefined): string {
  const name = `\`${capture.name}\``;
  const cannot = `${entry} runs in an isolate, which shares no memory with this thread`;
  switch (capture.kind) {
    case 'this':
    case 'super':
    case 'arguments':
    case 'importMeta':
    case 'jsx':
      return `${name} in ${entry}: ${capture.clone.reason}.`;
    case 'global':
      return capture.declaration
        ? `${name} is a global of this program (declared in ${shortPath(capture.declaration.fileName)}) but not of an isolate: ${entry} cannot use it.`
        : `${name} is not declared here and is not a global of an isolate: ${entry} cannot use it.`;
    default:
  }
  const what = `${name} is ${describe(capture, fileName)}`;
  const shadow = capture.shadowsGlobal ? ` Inside the isolate, ${name} would be the global of that name instead.` : '';
  if (capture.kind === 'import') {
    const how = importStatement ? ` Import it inside the isolate: \`${importStatement}\`.` : ' Import it inside the isolate.';
    return `${what}, and ${cannot}.${how}${shadow}`;
  }
  if (capture.kind === 'function' || capture.kind === 'class' || !capture.clone.ok) {
    const why = capture.clone.ok ? '' : ` It cannot be passed either: it is ${capture.clone.reason}.`;
    return `${what}, and ${cannot}.${why} Define it inside the function, or pass the plain data it holds.${shadow}`;
  }
  if (capture.mutatedInside) {
    return `${what}, and ${cannot}. The function changes it (line ${capture.mutatedInside.line}: \`${capture.mutatedInside.text}\`): passed to an isolate it would be a copy, and the change would be lost. Return what the isolate computes and change ${name} here.${shadow}`;
  }
  const pass = passesArgs(api) ? 'Pass it as an argument (`args`).' : `Pass it in the message${api === 'new Worker' ? ' (workerData)' : ''}.`;
  const later = capture.assignedAfter ? ` It is assigned after the call (line ${capture.assignedAfter.line}): the isolate gets only its value at the call.` : '';
  const inside = capture.assignedInside ? ` The function assigns it (line ${capture.assignedInside.line}): that write would change the isolate's copy only.` : '';
  return `${what}, and ${cannot}. ${pass}${later}${inside}${shadow}`;
}

function describe(capture: Capture, fileName: string): string {
  const at = capture.declaration
    ? capture.declaration.fileName === fileName ? ` (line ${capture.declaration.line})` : ` (${shortPath(capture.declaration.fileName)}:${capture.declaration.line})`
    : '';
  const of = capture.owner ? ` of \`${capture.owner}\`` : ' of an outer function';
  switch (capture.kind) {
    case 'local': return `a local variable${of}${at}`;
    case 'parameter': return `a parameter${of}${at}`;
    case 'module': return `a module-level variable${at}`;
    case 'import': return `imported from '${capture.import!.specifier}'${at}`;
    case 'function': return `a function declared outside it${at}`;
    case 'class': return `a class declared outside it${at}`;
    case 'enum': return `an enum declared outside it${at}`;
    case 'namespace': return `a namespace declared outside it${at}`;
    default: return `declared outside it${at}`;
  }
}

function shortPath(path: string): string {
  const modules = path.lastIndexOf('/node_modules/');
  return modules >= 0 ? path.slice(modules + '/node_modules/'.length) : path.slice(path.lastIndexOf('/') + 1);
}
