// The contract between Isoscope's TypeScript server plugin (src/tsserver, inside tsserver) and
// the extension (src/extension/codeActions.ts): the capture check's diagnostics, and the one
// request the extension sends through VS Code's `typescript.tsserverRequest` command to get the
// code actions the plugin offers at a range. VS Code's TypeScript extension asks tsserver for
// quick fixes only for the error codes TypeScript itself knows, so the extension asks for them.

/** The `source` of every capture diagnostic (what VS Code shows before the message). */
export const CAPTURE_DIAGNOSTIC_SOURCE = 'isoscope';

/** The tsserver command the plugin answers. VS Code's `typescript.tsserverRequest` forwards only
 * commands whose names start with `_` (and a few read-only ones of its own). */
export const CODE_ACTIONS_COMMAND = '_isoscope.codeActions';

/** The "Run in isolate" refactor's code action kind, as the plugin offers it and the editor asks for it. */
export const RUN_IN_ISOLATE_KIND = 'refactor.rewrite.isolate';

/** A position as tsserver's protocol has it: 1-based line and offset (column). */
export interface LineOffset {
  line: number;
  offset: number;
}

export interface LineOffsetEdit {
  start: LineOffset;
  end: LineOffset;
  newText: string;
}

/** What the extension asks: the actions at `start`..`end` of the open file `file`, of the given
 * kinds (VS Code code action kinds: 'quickfix', 'refactor.rewrite.isolate', or a kind containing
 * them, such as 'refactor'). */
export interface CodeActionsRequest {
  file: string;
  start: LineOffset;
  end: LineOffset;
  kinds: string[];
}

/** One action: either enabled, with its edits to the file, or disabled, with the reason shown
 * to the user. A quick fix names the diagnostic it fixes by that diagnostic's range. */
export type CodeActionOffer =
  | { title: string; kind: string; edits: LineOffsetEdit[]; fixes?: { start: LineOffset; end: LineOffset }; preferred?: boolean }
  | { title: string; kind: string; disabledReason: string };

export interface CodeActionsResponse {
  offers: CodeActionOffer[];
}
