import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/effects/store.js';
import { removeTempDirs, requireBuild, tempDir } from '../helpers/cli.js';
import { appendEvent, rejection } from '../helpers/store.js';
import { appender, clinic, clock, duplicateIds, leftovers, LONG, prove, readEvents, uniqueDate, type Exit } from './harness.js';

/**
 * Concurrency: four processes append at the same time through the compiled program's `seikyu expect` (each
 * command takes and releases the lock). Every acknowledged append is kept, none twice; with
 * SEIKYU_LOCK_WAIT_MS=0 every refusal saves nothing and names the process holding the lock.
 *
 * A TUI open while the CLI writes shows the new state and never overwrites it: proven by
 * test/e2e/tui-tmux.test.ts ("shows a record made meanwhile by `seikyu done` in another window, without a key,
 * the selection kept", the real TUI in tmux against the same data folder) and test/ui/first-screen.test.tsx
 * ("keeps an open form and what was typed in it, and says when its step was recorded meanwhile"); the store's
 * compare-and-swap under it is test/effects/store-faults.test.ts. Not repeated here.
 */

const PROCESSES = 4;
const APPENDS = 200;
const REFUSAL_APPENDS = LONG ? 200 : 50;

beforeAll(requireBuild);
afterAll(removeTempDirs);

interface Line {
  code: number;
  date: string;
  stderr: string;
}

function lines(exit: Exit): Line[] {
  return exit.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [code, date, ...rest] = line.split(' ');
      return { code: Number(code), date: date!, stderr: rest.length > 0 ? (JSON.parse(rest.join(' ')) as string) : '' };
    });
}

/** `count` distinct dates for each of the processes, none shared. */
function datesFor(p: number, count: number, offset: number): string[] {
  return Array.from({ length: count }, (_, i) => uniqueDate(offset + p * count + i));
}

async function home(): Promise<{ dir: string; now: () => string }> {
  const dir = path.join(tempDir('seikyu-concurrent-'), 'data');
  const now = clock();
  await clinic(dir, now);
  return { dir, now };
}

describe('concurrency: four processes appending at once', () => {
  it(`keeps all ${PROCESSES} × ${APPENDS} acknowledged appends, none twice, in one id sequence`, async () => {
    const { dir, now } = await home();
    const before = readEvents(dir).length;
    const began = performance.now();
    // A generous wait: here every command must get through; refusals are the next test's subject.
    const runs = Array.from({ length: PROCESSES }, (_, p) => appender(dir, 'master-account', datesFor(p, APPENDS, 0), now(), { SEIKYU_LOCK_WAIT_MS: '600000' }));
    const exits = await Promise.all(runs.map((r) => r.exited));
    const seconds = (performance.now() - began) / 1000;
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
    const results = exits.flatMap(lines);
    const acknowledged = results.filter((r) => r.code === 0).map((r) => r.date);
    const events = readEvents(dir);
    const kept = events.filter((e) => e.type === 'expected').map((e) => JSON.stringify(e));
    const count = (date: string) => kept.filter((e) => e.includes(`"${date}"`)).length;
    const keptOnce = acknowledged.filter((date) => count(date) === 1).length;
    prove('concurrency.processes', PROCESSES);
    prove('concurrency.appends_acknowledged', acknowledged.length);
    prove('concurrency.kept', keptOnce);
    prove('concurrency.twice', acknowledged.filter((date) => count(date) > 1).length + duplicateIds(events).length);
    prove('concurrency.seconds', seconds.toFixed(1));
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    expect(acknowledged).toHaveLength(PROCESSES * APPENDS);
    expect(keptOnce).toBe(PROCESSES * APPENDS);
    expect(duplicateIds(events)).toEqual([]);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: before + PROCESSES * APPENDS }, (_, i) => i + 1));
    expect(leftovers(dir)).toEqual([]);
  }, 900_000);

  it('with SEIKYU_LOCK_WAIT_MS=0, refuses at once with exit 6 naming the holder in every refusal, and a refused append saves nothing', async () => {
    const { dir, now } = await home();
    const runs = Array.from({ length: PROCESSES }, (_, p) => appender(dir, 'master-account', datesFor(p, REFUSAL_APPENDS, 10_000), now(), { SEIKYU_LOCK_WAIT_MS: '0' }));
    const pids = runs.map((r) => r.child.pid!);
    const exits = await Promise.all(runs.map((r) => r.exited));
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
    const results = exits.flatMap(lines);
    const refused = results.filter((r) => r.code !== 0);
    const events = readEvents(dir).map((e) => JSON.stringify(e));
    const saved = (date: string) => events.filter((e) => e.includes(`"${date}"`)).length;
    // The holder is one of the other appenders, by its process id (the message also gives its command, user, host).
    const named = refused.filter((r) => r.code === 6 && pids.some((pid) => r.stderr.includes(`PID ${pid},`)));
    const refusedSaved = refused.filter((r) => saved(r.date) > 0);
    prove('concurrency.nowait.refused', refused.length);
    prove('concurrency.nowait.refused_naming_holder', named.length);
    prove('concurrency.nowait.refused_but_saved', refusedSaved.length);
    expect(refused.length, 'four processes without waiting collide at least once').toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.code).toBe(6);
      expect(r.stderr).toMatch(/^seikyu: The data is in use by another seikyu \(seikyu[^,]*, PID \d+, .+@.+, since .+\)\. Try again when it has finished\.\n$/);
    }
    expect(named).toHaveLength(refused.length);
    expect(refusedSaved).toEqual([]);
    for (const r of results.filter((x) => x.code === 0)) expect(saved(r.date), r.date).toBe(1);
    expect(duplicateIds(readEvents(dir))).toEqual([]);
  }, 900_000);
});

