import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheDigest } from '../../src/effects/store-document.js';
import { ExitCode } from '../../src/i18n/errors.js';
import { Cli, removeTempDirs, requireBuild } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { caseCounter, RAW_CONTROL, RUNS } from './fuzz-support.js';
import { LONG } from './harness.js';

/**
 * Hostile input, the store loader: the saved document (seikyu.json) replaced by random bytes, by truncations and
 * by flipped bytes of a real one, and by documents that fit the schema but say wrong things (ids twice or out of
 * order, undo of nothing, unknown steps and terminals, dates out of range, a profile that disagrees with the
 * events, a forged cache, a newer format). Every load ends with the state or one sentence (exit 6 for a document
 * it will not read, 3–5 for a record it refuses), never exit 1; nothing reaches the terminal raw; a reading
 * command never changes the file. Runs the program in this process (`main` with captured streams).
 * Quick: 2,000 cases; SEIKYU_PROVE=long: 25,000.
 */

const count = caseCounter('store', removeTempDirs);

vi.setConfig({ testTimeout: LONG ? 7_200_000 : 600_000, hookTimeout: 120_000 });

type Json = Record<string, unknown>;
let cli: Cli;
let good: Buffer;
type DocJson = Json & { events: Json[]; profile: Json; cache: Json | null };
type Change = (d: DocJson) => void;
let doc: DocJson;

beforeAll(async () => {
  requireBuild();
  cli = Cli.fresh('2026-11-24');
  await cli.ok(['init', '--name', 'ストア診療所', '--code', '0110113719', '--area', 'east']);
  await cli.ok(['done', 'portal-account', 'email=a@b.jp', '--at', '2026-11-10']);
  await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-10']);
  await cli.ok(['done', 'oqs-application', '--at', '2026-11-11']);
  await cli.ok(['done', 'cert-application', '--at', '2026-11-12']);
  await cli.ok(['expect', 'master-account', '--by', '2026-12-01']);
  await cli.ok(['done', 'cert-letter', 'requestId=R1', 'issuedOn=2026-11-20'], { input: 'referenceId=REF1\n', env: { SEIKYU_PASSPHRASE: 'store-fuzz-pass' } });
  await cli.ok(['done', 'claims-notice']);
  await cli.ok(['undo']);
  good = readFileSync(cli.file);
  doc = JSON.parse(good.toString('utf8')) as typeof doc;
});

const STEPS = ['portal-account', 'cert-letter', 'facility-profile', 'no-such-step', 'claims-ready', '__proto__', 'toString'];
const DATES = ['2026-11-10', '2026-02-30', '0000-01-01', '9999-12-31', '2100-01-01', '1999-12-31', '', 'x', '2026-11-10T09:00:00+09:00'];

/** One change to the document that the schema still accepts (most of the time) but that means something wrong. */
const semanticChange: fc.Arbitrary<Change> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 40 })).map(([i, id]): Change => (d) => void (d.events[i % d.events.length]!.id = id)),
  fc.nat().map((i): Change => (d) => void d.events.push(structuredClone(d.events[i % d.events.length]!))),
  fc.nat().map((i): Change => (d) => void d.events.splice(i % d.events.length, 1)),
  fc.tuple(fc.nat(), fc.constantFrom(...STEPS)).map(([i, s]): Change => (d) => void (d.events[i % d.events.length]!.step = s)),
  fc.tuple(fc.nat(), fc.constantFrom(null, '端末9', '端末1', '')).map(([i, t]): Change => (d) => void (d.events[i % d.events.length]!.terminal = t)),
  fc.tuple(fc.nat(), fc.constantFrom(...DATES), fc.constantFrom('occurredAt', 'recordedAt', 'by')).map(([i, v, k]): Change => (d) => void (d.events[i % d.events.length]![k] = v)),
  fc.tuple(fc.nat(), fc.constantFrom('step-done', 'undone', 'expected', 'check-passed', 'check-failed', 'profile-created', 'profile-changed', 'future-type')).map(([i, t]): Change => (d) => void (d.events[i % d.events.length]!.type = t)),
  fc.tuple(fc.nat(), fc.integer({ min: -1, max: 50 })).map(([i, t]): Change => (d) => void (d.events[i % d.events.length]!.target = t)),
  fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([i, v]): Change => (d) => void (d.events[i % d.events.length]!.inputs = v)),
  fc.constantFrom<Change>(
    (d) => void d.events.reverse(),
    (d) => void (d.events = []),
    (d) => void (d.profile = { ...d.profile, name: 'ほかの診療所\u001b[2J' }),
    (d) => void (d.profile = { ...d.profile, terminals: [] }),
    (d) => void (d.format = 3),
    (d) => void (d.format = 0),
    (d) => void (d.secrets = null),
    (d) => void (d.cache = null),
    // A forged cache that claims everything done, its digest made to match: replay must not trust it blindly.
    (d) => {
      if (!d.cache) return;
      const cache = { ...d.cache, lastEventId: 999, snapshot: { value: 'done', context: {} } } as Json;
      delete cache.digest;
      d.cache = { ...cache, digest: cacheDigest(cache as never) };
    },
  ),
  fc.tuple(fc.constantFrom('createdAt', 'program', 'profile', 'secrets', 'cache', 'events', 'extra'), fc.jsonValue({ maxDepth: 2 })).map(([k, v]): Change => (d) => void ((d as Record<string, unknown>)[k] = v)),
);

