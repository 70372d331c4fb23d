// Every error a user of the runtime can see comes from this table, so each one says what
// happened and what to do about it, in one voice (after piscina's errors.ts).

/** Thrown (or rejected) when an isolate cannot be started. Mirrors dart:isolate. */
export class IsolateSpawnException extends Error {
  override name = 'IsolateSpawnException';
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** An error that happened in another isolate, carried here as text. Mirrors dart:isolate. */
export class RemoteError extends Error {
  override name = 'RemoteError';
  /** The stack trace of the error, as printed in the isolate it happened in. */
  readonly stackTrace: string;
  constructor(description: string, stackDescription: string) {
    super(description);
    this.stackTrace = stackDescription;
  }
}

/** Thrown by `send` when a message cannot be copied to another isolate. */
export class IsolateMessageError extends TypeError {
  override name = 'IsolateMessageError';
  readonly code = 'ISOSCOPE_UNSENDABLE';
}

/** A state error: the object is closed, used up, or used twice. */
export class IsolateStateError extends Error {
  override name = 'IsolateStateError';
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

/** Rejection of work that was cancelled through an AbortSignal (named like Node's own). */
export class AbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
}

const shareNothing =
  'Isolates share no memory: an entry function travels to its isolate as source text, without the variables around it.';

export const Errors = {
  capturesOuterVariables(entryName: string, names: readonly { name: string; line: number }[]) {
    const listed = names.map((n) => `\`${n.name}\` (line ${n.line} of the function)`).join(', ');
    const first = names[0]?.name ?? 'value';
    return new IsolateSpawnException(
      `The isolate entry ${entryName} refers to ${listed}, defined outside the function. ${shareNothing} ` +
        `Pass ${names.length > 1 ? 'them' : 'it'} in the message or args instead (for example Isolate.run(fn, { args: [${first}] })), ` +
        `or define ${names.length > 1 ? 'them' : 'it'} inside the function; modules can be loaded inside it with require() or import().`,
      'ISOSCOPE_CAPTURES_OUTER_VARIABLE',
    );
  },
  notAFunction(what: string, value: unknown) {
    return new IsolateSpawnException(
      `${what} must be a function, got ${describeValue(value)}.`,
      'ISOSCOPE_NOT_A_FUNCTION',
    );
  },
  notShippable(entryName: string, reason: string) {
    return new IsolateSpawnException(
      `The isolate entry ${entryName} cannot be sent to an isolate: ${reason}. ${shareNothing} ` +
        'Pass a plain function, arrow function or method written in your source.',
      'ISOSCOPE_ENTRY_NOT_SHIPPABLE',
    );
  },
  entryFailedToLoad(entryName: string, cause: SerializedError) {
    return new IsolateSpawnException(
      `The isolate entry ${entryName} failed to load in the new isolate: ${cause.name}: ${cause.message}`,
      'ISOSCOPE_ENTRY_FAILED',
      { cause: reviveError(cause) },
    );
  },
  moduleHasNoMain(moduleUrl: string) {
    return new IsolateSpawnException(
      `The module ${moduleUrl} has no exported function main(args, message); Isolate.spawnUri calls it to start the isolate.`,
      'ISOSCOPE_NO_MAIN',
    );
  },
  workerStartFailed(cause: unknown) {
    return new IsolateSpawnException(
      `The isolate's worker thread could not start: ${cause instanceof Error ? cause.message : String(cause)}`,
      'ISOSCOPE_WORKER_START_FAILED',
      { cause },
    );
  },
  unsendable(path: string, what: string, cause?: unknown) {
    return new IsolateMessageError(
      `Cannot send this message to another isolate: ${path} is ${what}, which cannot be copied. ` +
        'Isolates share no memory; messages are copied with the structured clone algorithm. ' +
        'Send plain data (objects, arrays, strings, numbers, Maps, Sets, typed arrays, SendPorts, Capabilities) instead.',
      { cause },
    );
  },
  notAnIsolate(api: string) {
    return new IsolateStateError(`${api} can only be called inside an isolate or the main isolate of a program.`, 'ISOSCOPE_NOT_AN_ISOLATE');
  },
  alreadyListened() {
    return new IsolateStateError('This ReceivePort has already been listened to; a ReceivePort has a single listener (listen, first or for-await).', 'ISOSCOPE_ALREADY_LISTENED');
  },
  alreadyMaterialized() {
    return new IsolateStateError('This TransferableTypedData has already been materialized or sent; its bytes can be taken once.', 'ISOSCOPE_ALREADY_MATERIALIZED');
  },
  poolClosed() {
    return new IsolateStateError('This IsolatePool is closed; create a new pool to run more tasks.', 'ISOSCOPE_POOL_CLOSED');
  },
  aborted(what: string, reason: unknown) {
    return new AbortError(`${what} was aborted.`, { cause: reason });
  },
  runEndedWithoutResult(debugName: string, exitCode: number) {
    return new RemoteError(
      `Isolate.run: the computation in isolate "${debugName}" ended without a result (the isolate exited with code ${exitCode}).`,
      '',
    );
  },
  resultUnsendable(error: SerializedError) {
    return new IsolateMessageError(`The isolate's result could not be sent back: ${error.message}`);
  },
};

/** An Error as plain data, so it can cross threads with its real name and stack. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string;
  code?: string;
}

/** An error (or any thrown value) as plain data that keeps its name, message, stack and code. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message, stack: error.stack ?? `${error.name}: ${error.message}` };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') out.code = code;
    return out;
  }
  const text = describeValue(error);
  return { name: 'Error', message: `Uncaught ${text}`, stack: `Uncaught ${text}` };
}

const builtinErrors: Record<string, ErrorConstructor> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

/** Rebuilds an error from another isolate: same name, message and (remote) stack. */
export function reviveError(data: SerializedError): Error {
  const Ctor = builtinErrors[data.name] ?? Error;
  const error = new Ctor(data.message);
  if (error.name !== data.name) Object.defineProperty(error, 'name', { value: data.name, configurable: true, writable: true });
  error.stack = data.stack;
  if (data.code !== undefined) (error as { code?: string }).code = data.code;
  return error;
}

/** A short description of a value for error messages: its kind, or the value when short. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value === 'symbol') return `a symbol (${value.toString()})`;
  if (typeof value === 'object') return `an object of type ${(value as object).constructor?.name ?? 'Object'}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return `${typeof value} ${String(value)}`;
}
