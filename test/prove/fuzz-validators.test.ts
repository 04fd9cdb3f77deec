import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkValue } from '../../src/app/records.js';
import type { OnboardingService } from '../../src/app/onboarding.js';
import { parseDate } from '../../src/app/resolve.js';
import { ExitCode, SeikyuError } from '../../src/i18n/errors.js';
import { translator } from '../../src/i18n/index.js';
import { normalizeInput } from '../../src/machine/inputs.js';
import type { Input } from '../../src/machine/procedure-schema.js';
import { procedure } from '../helpers/scenario.js';
import { removeTempDirs, tempDir } from '../helpers/cli.js';
import { caseCounter, RAW_CONTROL, RUNS } from './fuzz-support.js';

/**
 * Hostile input, the validators: every input of the procedure (its format: text, pattern, email, date,
 * integer, choice, file, folder) and the date parser get arbitrary text — any Unicode, control characters,
 * huge numbers, near misses of each format. Each answer is a value that fits the format or one input error
 * (exit 3) whose sentence, in both languages, holds no control character; no call throws anything else or
 * takes long (a pattern must not backtrack for seconds). Quick: 2,000 cases per target; SEIKYU_PROVE=long: 25,000.
 */

/** A terminal acts on these; a message shows them as pictures instead (see src/i18n/visible.ts). */
const count = caseCounter('validators', removeTempDirs);


const inputs: Input[] = procedure.steps.flatMap((s) => s.inputs);

/** Near misses of every format, mixed with arbitrary text and control characters. */
function hostileText(): fc.Arbitrary<string> {
  const control = fc.constantFrom('\u001b[2J', '\u001b]0;owned\u0007', '\u0000', '\r', '\n', '\t', '\u009b', '\u202e', '\u2028', '\ufeff');
  const near = fc.constantFrom(
    '2026-02-29', '2026-02-30', '2028-02-29', '0999-12-31', '9999-01-01', '10000-01-01', '2026-1-1', '２０２６－０１－０１',
    '00', '-1', '1e3', '0x10', '99999999999999999999999', '１', '+1', ' 7 ', 'a@b', 'a@b.c', '@b.jp', 'a@@b.jp', 'a b@c.jp',
    'CAF1234567890', 'caf1234567890', 'CAF12345678901', '../..', '/', '.', '~', 'C:\\Windows', '\\\\server\\share',
    'ipv6-ipvpn', 'ＩＰＶ６', 'east', 'EAST', 'ntt', '0110113719', '011011371', '01101137190', 'null', 'undefined', '{}', '[]',
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 3, arbitrary: near },
    { weight: 2, arbitrary: fc.tuple(near, control, near).map(([a, c, b]) => a + c + b) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '0', '-', ' ', '1@', 'あ'), fc.integer({ min: 1_000, max: 20_000 })).map(([s, n]) => s.repeat(n)) },
  );
}

/** The service as checkValue needs it: the language and the clinic's day. */
function service(lang: 'ja' | 'en'): OnboardingService {
  return { lang, today: () => '2026-11-24' } as unknown as OnboardingService;
}

/** Fails when a call takes longer than this: the sign of a pattern that backtracks. */
const SLOW_MS = 250;

function timed<T>(what: string, fn: () => T): T {
  const start = performance.now();
  const slow = () => {
    const took = performance.now() - start;
    if (took > SLOW_MS) throw new Error(`${what} took ${Math.round(took)} ms`);
  };
  let value: T;
  try {
    value = fn();
  } catch (error) {
    slow();
    throw error;
  }
  slow();
  return value;
}

/** The sentence of an input error in both languages: no control character, not empty, one line. */
function expectClearInputError(error: unknown): void {
  expect(error).toBeInstanceOf(SeikyuError);
  const e = error as SeikyuError;
  expect([ExitCode.input, ExitCode.usage]).toContain(e.exitCode);
  for (const lang of ['ja', 'en'] as const) {
    const text = translator(lang)(e.key, e.params);
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text.length).toBeLessThan(1_000);
  }
}

describe('hostile input: the validators', () => {
  it(`normalizeInput: every input of the procedure, ${RUNS} cases`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...inputs), hostileText(), (input, raw) => {
        count('normalizeInput');
        const value = timed(`normalizeInput(${input.key})`, () => normalizeInput(input, raw));
        if (value === null) return;
        // A value that fits is trimmed, not empty, and fits its format on its own again (idempotent).
        expect(value).toBe(value.trim());
        expect(value).not.toBe('');
        expect(normalizeInput(input, value)).toBe(value);
        if (input.format.type === 'integer') expect(Number.isSafeInteger(Number(value)) || /^\d+$/.test(value)).toBe(true);
        if (input.format.type === 'choice') expect(input.format.values).toContain(value);
      }),
      { numRuns: RUNS },
    );
  });

  it(`checkValue (with the file and folder look-ups): ${RUNS} cases`, () => {
    const dir = tempDir('seikyu-fuzz-values-');
    mkdirSync(path.join(dir, 'folder'));
    writeFileSync(path.join(dir, 'file.p12'), 'x');
    const existing = fc.constantFrom(path.join(dir, 'folder'), path.join(dir, 'file.p12'), dir, path.join(dir, 'missing'));
    fc.assert(
      fc.property(fc.constantFrom(...inputs), fc.oneof(hostileText(), existing), fc.constantFrom('ja' as const, 'en' as const), (input, raw, lang) => {
        count('checkValue');
        let value: string;
        try {
          value = timed(`checkValue(${input.key})`, () => checkValue(service(lang), input, raw));
        } catch (error) {
          expectClearInputError(error);
          return;
        }
        expect(typeof value).toBe('string');
        expect(value.length).toBeGreaterThan(0);
        if (input.format.type === 'date' && !input.format.future) expect(value <= '2026-11-24').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('regression: a missing file or folder of thousands of characters is named shortened, not echoed whole', () => {
    const folder = inputs.find((i) => i.format.type === 'folder')!;
    const file = inputs.find((i) => i.format.type === 'file')!;
    for (const input of [folder, file]) {
      const error = (() => {
        try {
          checkValue(service('en'), input, '/nowhere/' + 'a'.repeat(5_000));
        } catch (e) {
          return e as SeikyuError;
        }
        throw new Error('accepted a path that does not exist');
      })();
      const text = translator('en')(error.key, error.params);
      expect(text).toContain('/nowhere/aaaa');
      expect(text).toContain('…');
      expect(text.length).toBeLessThan(600);
    }
  });

  it(`parseDate (--at, --by): ${RUNS} cases`, () => {
    const dateLike = fc
      .tuple(fc.integer({ min: -1, max: 10_001 }), fc.integer({ min: -1, max: 13 }), fc.integer({ min: -1, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.oneof(hostileText(), dateLike), (raw) => {
        count('parseDate');
        let value: string;
        try {
          value = timed('parseDate', () => parseDate(raw));
        } catch (error) {
          expectClearInputError(error);
          return;
        }
        // An accepted date is a real day of a four-digit year, and reads back as itself.
        expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10)).toBe(value);
      }),
      { numRuns: RUNS },
    );
  });
});
