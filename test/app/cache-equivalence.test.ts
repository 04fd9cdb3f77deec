import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProcedure } from '../../src/effects/procedure-loader.js';
import type { StoredEvent } from '../../src/machine/events.js';
import { isCacheIntact, type SnapshotCache } from '../../src/effects/store-document.js';
import { persist, persistIgnored, replay, restore } from '../../src/machine/replay.js';
import { runInProcess } from '../helpers/in-process.js';

/**
 * The cache is invisible: every command answers the same, byte for byte, from the cached snapshot and from a
 * full replay of the log. The scenario reaches profile changes (one that makes a done step no longer apply),
 * an undo, an expectation, a failed check, secrets and several terminals.
 */

const procedure = loadProcedure();
const PASS = 'cache-test-passphrase';

let dir: string;
const file = () => path.join(dir, 'seikyu.json');
const env = (now: string) => ({ SEIKYU_HOME: dir, SEIKYU_NOW: now, SEIKYU_OPERATOR: '事務長', SEIKYU_PASSPHRASE: PASS });

async function ok(now: string, args: string[], stdin = ''): Promise<void> {
  const result = await runInProcess(args, env(now), stdin);
  if (result.code !== 0) throw new Error(`seikyu ${args.join(' ')} → ${result.code}: ${result.stderr}`);
}

type Doc = { events: StoredEvent[]; cache: { snapshot: unknown; ignored: unknown; lastEventId: number; digest: string } | null };
const readDoc = () => JSON.parse(readFileSync(file(), 'utf8')) as Doc;

/** The cache an append left equals what a replay of the whole log computes. */
function expectCacheEqualsReplay(): void {
  const doc = readDoc();
  const replayed = replay(procedure, doc.events)!;
  expect(doc.cache).not.toBeNull();
  expect(doc.cache!.lastEventId).toBe(doc.events.at(-1)!.id);
  expect(doc.cache!.snapshot).toEqual(JSON.parse(JSON.stringify(persist(replayed))));
  expect(doc.cache!.ignored).toEqual(persistIgnored(replayed));
  // The cache is intact and current, so reads are served from it (this is what the comparisons compare).
  expect(isCacheIntact(doc.cache as unknown as SnapshotCache)).toBe(true);
  expect(restore(procedure, doc.events, doc.cache as unknown as SnapshotCache).fromCache).toBe(true);
}

const commands: string[][] = [
  ['status'],
  ['status', '--json'],
  ['status', '--terminal', '端末1'],
  ['next'],
  ['next', '--json'],
  ['history'],
  ['history', '--json'],
  ['show', 'line-contract'],
  ['show', 'master-account'],
  ['show', 'cert-letter', '--terminal', '端末1'],
  ['show', 'client-cert', '--terminal', '端末1'],
  ['show', 'net-config', '--terminal', '端末1'],
  ['show', 'claims-notice'],
  ['profile', 'show'],
  ['profile', 'show', '--json'],
];

async function outputs(now: string): Promise<string[]> {
  const out: string[] = [];
  for (const lang of ['ja', 'en']) {
    for (const args of commands) {
      const result = await runInProcess(['--lang', lang, ...args], env(now));
      out.push(`$ seikyu --lang ${lang} ${args.join(' ')} → ${result.code}\n${result.stdout}${result.stderr}`);
    }
  }
  return out;
}

describe('the cache never changes an answer', () => {
  const today = '2026-11-30';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'seikyu-cache-'));
    await ok('2026-10-01', ['init', '--name', 'さくら内科', '--code', '0110113719', '--area', 'east', '--terminal', '端末1:claims,oqs', '--terminal', '端末2:claims']);
    await ok('2026-10-02', ['done', 'portal-account', 'email=info@sakura.example.jp']);
    await ok('2026-10-02', ['done', 'line-contract', 'customerId=CAF1234567890']);
    expectCacheEqualsReplay();
    await ok('2026-10-05', ['done', 'oqs-application']);
    await ok('2026-10-05', ['done', 'claims-notice']);
    await ok('2026-10-05', ['undo']);
    await ok('2026-10-06', ['done', 'claims-notice']);
    await ok('2026-10-06', ['done', 'cert-application', '--terminal', '端末1']);
    await ok('2026-10-07', ['expect', 'master-account', '--by', '2026-10-20']);
    await ok('2026-10-09', ['done', 'cert-letter', '--terminal', '端末1', 'requestId=R0123456', 'issuedOn=2026-10-08'], 'referenceId=REF-SECRET-1\n');
    expectCacheEqualsReplay();
    await ok('2026-10-10', ['profile', 'add-terminal', '端末3:oqs']);
    await ok('2026-10-10', ['done', 'net-config', '--terminal', '端末1', '--note', 'DNS を画面で確認']);
    await ok('2026-10-12', ['done', 'reader-order', 'count=1', 'model=caora']);
    // Makes the recorded line contract no longer apply: the history marks it, from the cache too.
    await ok('2026-10-15', ['profile', 'set', '--carrier', 'ctc', '--connection', 'ipv4-ipvpn']);
    await ok('2026-10-16', ['done', 'setup-manual', `folder=${dir}`, '--note', 'フォルダを確認']);
    expectCacheEqualsReplay();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the history marks an event that no longer applies, as a full replay does', async () => {
    const history = await runInProcess(['history'], env(today));
    expect(history.stdout).toMatch(/line-contract.*現在の施設情報では対象外/);
  });

  it('every command prints the same bytes from the cache and from a replay of the log', async () => {
    expectCacheEqualsReplay();
    const doc = readDoc();
    const fromCache = await outputs(today);
    writeFileSync(file(), JSON.stringify({ ...doc, cache: null }, null, 2) + '\n');
    const fromReplay = await outputs(today);
    expect(fromReplay).toHaveLength(commands.length * 2);
    for (let i = 0; i < fromCache.length; i++) expect(fromCache[i]).toBe(fromReplay[i]);
    // The secret never shows, from either.
    expect(fromCache.join('\n')).not.toContain('REF-SECRET-1');
  });

  it('a cache changed on disk is not trusted: it is rebuilt from the events and answers the same', async () => {
    await ok(today, ['done', 'reader-software', `folder=${dir}`, '--note', 'ファイルを確認']);
    expectCacheEqualsReplay();
    const good = await outputs(today);
    const doc = readDoc() as Doc & { cache: { snapshot: { context: { records: Record<string, { occurredAt: string }> } } } };
    // One changed value inside the cached snapshot, with the document still valid JSON.
    doc.cache.snapshot.context.records['portal-account']!.occurredAt = '2020-01-01';
    writeFileSync(file(), JSON.stringify(doc, null, 2) + '\n');
    expect(await outputs(today)).toEqual(good);
    // The next write replaces the damaged cache with a good one.
    await ok(today, ['expect', 'reader-delivery', '--by', '2026-12-20']);
    expectCacheEqualsReplay();
  });
});
