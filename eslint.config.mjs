// Lint rules. The one that matters most: only src/extension may import `vscode`, and
// src/protocol imports nothing Node-only, so the webview can use it.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/**/*.cjs', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode (DESIGN.md, layering).' }] }],
    },
  },
  // The extension's glue, and the suite that tests it inside VS Code's extension host.
  { files: ['src/extension/**', 'test/vscode/suite/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'vscode', 'fs', 'path', 'worker_threads', 'os'], message: 'src/protocol is shared with the webview: no Node- or vscode-only imports.' }] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', performance: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly', URL: 'readonly', require: 'readonly', module: 'readonly' } },
  },
);
