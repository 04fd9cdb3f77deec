import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of DESIGN.md §2, as the project's own ESLint config applies them. Every rule is proved
 * twice: a fixture that breaks it gets the rule's error, and its clean counterpart gets no message at all.
 *
 * A fixture `test/fixtures/lint/<layer>/<name>.ts` is linted as if it were `src/<layer>/<name>.ts`, so the
 * config's globs apply to it as to real code; `npm run lint` itself ignores the fixtures folder.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/lint');
// The fixtures start with `@ts-nocheck` (their imports resolve only where they pretend to be); that comment is
// the one thing the real config would rightly refuse in them.
const eslint = new ESLint({ cwd: repoRoot, overrideConfig: { rules: { '@typescript-eslint/ban-ts-comment': 'off' } } });

interface Finding {
  rule: string | null;
  message: string;
  severity: number;
}

async function lintFixture(name: string): Promise<Finding[]> {
  const code = readFileSync(path.join(fixtures, name), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, 'src', name) });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message, severity: m.severity }));
}

/** A fixture that breaks a rule: the rule's error, each with a sentence that names the layer. */
interface Case {
  /** `<layer>/<name>`: `.bad` and `.good` fixtures share it. */
  fixture: string;
  /** What the rule forbids, as the test's name says it. */
  forbids: string;
  rule: string;
  /** How many errors of the rule the bad fixture holds (one per forbidden thing in it). */
  count: number;
  /** A fragment of the rule's message for the bad fixture. */
  says: string;
}

const cases: Case[] = [
  { fixture: 'machine/node-builtin.ts', forbids: 'Node built-ins (bare or node:*)', rule: 'no-restricted-imports', count: 2, says: 'no Node built-ins' },
  { fixture: 'machine/other-layer.ts', forbids: 'anything from the rest of src, types included', rule: 'no-restricted-imports', count: 2, says: 'not even types' },
  { fixture: 'machine/package.ts', forbids: 'packages other than xstate and zod', rule: 'no-restricted-imports', count: 3, says: 'xstate, zod and its own files only' },
  { fixture: 'machine/dynamic-import.ts', forbids: 'dynamic import()', rule: 'no-restricted-syntax', count: 1, says: 'loads nothing at run time' },
  { fixture: 'machine/date.ts', forbids: 'new Date() and Date.now()', rule: 'no-restricted-globals', count: 2, says: 'reads no clock' },
  { fixture: 'machine/date.ts', forbids: 'Date as a type', rule: 'no-restricted-syntax', count: 1, says: 'holds no Date' },
  { fixture: 'machine/process.ts', forbids: 'process', rule: 'no-restricted-globals', count: 1, says: 'pass values in' },
  { fixture: 'machine/timer.ts', forbids: 'setTimeout and setInterval', rule: 'no-restricted-globals', count: 2, says: 'not timers' },
  { fixture: 'machine/clock.ts', forbids: 'performance.now()', rule: 'no-restricted-globals', count: 1, says: 'reads no clock' },
  { fixture: 'machine/random.ts', forbids: 'Math.random()', rule: 'no-restricted-properties', count: 1, says: 'no randomness' },
  { fixture: 'ui/effects.tsx', forbids: 'src/effects', rule: 'no-restricted-imports', count: 1, says: 'src/ui may not import src/effects, src/app or src/cli' },
  { fixture: 'ui/cli.ts', forbids: 'src/cli, types included', rule: 'no-restricted-imports', count: 1, says: 'src/ui may not import src/effects, src/app or src/cli' },
  { fixture: 'ui/node-builtin.ts', forbids: 'Node built-ins', rule: 'no-restricted-imports', count: 2, says: 'src/ui may not import Node built-ins' },
  { fixture: 'ui/dynamic-import.ts', forbids: 'import() of effects, cli and Node built-ins', rule: 'no-restricted-syntax', count: 3, says: 'src/ui may not import' },
  { fixture: 'ui/computed-import.ts', forbids: 'import() of a computed path', rule: 'no-restricted-syntax', count: 1, says: 'as a string, so the layer rules can check it' },
  { fixture: 'ui/rules-of-hooks.tsx', forbids: 'a hook called conditionally', rule: 'react-hooks/rules-of-hooks', count: 1, says: 'conditionally' },
  { fixture: 'ui/use-exhaustive-deps.ts', forbids: 'a hook effect missing a dependency (an error, not a warning)', rule: 'react-hooks/exhaustive-deps', count: 1, says: 'missing dependency' },
  { fixture: 'ui/refs.tsx', forbids: 'reading a ref during render', rule: 'react-hooks/refs', count: 1, says: 'refs during render' },
  { fixture: 'ui/set-state-in-effect.tsx', forbids: 'setting state in an effect', rule: 'react-hooks/set-state-in-effect', count: 1, says: 'setState synchronously within an effect' },
  { fixture: 'effects/upwards.ts', forbids: 'src/ui and src/cli, statically', rule: 'no-restricted-imports', count: 2, says: 'src/effects may not import src/ui, src/app or src/cli' },
  { fixture: 'effects/upwards.ts', forbids: 'src/ui, dynamically', rule: 'no-restricted-syntax', count: 1, says: 'src/effects may not import src/ui, src/app or src/cli' },
  { fixture: 'app/upwards.ts', forbids: 'src/ui and src/cli, statically', rule: 'no-restricted-imports', count: 2, says: 'src/app may not import src/ui or src/cli' },
  { fixture: 'app/upwards.ts', forbids: 'src/cli, dynamically', rule: 'no-restricted-syntax', count: 1, says: 'src/app may not import src/ui or src/cli' },
  { fixture: 'ui/app-layer.ts', forbids: 'src/app (the services)', rule: 'no-restricted-imports', count: 1, says: 'src/ui may not import src/effects, src/app or src/cli' },
  { fixture: 'i18n/upwards.ts', forbids: 'src/ui and src/effects, statically', rule: 'no-restricted-imports', count: 2, says: 'src/i18n may not import' },
  { fixture: 'i18n/upwards.ts', forbids: 'src/cli, dynamically', rule: 'no-restricted-syntax', count: 1, says: 'src/i18n may not import' },
];

