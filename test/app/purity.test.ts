import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps src/machine pure must fail on what it forbids, and pass what it allows. */
describe('the purity rule of src/machine', () => {
  const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
  const lint = async (code: string, file = 'src/machine/probe.ts') => {
    const [result] = await eslint.lintText(code, { filePath: file });
    return result!.messages.map((m) => m.ruleId);
  };

  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'no-restricted-imports'],
    ["import { execa } from 'execa';\nexport const x = execa;", 'no-restricted-imports'],
    ["import { Low } from 'lowdb';\nexport const x = Low;", 'no-restricted-imports'],
    ["import forge from 'node-forge';\nexport const x = forge;", 'no-restricted-imports'],
    ["import { Store } from '../effects/store.js';\nexport const x = Store;", 'no-restricted-imports'],
    ['export const now = () => Date.now();', 'no-restricted-globals'],
    ['export const env = () => process.env;', 'no-restricted-globals'],
  ])('refuses %s', async (code, rule) => {
    expect(await lint(code)).toContain(rule);
  });

  it('allows xstate and zod in src/machine, and node:fs in src/effects', async () => {
    expect(await lint("import { setup } from 'xstate';\nimport { z } from 'zod';\nexport const x = [setup, z];")).toEqual([]);
    expect(await lint("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'src/effects/probe.ts')).toEqual([]);
  });
});
