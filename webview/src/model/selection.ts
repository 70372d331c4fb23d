// What is selected on the timeline, its details shown beside it: a lane, one message, or a
// bundle of many. Kept apart from the details panel (which draws it) and free of the DOM:
// the debug handle's type names it too, and the e2e tests read that without the DOM library.
import type { Lane } from './traceModel';
import type { MessageBundle } from './messageBundles';

export type Selection = { kind: 'lane'; lane: Lane } | { kind: 'message'; row: number } | { kind: 'bundle'; bundle: MessageBundle };
