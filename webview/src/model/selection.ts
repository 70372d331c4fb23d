// What is selected on the timeline, its details shown beside it: a lane, one message, or a
// bundle of many. Kept apart from the details panel (which draws it): the app, the plot's
// pointer handling and the panel all name it.
import type { Lane } from './traceModel';
import type { MessageBundle } from './messageBundles';

export type Selection = { kind: 'lane'; lane: Lane } | { kind: 'message'; row: number } | { kind: 'bundle'; bundle: MessageBundle };
