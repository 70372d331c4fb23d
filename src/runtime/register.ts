// `node --require isoscope/register app.js`: traces a program that never imported isoscope.
// Installs the worker_threads wrappers (in the main thread and, through the inherited
// preload, in every worker) and starts the trace from ISOSCOPE_TRACE / ISOSCOPE_SINK.
// With neither variable set, the trace goes to ./isoscope-<pid>.isotrace.
import { installWorkerThreadsPatch, startFromEnvironment } from './tracing/index';

installWorkerThreadsPatch(__filename);
startFromEnvironment(process.env, 'isoscope-%p.isotrace');
