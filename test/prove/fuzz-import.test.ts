import fc from 'fast-check';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleDigest, facilityIdOf } from '../../src/app/handoff.js';
import { ExitCode } from '../../src/i18n/errors.js';
import { Cli, removeTempDirs, requireBuild, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { caseCounter, RAW_CONTROL, RUNS } from './fuzz-support.js';
import { LONG } from './harness.js';

/**
 * Hostile input, the importer: real bundles written by `seikyu export` (without secrets, and with them sealed
 * under a handoff passphrase) are replaced by random bytes, truncated, have bytes flipped, or are changed and
 * sealed again with a correct digest (so every check behind the digest is reached: ids, steps, dates, the
 * profile, the facility id, secrets, a newer format or procedure). `seikyu import FILE --yes` (and `--dry-run`)
 * then either imports or says one sentence — never exit 1, nothing raw on the terminal — and a refused import
 * leaves the clinic's document and backup byte for byte as they were. Runs `main` in this process.
 * Quick: 2,000 cases; SEIKYU_PROVE=long: 25,000.
 */

const STORE_PASS = 'import-fuzz-store';
const HANDOFF_PASS = 'import-fuzz-handoff';
const count = caseCounter('import', removeTempDirs);

vi.setConfig({ testTimeout: LONG ? 7_200_000 : 600_000, hookTimeout: 120_000 });

type Json = Record<string, unknown>;
type BundleJson = Json & { events: Json[]; profile: Json; secrets: Json };
type Change = (b: BundleJson) => void;
let target: Cli;
let original: { doc: Buffer | null; bak: Buffer | null };
const bundles: { name: string; bytes: Buffer; json: BundleJson }[] = [];
let work: string;

beforeAll(async () => {
  requireBuild();
  const source = Cli.fresh('2026-11-24');
  await source.ok(['init', '--name', '引き継ぎ診療所', '--code', '0110113719', '--area', 'east']);
  await source.ok(['done', 'portal-account', 'email=a@b.jp', '--at', '2026-11-10']);
  await source.ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-10']);
  await source.ok(['done', 'oqs-application', '--at', '2026-11-11']);
  await source.ok(['done', 'cert-application', '--at', '2026-11-12']);
  await source.ok(['expect', 'master-account', '--by', '2026-12-01']);
  await source.ok(['done', 'cert-letter', 'requestId=R1', 'issuedOn=2026-11-20'], { input: 'referenceId=REF-IMPORT-1\n', env: { SEIKYU_PASSPHRASE: STORE_PASS } });
  await source.ok(['done', 'claims-notice']);
  await source.ok(['undo']);
  const out = tempDir('seikyu-fuzz-bundles-');
  await source.ok(['export', '-o', path.join(out, 'plain.json')]);
  await source.ok(['export', '--include-secrets', '-o', path.join(out, 'sealed.json')], { env: { SEIKYU_PASSPHRASE: STORE_PASS, SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS } });
  for (const name of ['plain.json', 'sealed.json']) {
    const bytes = readFileSync(path.join(out, name));
    bundles.push({ name, bytes, json: JSON.parse(bytes.toString('utf8')) as BundleJson });
  }
  // The clinic that imports has records of its own: a refused import must leave them as they were.
  target = Cli.fresh('2026-11-25');
  await target.ok(['init', '--name', '受け取る診療所', '--code', '0110113719', '--area', 'east']);
  await target.ok(['done', 'portal-account', 'email=c@d.jp']);
  original = target.snapshot();
  work = tempDir('seikyu-fuzz-import-');
});

const STEPS = ['portal-account', 'cert-letter', 'facility-profile', 'no-such-step', '__proto__'];
const DATES = ['2026-11-10', '2026-02-30', '0000-01-01', '9999-12-31', '2100-01-01', '', '2026-11-10T09:00:00+09:00'];

/** One change to a bundle's content (the digest is made to match afterwards). */
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 40 })).map(([i, id]): Change => (b) => void (b.events[i % b.events.length]!.id = id)),
  fc.nat().map((i): Change => (b) => void b.events.push(structuredClone(b.events[i % b.events.length]!))),
  fc.nat().map((i): Change => (b) => void b.events.splice(i % b.events.length, 1)),
  fc.tuple(fc.nat(), fc.constantFrom(...STEPS)).map(([i, s]): Change => (b) => void (b.events[i % b.events.length]!.step = s)),
  fc.tuple(fc.nat(), fc.constantFrom(null, '端末9', '')).map(([i, t]): Change => (b) => void (b.events[i % b.events.length]!.terminal = t)),
  fc.tuple(fc.nat(), fc.constantFrom(...DATES), fc.constantFrom('occurredAt', 'recordedAt', 'by')).map(([i, v, k]): Change => (b) => void (b.events[i % b.events.length]![k] = v)),
  fc.tuple(fc.nat(), fc.constantFrom('step-done', 'undone', 'expected', 'check-passed', 'profile-changed', 'future-type')).map(([i, t]): Change => (b) => void (b.events[i % b.events.length]!.type = t)),
  fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([i, v]): Change => (b) => void (b.events[i % b.events.length]!.inputs = v)),
  fc.tuple(fc.nat(), fc.string({ maxLength: 12 })).map(([i, note]): Change => (b) => void (b.events[i % b.events.length]!.note = note)),
  fc.constantFrom<Change>(
    (b) => void b.events.reverse(),
    (b) => void (b.events = []),
    (b) => void (b.format = 2),
    (b) => void (b.procedureVersion = 99),
    (b) => void (b.kind = 'medical-seikyu/other'),
    (b) => void (b.profile = { ...b.profile, name: 'ほか\u001b]0;x\u0007' }),
    (b) => void (b.profile = { ...b.profile, terminals: [] }),
    (b) => void (b.secrets = { exported: true, count: 5, key: null }),
    (b) => void (b.secrets = { exported: false, count: 0 }),
    // The facility id of its own (changed) first event: only the record itself can be refused.
    (b) => void (b.facilityId = facilityIdOf(b.events as never) ?? b.facilityId),
  ),
  fc.tuple(fc.constantFrom('program', 'profile', 'secrets', 'steps', 'createdAt', 'exportedAt', 'exportedBy', 'facilityId', 'extra'), fc.jsonValue({ maxDepth: 2 })).map(([k, v]): Change => (b) => void ((b as Record<string, unknown>)[k] = v)),
);

