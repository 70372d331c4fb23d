// The runtime's one link to the tracer (dist/tracing.cjs, shared with the preload): every
// runtime file imports it from here, so the bundle requires it once, not once per file.
export * from './tracing/index';