/**
 * Regressions found by the refusal test above: 13 of 153 refusals said only "in use by another seikyu", because
 * the refused process looked at the lock while the holder had made its folder but not yet written owner.json, or
 * while the lock was between the steps of its release.
 */
describe('a refusal without waiting names the holder (regression: "in use" without who)', () => {
  const owner = { pid: process.pid, host: os.hostname(), user: 'holder', command: 'seikyu done cert-letter', since: new Date().toISOString(), token: 'a'.repeat(32) };

  it('names the holder whose owner.json is written just after the refused process looks (a lock of an older version)', async () => {
    const dir = tempDir('seikyu-owner-late-');
    await appendEvent(new Store({ dir }));
    const lockDir = path.join(dir, 'seikyu.json.lock');
    // Older versions made the folder, then wrote the owner. Not empty here (on POSIX a rename replaces an empty
    // folder, as on Windows it cannot): a stray file, then the owner a moment later.
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'stray'), '');
    setTimeout(() => void writeFile(path.join(lockDir, 'owner.json'), JSON.stringify(owner)), 30);
    const error = await rejection(appendEvent(new Store({ dir, lockWaitMs: 0 })));
    expect(error.code).toBe('locked');
    expect(error.owner).toEqual({ pid: owner.pid, host: owner.host, user: 'holder', command: 'seikyu done cert-letter', since: owner.since });
  });

  it('takes the lock instead of refusing "in use" when the holder releases it as the refused process looks', async () => {
    const dir = tempDir('seikyu-owner-gone-');
    const store = new Store({ dir });
    await appendEvent(store);
    const lockDir = path.join(dir, 'seikyu.json.lock');
    // A lock folder without an owner (an older version's, made with mkdir before its owner) released a moment later
    // as every version releases: renamed aside, then removed. (Removing it in place would race the waiting process,
    // whose rename may take the folder as soon as it is empty.)
    await mkdir(lockDir);
    await writeFile(path.join(lockDir, 'stray'), '');
    const aside = `${lockDir}.0.0123456789ab.old`;
    const released = new Promise<void>((resolve, reject) =>
      setTimeout(() => void rename(lockDir, aside).then(() => rm(aside, { recursive: true, force: true })).then(resolve, reject), 30),
    );
    const id = await appendEvent(new Store({ dir, lockWaitMs: 0 }));
    await released;
    expect(id).toBe(2);
    expect((await store.read())?.events.map((e) => e.id)).toEqual([1, 2]);
  });
});
