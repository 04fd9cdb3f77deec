import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Modules that touch the world. src/machine/ must stay pure: it may import xstate, zod and types only. */
const impureModules = [
  { group: ['node:*'], message: 'src/machine is pure: no Node built-ins (move I/O to src/effects).' },
  { group: ['execa', 'lowdb', 'lowdb/*', 'node-forge', 'pcsclite', 'proper-lockfile', 'ink', 'react'], message: 'src/machine is pure: no I/O or UI libraries.' },
  { group: ['**/effects/**', '**/cli/**', '**/ui/**'], message: 'src/machine may not depend on effects, cli or ui.' },
];
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'dns', 'tls', 'net', 'process', 'util', 'url', 'readline', 'fs/promises'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/machine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins.map((name) => ({ name, message: 'src/machine is pure: no Node built-ins.' })), patterns: impureModules }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'src/machine is pure: pass values in.' },
        { name: 'Date', message: 'src/machine reads no clock: the date is injected.' },
        { name: 'setTimeout', message: 'Waits of days are data, not timers.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
