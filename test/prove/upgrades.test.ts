import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleDigest } from '../../src/app/handoff.js';
import { DOCUMENT_FORMAT } from '../../src/effects/store-document.js';
import { ExitCode } from '../../src/i18n/errors.js';
import { Cli, removeTempDirs, repoRoot, requireBuild, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

/**
 * Upgrades suite: a document of every earlier format and procedure version loads by replaying its events (never
 * from its stale cached snapshot), shows its records, opens its secrets, and takes the next record, after which
 * it is written in the current format with its old events unchanged. A document or a bundle from a newer program
 * is refused with one sentence and left as it was, not half-read.
 *
 * The fixtures (test/fixtures/documents/), one per version the history has:
 * - procedure-v0.json: format 1, a procedure version 0 that never shipped (an invented older procedure, with a
 *   step since removed); kept from test/app/upgrade.test.ts.
 * - format1-procedure-v1.json: format 1 (commits 60635d4…f499797), machine 1, procedure 1: the cache has no
 *   `ignored` and no digest. Written by hand in that format; its secret sealed with the (unchanged) scheme.
 * - format2-procedure-v1.json: format 2 with procedure 1 (49fe883): machine 2, the cache with `ignored` and digest.
 * - format2-procedure-v2.json: the current format and procedure, written by the current program.
 * Keep them as the versions change: add a fixture for each new format or procedure version, never rewrite one.
 */

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'documents');
const CURRENT_PROCEDURE = (JSON.parse(readFileSync(path.join(repoRoot, 'data', 'procedure.json'), 'utf8')) as { version: number }).version;

interface Fixture {
  file: string;
  format: number;
  procedure: number;
  passphrase: string;
  secret: string;
  now: string;
}

const FIXTURES: Fixture[] = [
  { file: 'format1-procedure-v1.json', format: 1, procedure: 1, passphrase: 'fixture-format1-pass', secret: 'OldPw-format1-7', now: '2026-09-10' },
  { file: 'format2-procedure-v1.json', format: 2, procedure: 1, passphrase: 'fixture-format2-pass', secret: 'OldPw-format2-8', now: '2026-09-10' },
  { file: 'format2-procedure-v2.json', format: 2, procedure: 2, passphrase: 'fixture-format2v2-pass', secret: 'NowPw-format2-9', now: '2026-11-10' },
];

type Doc = { format: number; events: { id: number }[]; cache: { machineVersion: number; procedureVersion: number; lastEventId: number } | null };

function copyOf(fixture: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'seikyu-prove-upgrade-'));
  const file = path.join(dir, 'seikyu.json');
  copyFileSync(path.join(fixtures, fixture), file);
  return { dir, file };
}

