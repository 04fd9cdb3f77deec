import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layer rules of DESIGN.md §2 as lint errors. test/lint/layers.test.ts proves each one with a file that
 * breaks it and a file that keeps it.
 *
 * Import sources are matched as written (`../effects/store.js`), with regular expressions: the folders are
 * flat, so a relative path names its layer. `import type` counts as an import everywhere: a layer that may
 * not load a module may not lean on its types either (the arrow of dependency would point the wrong way).
 * For src/machine that is the decision on "types only from elsewhere": it imports nothing from the rest of
 * src, not even types (the machine is the bottom layer; what it needs to describe lives in it), and from
 * packages only xstate and zod.
 *
 * esquery (no-restricted-syntax) ends a regular expression at the first `/`, so selectors write it `\x2F`.
 */

/** Node's built-in modules, bare (`fs`, `fs/promises`) or with the `node:` scheme. */
const builtins = [...new Set(builtinModules.map((name) => name.split('/')[0]))].filter((name) => !name.startsWith('_'));
const builtinSource = `node:|(?:${builtins.join('|')})(?:/|$)`;
/** A relative path that reaches into one of the named src folders. */
const into = (...layers) => `^\\.{1,2}/(?:.*/)?(?:${layers.join('|')})(?:/|$)`;
/** The same, for a selector: no `/` may appear in it. */
const selectorPath = (source) => source.replaceAll('/', '\\x2F');

const restrictedImport = (regex, message) => ({ regex, message });
const dynamicImport = (regex, message) => ({ selector: `ImportExpression[source.value=/${selectorPath(regex)}/]`, message });
/** A computed `import(x)` cannot be checked against the rules above, so the restricted layers write the path out. */
const computedImport = (layer) => ({
  selector: "ImportExpression:not([source.type='Literal'])",
  message: `${layer}: write a dynamic import's path as a string, so the layer rules can check it.`,
});

const machine = {
  builtins: restrictedImport(`^(?:${builtinSource})`, 'src/machine is pure: no Node built-ins (I/O belongs in src/effects).'),
  leaves: restrictedImport('(?:^|/)\\.\\.(?:/|$)', 'src/machine imports nothing from the rest of src, not even types: it is the bottom layer.'),
  others: restrictedImport(`^(?!\\./|\\.\\./|(?:xstate|zod)(?:/|$)|${builtinSource})`, 'src/machine may import xstate, zod and its own files only.'),
};
const ui = {
  layers: restrictedImport(into('effects', 'cli', 'app'), 'src/ui may not import src/effects, src/app or src/cli: it talks to the world through the OnboardingPort.'),
  builtins: restrictedImport(`^(?:${builtinSource})`, 'src/ui may not import Node built-ins: the world is reached through the OnboardingPort.'),
};
const effects = restrictedImport(into('ui', 'cli', 'app'), 'src/effects may not import src/ui, src/app or src/cli: effects are called, they do not call up.');
const i18n = restrictedImport(into('effects', 'cli', 'ui', 'app'), 'src/i18n may not import src/effects, src/app, src/cli or src/ui (src/machine is fine).');
/** The services sit between the command line (and the screen's port) and the layers below. */
const app = restrictedImport(into('ui', 'cli'), 'src/app may not import src/ui or src/cli: the services are called by them, not the other way.');

export default tseslint.config(
  // Lint fixtures break the rules on purpose; test/lint lints them under the path they stand for.
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/fixtures/lint/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/machine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [machine.builtins, machine.leaves, machine.others] }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'src/machine loads nothing at run time: import xstate, zod or its own files statically.' },
        // no-restricted-globals sees values only; a `Date` in a type would still carry Date objects through.
        { selector: "TSTypeReference[typeName.name='Date']", message: 'src/machine holds no Date: dates are YYYY-MM-DD strings passed in.' },
      ],
      // Every reference counts (`new Date()`, `Date.now()`, `x: Date`, passing `Date` along): the machine is
      // deterministic, so it is replayed to the same state on every load.
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'src/machine reads no clock and holds no Date: dates are YYYY-MM-DD strings passed in.' },
        { name: 'process', message: 'src/machine is pure: pass values in.' },
        { name: 'globalThis', message: 'src/machine is pure: no reach into the global object.' },
        { name: 'setTimeout', message: 'Waits of days are data, not timers (DESIGN.md §1, "Time is data").' },
        { name: 'setInterval', message: 'Waits of days are data, not timers (DESIGN.md §1, "Time is data").' },
        { name: 'setImmediate', message: 'src/machine is synchronous and pure: no scheduling.' },
        { name: 'queueMicrotask', message: 'src/machine is synchronous and pure: no scheduling.' },
        { name: 'performance', message: 'src/machine reads no clock.' },
        { name: 'crypto', message: 'src/machine is deterministic: no randomness or crypto (secrets belong in src/effects).' },
        { name: 'fetch', message: 'src/machine does no I/O.' },
        { name: 'console', message: 'src/machine does no I/O: return what happened, let the caller print it.' },
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'src/machine is deterministic: no randomness.' }],
    },
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ui.layers, ui.builtins] }],
      'no-restricted-syntax': ['error', dynamicImport(ui.layers.regex, ui.layers.message), dynamicImport(ui.builtins.regex, ui.builtins.message), computedImport('src/ui')],
    },
  },
  {
    files: ['src/effects/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [effects] }],
      'no-restricted-syntax': ['error', dynamicImport(effects.regex, effects.message), computedImport('src/effects')],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [app] }],
      'no-restricted-syntax': ['error', dynamicImport(app.regex, app.message), computedImport('src/app')],
    },
  },
  {
    files: ['src/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [i18n] }],
      'no-restricted-syntax': ['error', dynamicImport(i18n.regex, i18n.message), computedImport('src/i18n')],
    },
  },
  {
    // Components and hooks: every recommended rule of React's hooks plugin, warnings raised to errors.
    files: ['src/ui/**/*.tsx', 'src/ui/**/use-*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: Object.fromEntries(Object.keys(reactHooks.configs.flat.recommended.rules).map((rule) => [rule, 'error'])),
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
