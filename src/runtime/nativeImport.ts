// import() as Node's own module loader runs it. Built alone (dist/nativeImport.cjs) and
// required from there, so that it is always compiled by Node's loader: in an isolate the
// runtime's bundle is compiled through node:vm (worker/threadEntry.ts), and an import()
// compiled there, even inside new Function(), has no loader to call.

/** Native import(), out of sight of the bundler, which would turn it into require(). */
export const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
