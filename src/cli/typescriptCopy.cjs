// The TypeScript compiler, as its own bundle (dist/typescript.cjs): `isoscope lint`'s fallback
// when the linted project has no TypeScript of its own (src/cli/loadTypeScript.ts).
module.exports = require('typescript');
