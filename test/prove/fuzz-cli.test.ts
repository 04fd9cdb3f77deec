import fc from 'fast-check';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { globalOptions, parse, prepareArgs, type OptionSpec } from '../../src/cli/args.js';
import { ExitCode, SeikyuError } from '../../src/i18n/errors.js';
import { translator } from '../../src/i18n/index.js';
import { Cli, removeTempDirs, requireBuild, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { caseCounter, RAW_CONTROL, RUNS } from './fuzz-support.js';
import { LONG } from './harness.js';

/**
 * Hostile input, the command line: the argument parser (`parse`, `prepareArgs`) and the whole program (`main`,
 * run in this process with captured streams, on a real data folder) get arbitrary command lines — real
 * commands, steps and options mixed with near misses, control characters, huge and empty arguments. Every
 * outcome is success or one sentence with a known exit code (never 1), nothing a terminal would act on, no stack
 * trace, and — when refused — the document and its backup byte for byte as they were. A sample is spawned as the
 * real program to show the in-process runs stand for it. Extends test/cli/hostile-input.test.ts (fixed cases).
 * Quick: 2,000 cases per target; SEIKYU_PROVE=long: 25,000.
 */

const SPAWNED = LONG ? 200 : 8;
const KNOWN_CODES = [ExitCode.ok, ExitCode.usage, ExitCode.input, ExitCode.refused, ExitCode.state, ExitCode.store, ExitCode.secret];
const count = caseCounter('cli', () => {
  process.chdir(startDir);
  removeTempDirs();
});

vi.setConfig({ testTimeout: LONG ? 7_200_000 : 600_000, hookTimeout: 120_000 });

const startDir = process.cwd();

const COMMANDS = ['status', 'next', 'show', 'done', 'expect', 'undo', 'history', 'reveal', 'profile', 'init', 'help', 'frob', 'st', 'DONE', 'toString', '__proto__', 'constructor', 'hasOwnProperty'];
const STEPS = ['portal-account', 'line-contract', 'oqs-application', 'cert-application', 'cert-letter', 'master-account', 'ons-application', 'reader-order', 'net-config', 'claims-ready', 'facility-profile', 'cert-leter', 'ＯＮＳ'];
const OPTIONS = ['--json', '--terminal', '--at', '--note', '--by', '--confirmed', '--lang', '--operator', '--help', '-h', '-V', '--version', '-hV', '--name', '--code', '--area', '--carrier', '--connection', '--windows', '--yes', '--dry-run', '--', '-', '--json=1', '--at=2026-11-20', '-o'];
const VALUES = ['端末1', '端末9', 'en', 'ja', 'fr', '2026-11-20', '2026-02-30', '0999-01-01', '9998-12-31', '', ' ', 'east', 'west', 'ntt', 'ipv6-ipvpn', 'add-terminal', 'set', 'set-roles', 'remove-terminal', 'show', 'claims', 'oqs', 'email=a@b.jp', 'email=', '=x', 'count=2', 'model=RX', 'requestId=R1', 'referenceId=secret', 'x=y=z', '0110113719', '1', '-1', '#3', '99999999999999999999', 'toString', '__proto__', 'constructor', 'valueOf=1', '__proto__=x'];
const CONTROL = ['\u001b[2J', '\u001b]0;owned\u0007', '\u0000', '\r', '\n', '\t', '\u009b', '\u202e', '\u2028', '\u007f'];

/** One hostile argument: vocabulary, near misses with control characters, arbitrary text, now and then huge. */
function argument(): fc.Arbitrary<string> {
  const word = fc.constantFrom(...COMMANDS, ...STEPS, ...OPTIONS, ...VALUES);
  return fc
    .oneof(
      { weight: 8, arbitrary: word },
      { weight: 2, arbitrary: fc.tuple(word, fc.constantFrom(...CONTROL), fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('-', '--', 'x', '-h', 'email='), fc.integer({ min: 500, max: 20_000 })).map(([s, n]) => s + 'h'.repeat(n)) },
    )
    // Never a path outside the test's own folder: `init --data-dir /…` would write there.
    .filter((a) => !a.includes('/') && !a.includes('\\') && !a.startsWith('~') && !a.includes('\u0000'));
}

/** A command line: mostly a command first, then up to eight arguments. */
const commandLine = fc.tuple(fc.option(fc.constantFrom(...COMMANDS), { nil: undefined, freq: 6 }), fc.array(argument(), { maxLength: 8 })).map(([command, rest]) => (command === undefined ? rest : [command, ...rest]));

/** The option specs of the commands, as they are written there (a few, enough to reach every branch of the parser). */
const SPECS: OptionSpec[] = [
  {},
  { json: { type: 'boolean' } },
  { terminal: { type: 'string' }, at: { type: 'string' }, note: { type: 'string' }, confirmed: { type: 'boolean' } },
  { format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'include-secrets': { type: 'boolean' } },
  { terminal: { type: 'string', multiple: true }, windows: { type: 'boolean' } },
];

function expectOneClearSentence(text: string, what: string): void {
  expect(text, what).toMatch(/^seikyu: \S[^\n]*\n$/);
  expect(text, what).not.toMatch(RAW_CONTROL);
  expect(text, what).not.toContain('    at ');
  expect(text.length, what).toBeLessThan(1_500);
}

describe('regressions found by these suites', () => {
  it('regression: `done net-config` exits 4 and records the failed check (the long run took that for a changed document)', async () => {
    const cli = Cli.fresh('2026-11-24');
    await cli.ok(['init', '--name', 'ファズ診療所', '--code', '0110113719', '--area', 'east']);
    await cli.ok(['done', 'portal-account', 'email=a@b.jp', '--at', '2026-11-10']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-10']);
    await cli.ok(['done', 'oqs-application', '--at', '2026-11-11']);
    await cli.ok(['done', 'cert-application', '--at', '2026-11-12']);
    const before = cli.snapshot().doc!;
    const result = await runInProcess(['done', 'net-config'], { SEIKYU_HOME: cli.home, SEIKYU_NOW: '2026-11-24', SEIKYU_LANG: 'ja', SEIKYU_LOCK_WAIT_MS: '0' });
    // This PC does not resolve the closed network's names: the check fails, and being named, it is recorded.
    expect(result.code, result.stderr).toBe(ExitCode.refused);
    expect(recordedFailedCheck(before, cli.snapshot().doc, ['done', 'net-config'])).toBe(true);
    // Anything else that changed the document is still caught.
    expect(recordedFailedCheck(before, cli.snapshot().doc, ['done', 'portal-account'])).toBe(false);
    expect(recordedFailedCheck(before, before, ['done', 'net-config'])).toBe(false);
  });

  it('regression: `seikyu toString` (a name of Object.prototype) is an unknown command, not exit 1', async () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const result = await runInProcess([name], { SEIKYU_HOME: tempDir('seikyu-fuzz-proto-'), SEIKYU_NOW: '2026-11-24' });
      expect(result.code, name).toBe(ExitCode.usage);
      expectOneClearSentence(result.stderr, name);
    }
  });

  it('regression: a 20,000-letter command, extra `undo` argument or `done` argument is named shortened', async () => {
    const env = { SEIKYU_HOME: tempDir('seikyu-fuzz-long-'), SEIKYU_NOW: '2026-11-24', SEIKYU_LANG: 'en' };
    expect((await runInProcess(['init', '--name', 'x', '--code', '0110113719', '--area', 'east'], env)).code).toBe(0);
    const long = 'email=' + 'h'.repeat(20_000);
    for (const argv of [[long], ['undo', '1', long], ['done', 'portal-account', 'h'.repeat(20_000)], ['done', 'ons-application', 'h'.repeat(20_000) + '=x'], ['show', 'status', long], ['expect', 'ons-approval', '--by', '2026-12-01', long], ['profile', 'remove-terminal', 'h'.repeat(20_000)]]) {
      const result = await runInProcess(argv, env);
      expect(result.code).not.toBe(ExitCode.ok);
      expectOneClearSentence(result.stderr, argv[0]!);
      expect(result.stderr).toContain('…');
    }
  });
});

