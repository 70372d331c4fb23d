// createRequire and builtinModules, from Node's CommonJS Module class (which node:module
// exports), found as this bundle's module's constructor instead of imported: loading
// node:module also loads the ES module loader and the source map support, which a new
// isolate would pay for at every start-up and not use.
import type * as NodeModule from 'node:module';

type CommonJsModule = Pick<typeof NodeModule, 'createRequire' | 'builtinModules'>;

const found = typeof module === 'object' ? (module.constructor as unknown as Partial<CommonJsModule>) : undefined;
const Module: CommonJsModule = typeof found?.createRequire === 'function' && Array.isArray(found.builtinModules) ? (found as CommonJsModule) : (require('node:module') as CommonJsModule);

/** node:module's createRequire. */
export const createRequire = Module.createRequire;
/** node:module's builtinModules. */
export const builtinModules = Module.builtinModules;