describe.each(FIXTURES)('a document of format $format, procedure version $procedure ($file)', (fixture) => {
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  beforeAll(() => {
    ({ dir, file } = copyOf(fixture.file));
    env = { SEIKYU_HOME: dir, SEIKYU_NOW: fixture.now, SEIKYU_OPERATOR: '後任' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what its name says: its format and, in its cache, its procedure version', () => {
    const doc = JSON.parse(readFileSync(path.join(fixtures, fixture.file), 'utf8')) as Doc;
    expect(doc.format).toBe(fixture.format);
    expect(doc.cache?.procedureVersion).toBe(fixture.procedure);
    expect(doc.format).toBeLessThanOrEqual(DOCUMENT_FORMAT);
  });

  it('loads by replay: records done, the undone one open again, in every view; the file is not rewritten by reading', async () => {
    const before = readFileSync(file);
    const status = await runInProcess(['status', '--json'], env);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    const steps = (JSON.parse(status.stdout) as { steps: { id: string; terminal: string | null; status: string }[] }).steps;
    const of = (id: string, terminal: string | null = null) => steps.find((s) => s.id === id && s.terminal === terminal)?.status;
    expect(of('portal-account')).toBe('done');
    expect(of('oqs-application')).toBe('done');
    expect(of('master-account')).toBe('done');
    expect(of('cert-application', '端末1')).toBe('done');
    // The cache (stale, or claiming nothing) is not what answers: claims-notice was undone, so it is doable again.
    expect(of('claims-notice')).not.toBe('done');
    for (const args of [['status'], ['next'], ['history'], ['show', 'master-account'], ['export', '--format', 'md']]) {
      const result = await runInProcess(args, env);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('its secret opens with its passphrase', async () => {
    const result = await runInProcess(['reveal', 'master-account', 'password'], { ...env, SEIKYU_PASSPHRASE: fixture.passphrase });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(fixture.secret);
  });

  it('takes the next record; then it is written in the current format, its old events unchanged', async () => {
    const old = JSON.parse(readFileSync(file, 'utf8')) as Doc;
    const result = await runInProcess(['done', 'cert-letter', '--terminal', '端末1', 'requestId=R-UP-1'], { ...env, SEIKYU_PASSPHRASE: fixture.passphrase }, 'referenceId=REF-UP-1\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Doc;
    expect(doc.format).toBe(DOCUMENT_FORMAT);
    expect(doc.events.slice(0, old.events.length)).toEqual(old.events);
    expect(doc.events).toHaveLength(old.events.length + 1);
    expect(doc.cache?.procedureVersion).toBe(CURRENT_PROCEDURE);
    expect(doc.cache?.lastEventId).toBe(old.events.length + 1);
    const status = await runInProcess(['status', '--json'], env);
    expect((JSON.parse(status.stdout) as { steps: { id: string; terminal: string | null; status: string }[] }).steps.find((s) => s.id === 'cert-letter' && s.terminal === '端末1')?.status).toBe('done');
  });
});

describe('a document from a newer program', () => {
  const newer = (change: (doc: Record<string, unknown>) => void) => {
    const { dir, file } = copyOf('format2-procedure-v2.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(doc);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    return { dir, file, env: { SEIKYU_HOME: dir, SEIKYU_NOW: '2026-11-10', SEIKYU_LANG: 'en' } };
  };

  it.each([DOCUMENT_FORMAT + 1, 99])('format %i: every command refuses it with one sentence (update seikyu), exit 6, and leaves it as it was', async (format) => {
    const { dir, file, env } = newer((doc) => {
      doc.format = format;
      // What a newer program might add: a field this one does not know.
      doc.attachments = [];
    });
    const before = readFileSync(file);
    for (const args of [['status'], ['status', '--json'], ['history'], ['done', 'cert-application', '--terminal', '端末1'], ['export'], ['undo']]) {
      const result = await runInProcess(args, env);
      expect(result.code, args.join(' ')).toBe(ExitCode.store);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^seikyu: The saved data .* was written by a newer version of seikyu\. Update seikyu\.\n$/);
      expect(readFileSync(file).equals(before)).toBe(true);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('an event of a kind this program does not know is refused as a whole, not read around', async () => {
    const { dir, file, env } = newer((doc) => {
      (doc.events as Record<string, unknown>[]).push({ id: 11, type: 'appointment-booked', step: 'claims-test', terminal: '端末1', inputs: {}, occurredAt: '2026-11-09', recordedAt: '2026-11-09T10:00:00+09:00', operator: 'x' });
    });
    const before = readFileSync(file);
    const result = await runInProcess(['status', '--json'], env);
    expect(result.code).toBe(ExitCode.store);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^seikyu: \S[^\n]*\n$/);
    expect(readFileSync(file).equals(before)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a cache written under a newer procedure version is not trusted: the events are replayed', async () => {
    const { dir, env } = newer((doc) => {
      const cache = doc.cache as Record<string, unknown>;
      cache.procedureVersion = 99;
    });
    const result = await runInProcess(['status', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const steps = (JSON.parse(result.stdout) as { steps: { id: string; status: string }[] }).steps;
    expect(steps.find((s) => s.id === 'master-account')?.status).toBe('done');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a bundle from a newer program', () => {
  let bundle: Record<string, unknown>;
  let target: Cli;
  beforeAll(async () => {
    requireBuild();
    const { dir } = copyOf('format2-procedure-v2.json');
    const source = new Cli(dir, '2026-11-10');
    bundle = JSON.parse((await source.ok(['export'])).stdout) as Record<string, unknown>;
    target = Cli.fresh('2026-11-10');
    await target.ok(['init', '--name', '受け取る内科', '--code', '0110113719', '--area', 'east']);
  });

  const sealed = (change: (b: Record<string, unknown>) => void) => {
    const copy = structuredClone(bundle);
    change(copy);
    copy.digest = bundleDigest(copy);
    const file = path.join(tempDir('seikyu-prove-bundle-'), 'newer.json');
    writeFileSync(file, JSON.stringify(copy, null, 2));
    return file;
  };

  it('a newer bundle format is refused with one sentence, nothing imported', async () => {
    const message = await target.refuse(['import', sealed((b) => (b.format = 2)), '--yes'], ExitCode.store, { env: { SEIKYU_LANG: 'en' } });
    expect(message).toMatch(/newer|update/i);
  });

  it('a newer procedure version is refused with one sentence naming both versions, nothing imported', async () => {
    const message = await target.refuse(['import', sealed((b) => (b.procedureVersion = 3)), '--yes'], ExitCode.store, { env: { SEIKYU_LANG: 'en' } });
    expect(message).toContain('3');
  });

  it('the bundle as exported imports (the refusals above are about the version alone)', async () => {
    const file = sealed(() => undefined);
    const copy = target.clone();
    await copy.ok(['import', file, '--yes']);
  });
});