const variant = (fixture: string, kind: 'bad' | 'good') => fixture.replace(/(\.tsx?)$/, `.${kind}$1`);

describe('the layer rules', () => {
  for (const { fixture, forbids, rule, count, says } of cases) {
    it(`src/${fixture.split('/')[0]} may not use ${forbids}: an error of ${rule}`, async () => {
      const found = (await lintFixture(variant(fixture, 'bad'))).filter((f) => f.rule === rule);
      expect(found, JSON.stringify(found)).toHaveLength(count);
      for (const f of found) {
        expect(f.severity).toBe(2);
        expect(f.message).toContain(says);
      }
    });
  }

  for (const fixture of new Set(cases.map((c) => variant(c.fixture, 'good')))) {
    it(`src/${fixture} keeps its layer’s rules and lints clean`, async () => {
      expect(await lintFixture(fixture)).toEqual([]);
    });
  }

  it('has a clean counterpart for every fixture that breaks a rule, and no fixture without a case', () => {
    const files = readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)).map((f) => f.split(path.sep).join('/'));
    const named = cases.flatMap((c) => [variant(c.fixture, 'bad'), variant(c.fixture, 'good')]);
    expect(new Set(files)).toEqual(new Set(named));
  });

  it('leaves the fixtures out of `npm run lint` (they break the rules on purpose)', async () => {
    expect(await eslint.isPathIgnored(path.join(fixtures, 'machine/date.bad.ts'))).toBe(true);
  });

  it('lets src/cli import every layer, the UI’s view model and theme included', async () => {
    const code = [
      "import { blockedTree } from '../../ui/view-model.js';",
      "import { statusTheme } from '../../ui/theme.js';",
      "import { isJapaneseHoliday } from '../../effects/holidays.js';",
      "import { readFileSync } from 'node:fs';",
      'export const used = [blockedTree, statusTheme, isJapaneseHoliday, readFileSync];',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, 'src/cli/commands/probe.ts') });
    expect(result!.messages).toEqual([]);
  });
});