/** The bytes of a hostile document. */
const hostileDocument: fc.Arbitrary<{ kind: string; bytes: Buffer }> = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((b) => ({ kind: 'random bytes', bytes: Buffer.from(b) })),
  fc.nat().map((n) => ({ kind: 'truncated', bytes: good.subarray(0, n % good.length) })),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
    const bytes = Buffer.from(good);
    for (const [at, mask] of flips) bytes[at % bytes.length] = bytes[at % bytes.length]! ^ mask;
    return { kind: 'flipped bytes', bytes };
  }),
  fc.array(semanticChange, { minLength: 1, maxLength: 3 }).map((changes) => {
    const copy = structuredClone(doc);
    for (const change of changes) {
      try {
        change(copy);
      } catch {
        // An earlier change took away what this one changes (no events left): the document stays as it is.
      }
    }
    return { kind: 'wrong content', bytes: Buffer.from(JSON.stringify(copy, null, 2)) };
  }),
);

describe('hostile input: the store loader', () => {
  it(`${RUNS} hostile documents: the state or one sentence, never exit 1, the file untouched by a reading command`, async () => {
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileDocument, fc.constantFrom<string[]>(['status', '--json'], ['next'], ['history']), async ({ kind, bytes }, argv) => {
        count('loader');
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        writeFileSync(cli.file, bytes, { mode: 0o600 });
        const before = cli.snapshot();
        const result = await runInProcess(argv, { SEIKYU_HOME: cli.home, SEIKYU_NOW: '2026-11-24', SEIKYU_LANG: 'en' });
        const what = `${kind} (${argv.join(' ')}): exit ${result.code}: ${result.stderr}`;
        expect([ExitCode.ok, ExitCode.input, ExitCode.refused, ExitCode.state, ExitCode.store], what).toContain(result.code);
        expect(result.stdout + result.stderr, what).not.toMatch(RAW_CONTROL);
        if (result.code === 0) {
          expect(result.stderr, what).toBe('');
          if (argv.includes('--json')) expect(() => JSON.parse(result.stdout) as unknown, what).not.toThrow();
        } else {
          expect(result.stderr, what).toMatch(/^seikyu: \S[^\n]*\n$/);
          expect(result.stderr.length, what).toBeLessThan(1_500);
        }
        const after = cli.snapshot();
        expect(after.doc?.equals(before.doc!), `${what}: document unchanged`).toBe(true);
        expect(after.bak?.equals(before.bak!), `${what}: backup unchanged`).toBe(true);
        // Besides the document and its backup, only the saved answers of `status`/`next` (answers.json, keyed by the
        // document's bytes) may be there: a reading command leaves nothing else.
        expect(readdirSync(cli.home).filter((f) => !['seikyu.json', 'seikyu.json.bak', 'answers.json'].includes(f)), what).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    console.log(`  loader by kind: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    writeFileSync(cli.file, good, { mode: 0o600 });
    expect(existsSync(cli.file)).toBe(true);
  });

  it('regression: a damaged date input in the log (issuedOn "r026-11-20") is refused as a damaged document, not exit 1', async () => {
    count('writer');
    const damaged = structuredClone(doc);
    const letter = damaged.events.find((e) => e.step === 'cert-letter')!;
    (letter.inputs as Record<string, string>).issuedOn = 'r026-11-20';
    writeFileSync(cli.file, JSON.stringify(damaged, null, 2), { mode: 0o600 });
    const before = cli.snapshot();
    const result = await runInProcess(['status', '--json'], { SEIKYU_HOME: cli.home, SEIKYU_NOW: '2026-11-24', SEIKYU_LANG: 'en' });
    expect(result.code, result.stderr).toBe(ExitCode.store);
    expect(result.stderr).toMatch(/^seikyu: \S[^\n]*\n$/);
    expect(result.stderr).toContain('r026-11-20');
    expect(cli.snapshot().doc?.equals(before.doc!)).toBe(true);
    writeFileSync(cli.file, good, { mode: 0o600 });
  });

  it('a writing command refuses a damaged document and leaves it as it was', async () => {
    for (const bytes of [good.subarray(0, good.length >> 1), Buffer.from('{"format":3}'), Buffer.from([0xff, 0xfe, 0x00])]) {
      count('writer');
      writeFileSync(cli.file, bytes, { mode: 0o600 });
      const before = cli.snapshot();
      const result = await runInProcess(['done', 'claims-notice'], { SEIKYU_HOME: cli.home, SEIKYU_NOW: '2026-11-24' });
      expect(result.code).toBe(ExitCode.store);
      expect(result.stderr).toMatch(/^seikyu: \S[^\n]*\n$/);
      expect(cli.snapshot().doc?.equals(before.doc!)).toBe(true);
    }
    writeFileSync(cli.file, good, { mode: 0o600 });
  });
});