const hostileBundle: fc.Arbitrary<{ kind: string; bytes: Buffer }> = fc.nat().chain((which) => {
  const { bytes: good, json } = bundles[which % bundles.length]!;
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => ({ kind: 'random bytes', bytes: Buffer.from(b) })),
    fc.nat().map((n) => ({ kind: 'truncated', bytes: good.subarray(0, n % good.length) })),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }).map((flips) => {
      const bytes = Buffer.from(good);
      for (const [at, mask] of flips) bytes[at % bytes.length] = bytes[at % bytes.length]! ^ mask;
      return { kind: 'flipped bytes', bytes };
    }),
    fc.tuple(fc.array(change, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([changes, reseal]) => {
      const copy = structuredClone(json);
      for (const c of changes) {
        try {
          c(copy);
        } catch {
          // An earlier change took away what this one changes: the bundle stays as it is.
        }
      }
      if (reseal) copy.digest = bundleDigest(copy);
      return { kind: reseal ? 'changed, resealed' : 'changed', bytes: Buffer.from(JSON.stringify(copy, null, 2)) };
    }),
  );
});

function restore(): void {
  writeFileSync(target.file, original.doc!, { mode: 0o600 });
  if (original.bak) writeFileSync(target.backup, original.bak, { mode: 0o600 });
  else rmSync(target.backup, { force: true });
  for (const f of readdirSync(target.home)) if (f.includes('before-import')) rmSync(path.join(target.home, f));
}

describe('hostile input: the importer', () => {
  it(`${RUNS} hostile bundles: imported, or one sentence and the document untouched; never exit 1`, async () => {
    const kinds = new Map<string, string>();
    const outcomes = new Map<string, number>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileBundle, fc.constantFrom('--yes', '--dry-run'), fc.constantFrom('ja', 'en'), async ({ kind, bytes }, mode, lang) => {
        count('import');
        const file = path.join(work, `bundle-${n++ % 8}.json`);
        writeFileSync(file, bytes);
        const result = await runInProcess(['import', file, mode], { SEIKYU_HOME: target.home, SEIKYU_NOW: '2026-11-25', SEIKYU_LANG: lang, SEIKYU_PASSPHRASE: STORE_PASS, SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS });
        const what = `${kind} (${mode}): exit ${result.code}: ${result.stderr}`;
        outcomes.set(`${kind} → ${result.code}`, (outcomes.get(`${kind} → ${result.code}`) ?? 0) + 1);
        kinds.set(kind, kind);
        expect([ExitCode.ok, ExitCode.input, ExitCode.refused, ExitCode.state, ExitCode.store, ExitCode.secret], what).toContain(result.code);
        expect(result.stdout + result.stderr, what).not.toMatch(RAW_CONTROL);
        const after = target.snapshot();
        if (result.code !== 0 || mode === '--dry-run') {
          if (result.code !== 0) {
            expect(result.stderr, what).toMatch(/^seikyu: \S[^\n]*\n$/);
            expect(result.stderr.length, what).toBeLessThan(1_500);
          }
          expect(after.doc?.equals(original.doc!), `${what}: document unchanged`).toBe(true);
          expect(after.bak === null ? original.bak === null : after.bak.equals(original.bak!), `${what}: backup unchanged`).toBe(true);
          expect(readdirSync(target.home).filter((f) => f.includes('before-import')), what).toEqual([]);
        } else {
          restore();
        }
      }),
      { numRuns: RUNS },
    );
    console.log(`  import outcomes: ${[...outcomes].sort().map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  });
});