describe('hostile input: the argument parser', () => {
  it(`parse and prepareArgs: ${RUNS} command lines against the commands' option specs`, () => {
    fc.assert(
      fc.property(fc.array(argument(), { maxLength: 10 }), fc.constantFrom(...SPECS), fc.boolean(), (args, options, positionals) => {
        count('parse');
        const prepared = prepareArgs(args, { ...globalOptions, ...options }, positionals);
        let parsed;
        try {
          parsed = parse('status', args, options, positionals);
        } catch (error) {
          expect(error).toBeInstanceOf(SeikyuError);
          expect((error as SeikyuError).exitCode).toBe(ExitCode.usage);
          // The reader and the parser agree: a line the reader passes is not then refused by Node's parser.
          for (const lang of ['ja', 'en'] as const) expectOneClearSentence(`seikyu: ${translator(lang)((error as SeikyuError).key, (error as SeikyuError).params)}\n`, args.join(' '));
          return;
        }
        expect('args' in prepared).toBe(true);
        expect(parsed.positionals.every((p) => typeof p === 'string')).toBe(true);
        if (!positionals) expect(parsed.positionals).toEqual([]);
        for (const key of Object.keys(parsed.values)) expect(Object.hasOwn({ ...globalOptions, ...options }, key)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile input: the whole program, in this process', () => {
  let cli: Cli;
  let original: { doc: Buffer | null; bak: Buffer | null };
  let env: Record<string, string>;

  const restore = () => {
    for (const [file, bytes] of [
      [cli.file, original.doc],
      [cli.backup, original.bak],
    ] as const) {
      if (bytes === null) rmSync(file, { force: true });
      else writeFileSync(file, bytes, { mode: 0o600 });
    }
  };

  beforeAll(async () => {
    requireBuild();
    cli = Cli.fresh('2026-11-24');
    await cli.ok(['init', '--name', 'ファズ診療所', '--code', '0110113719', '--area', 'east']);
    await cli.ok(['done', 'portal-account', 'email=a@b.jp', '--at', '2026-11-10']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-10']);
    await cli.ok(['done', 'oqs-application', '--at', '2026-11-11']);
    await cli.ok(['done', 'cert-application', '--at', '2026-11-12']);
    original = cli.snapshot();
    env = { SEIKYU_HOME: cli.home, SEIKYU_NOW: '2026-11-24', SEIKYU_OPERATOR: 'ファズ', SEIKYU_LOCK_WAIT_MS: '0' };
    // `init --data-dir x` and other relative paths land in a folder of the test's own.
    process.chdir(tempDir('seikyu-fuzz-cwd-'));
  });

  it(`main: ${RUNS} command lines; a refusal changes nothing, nothing reaches the terminal raw, never exit 1`, async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, fc.constantFrom('ja', 'en'), async (argv, lang) => {
        count('main');
        const result = await within(10_000, runInProcess(argv, { ...env, SEIKYU_LANG: lang }));
        const what = JSON.stringify(argv).slice(0, 300);
        expect(KNOWN_CODES, `${what}: exit ${result.code}: ${result.stderr}`).toContain(result.code);
        expect(result.stdout + result.stderr, what).not.toMatch(RAW_CONTROL);
        const after = cli.snapshot();
        if (result.code !== 0) {
          expectOneClearSentence(result.stderr, what);
          if (!after.doc?.equals(original.doc!) && recordedFailedCheck(original.doc!, after.doc, argv)) {
            // `done STEP` / `check STEP` on a step whose check fails here records the failure (exit 4), by design.
            expect(result.code, `${what}: a recorded failed check`).toBe(ExitCode.refused);
            restore();
          } else {
            expect(after.doc?.equals(original.doc!), `${what}: document unchanged`).toBe(true);
            expect(after.bak === null ? original.bak === null : original.bak !== null && after.bak.equals(original.bak), `${what}: backup unchanged`).toBe(true);
          }
        } else {
          expect(result.stderr, what).not.toContain('    at ');
          if (!after.doc?.equals(original.doc!)) restore();
        }
        expect(existsSync(cli.file + '.lock'), `${what}: no lock left`).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it(`the real program agrees with the in-process runs on a sample of ${SPAWNED} command lines`, async () => {
    const sample = fc.sample(commandLine, { numRuns: SPAWNED, seed: 20261124 });
    for (const argv of sample) {
      count('spawned');
      const inProcess = await runInProcess(argv, { ...env, SEIKYU_LANG: 'en' });
      restore();
      const spawned = await cli.run(argv, { env: { SEIKYU_LANG: 'en', SEIKYU_LOCK_WAIT_MS: '0' } });
      restore();
      expect(spawned.code, JSON.stringify(argv)).toBe(inProcess.code);
      expect(spawned.stderr, JSON.stringify(argv)).toBe(inProcess.stderr);
      expect(KNOWN_CODES).toContain(spawned.code);
    }
  });
});

/** Fails instead of hanging when `promise` has not settled by the deadline. */
/**
 * Whether `after` is `before` with exactly one more event: a `check-failed` for a step named on the command line
 * of `done` or `check`. Found by the long run (`done net-config` on a PC without the closed network's DNS): the
 * property said every non-zero exit leaves the document as it was, but a named check's failure is recorded.
 */
function recordedFailedCheck(before: Buffer, after: Buffer | null, argv: readonly string[]): boolean {
  if (after === null || !['done', 'check'].includes(argv[0] ?? '')) return false;
  const events = (bytes: Buffer) => (JSON.parse(bytes.toString('utf8')) as { events: { type: string; step: string | null }[] }).events;
  const old = events(before);
  const now = events(after);
  const added = now.at(-1);
  return (
    now.length === old.length + 1 &&
    JSON.stringify(now.slice(0, -1)) === JSON.stringify(old) &&
    added?.type === 'check-failed' &&
    added.step !== null &&
    argv.slice(1).includes(added.step)
  );
}

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: still running after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
