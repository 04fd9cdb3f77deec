import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyDocument, type SeikyuDocument } from '../../src/effects/store-document.js';
import { Store, type LockReport } from '../../src/effects/store.js';
import { appendEvent, rejection } from '../helpers/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'test/fixtures/store-faults-child.mjs');
const onWindows = process.platform === 'win32';

let dir: string;
let outside: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'seikyu-faults-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'seikyu-outside-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    // SIGKILL: a stopped child would keep a SIGTERM pending forever.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** Appends one event in this process: what the CLI does for every operator action. */
const append = (store: Store, operator = 'test') => appendEvent(store, { operator });

/** Fails instead of hanging when `promise` has not settled by the deadline. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Polls `condition` until it holds, failing after `ms`. */
async function waitFor(condition: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function operators(store: Store): Promise<string[]> {
  return ((await store.read())?.events ?? []).map((e) => e.operator);
}

/** Files left in the data folder besides the document and its backup: temp files, locks, locks put aside. */
async function leftovers(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name !== 'seikyu.json' && name !== 'seikyu.json.bak');
}

interface ChildArgs {
  mode: 'append' | 'hold' | 'exit-holding';
  dir: string;
  operator: string;
  before?: number;
  goFile?: string;
  staleMs?: number;
  lockWaitMs?: number;
}

function startChild(args: ChildArgs) {
  return startProcess(process.execPath, [fixture, JSON.stringify(args)]);
}

function startProcess(command: string, argv: string[]) {
  const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close' comes after the process was reaped, so its pid no longer exists once this resolves.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const printed = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.split('\n').includes(line)) resolve();
      };
      child.stdout.on('data', check);
      check();
      void exited.then(({ code, signal }) => reject(new Error(`child exited (${code ?? signal}) before printing "${line}": ${stderr}`)));
    });
  return { child, exited, printed };
}

describe('Store under process faults (compiled dist/)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist/effects/store.js'))) throw new Error('dist/effects/store.js is missing: run `npm run build` first');
  });

  it('lets the next update through within a second after the lock holder is killed, keeping every acknowledged event', async () => {
    const holder = startChild({ mode: 'hold', dir, operator: 'killed', before: 3, goFile: path.join(outside, 'never') });
    await holder.printed('holding');
    expect(existsSync(path.join(dir, 'seikyu.json.lock'))).toBe(true);

    holder.child.kill('SIGKILL');
    const killed = await holder.exited;
    const next = await startChild({ mode: 'append', dir, operator: 'next' }).exited;

    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe('saved 1\nsaved 2\nsaved 3\nholding\n');
    expect(next).toMatchObject({ code: 0, stderr: '' });
    const [, id, ms] = next.stdout.trim().split(' ');
    expect(id).toBe('4');
    expect(Number(ms)).toBeLessThan(1000);
    const store = new Store({ dir });
    expect(await operators(store)).toEqual(['killed', 'killed', 'killed', 'next']);
    expect(await leftovers()).toEqual([]);
  }, 60_000);

  it.runIf(process.platform === 'linux')('takes over at once the lock of a killed holder that its parent has not reaped yet', async () => {
    const args: ChildArgs = { mode: 'hold', dir, operator: 'zombie', goFile: path.join(outside, 'never') };
    // sh becomes `sleep`, which never waits for its children: the killed holder stays a zombie until sleep ends.
    const parent = startProcess('sh', ['-c', '"$0" "$1" "$2" & exec sleep 60', process.execPath, fixture, JSON.stringify(args)]);
    await parent.printed('holding');
    const holderPid = (JSON.parse(await readFile(path.join(dir, 'seikyu.json.lock', 'owner.json'), 'utf8')) as { pid: number }).pid;

    process.kill(holderPid, 'SIGKILL');
    await waitFor(async () => (await readFile(`/proc/${holderPid}/stat`, 'utf8')).split(') ')[1]!.startsWith('Z'));
    const started = performance.now();
    await append(new Store({ dir, lockWaitMs: 5000 }));

    expect(performance.now() - started).toBeLessThan(1000);
    expect(await operators(new Store({ dir }))).toEqual(['test']);
  }, 60_000);

  it.skipIf(onWindows)('keeps the record saved while a paused holder’s lock went stale, and refuses the paused one’s change when it resumes', async () => {
    const store = new Store({ dir });
    await append(store, 'first');
    const goFile = path.join(outside, 'go');
    const paused = startChild({ mode: 'hold', dir, operator: 'paused', goFile, staleMs: 1000 });
    await paused.printed('holding');

    paused.child.kill('SIGSTOP');
    const other = await startChild({ mode: 'append', dir, operator: 'other', staleMs: 1000, lockWaitMs: 20_000 }).exited;
    const saved = await readFile(store.file);
    const backup = await readFile(store.backupFile);
    await writeFile(goFile, '');
    paused.child.kill('SIGCONT');
    const resumed = await paused.exited;

    expect(other).toMatchObject({ code: 0, stderr: '' });
    expect(other.stdout).toMatch(/^saved 2 \d+\n$/);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/^error conflict /);
    expect(resumed.stdout).toBe('holding\n');
    expect(await operators(store)).toEqual(['first', 'other']);
    expect(await readFile(store.file)).toEqual(saved);
    expect(await readFile(store.backupFile)).toEqual(backup);
    expect(await leftovers()).toEqual([]);
  }, 60_000);
});

describe('Store compare-and-swap', () => {
  it('refuses to save over a document changed behind the lock, keeping that change and the backup', async () => {
    const store = new Store({ dir });
    await append(store, 'first');
    await append(store, 'second');
    const backup = await readFile(store.backupFile);
    // A writer that ignores the lock: an older seikyu, or an editor.
    const outsideChange = JSON.stringify({ ...(await store.read())!, events: [] } satisfies SeikyuDocument);

    const error = await rejection(
      store.update(async (doc) => {
        await writeFile(store.file, outsideChange);
        doc!.events.pop();
        return { doc: doc!, result: null };
      }),
    );

    expect(error.code).toBe('conflict');
    expect(error.path).toBe(store.file);
    expect(await readFile(store.file, 'utf8')).toBe(outsideChange);
    expect(await readFile(store.backupFile)).toEqual(backup);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses to create the document when another writer created it meanwhile', async () => {
    const store = new Store({ dir });
    const theirs = `${JSON.stringify(emptyDocument(new Date(), 'other'))}\n`;

    const error = await rejection(
      store.update(async (doc) => {
        await writeFile(store.file, theirs);
        return { doc: doc ?? emptyDocument(new Date(), 'mine'), result: null };
      }),
    );

    expect(error.code).toBe('conflict');
    expect(await readFile(store.file, 'utf8')).toBe(theirs);
    expect(existsSync(store.backupFile)).toBe(false);
  });
});

describe('Store lock takeover', () => {
  /** `damaged`: an owner.json that cannot be read as one (the folder is not empty, so a rename cannot replace it). */
  async function placeLock(store: Store, owner: object | 'damaged' | undefined, ageMs = 0) {
    const lockDir = `${store.file}.lock`;
    await mkdir(lockDir);
    if (owner) await writeFile(path.join(lockDir, 'owner.json'), owner === 'damaged' ? '{"pid":' : JSON.stringify(owner));
    const when = new Date(Date.now() - ageMs);
    await utimes(lockDir, when, when);
    return lockDir;
  }

  async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('close', resolve));
    return child.pid!;
  }

  const owner = (pid: number, host: string) => ({ pid, host, user: 'x', command: 'seikyu done cert-letter', since: new Date().toISOString(), token: 'theirs' });

  it('takes over at once a fresh lock whose owner process on this host is gone', async () => {
    const store = new Store({ dir, lockWaitMs: 5000 });
    await placeLock(store, owner(await deadPid(), os.hostname()));

    const started = performance.now();
    await append(store);

    expect(performance.now() - started).toBeLessThan(1000);
    expect(await operators(store)).toEqual(['test']);
    expect(await leftovers()).toEqual([]);
  });

  it('waits for a fresh lock held from another host even when that pid does not exist here', async () => {
    const store = new Store({ dir, lockWaitMs: 300 });
    const lockDir = await placeLock(store, owner(await deadPid(), 'another-host'));
    const ownerBytes = await readFile(path.join(lockDir, 'owner.json'));

    const error = await rejection(append(store));

    expect(error.code).toBe('locked');
    expect(error.owner).toMatchObject({ host: 'another-host', command: 'seikyu done cert-letter' });
    expect(error.owner).not.toHaveProperty('token');
    expect(await readFile(path.join(lockDir, 'owner.json'))).toEqual(ownerBytes);
  });

  it('takes over a lock directory without a readable owner once it is older than the grace time', async () => {
    const store = new Store({ dir, lockWaitMs: 5000 });
    await placeLock(store, 'damaged', 5000);

    const started = performance.now();
    await append(store);

    expect(performance.now() - started).toBeLessThan(1000);
    expect(await leftovers()).toEqual([]);
  });

  it('leaves a fresh lock directory without a readable owner alone until the grace time', async () => {
    const store = new Store({ dir, lockWaitMs: 300 });
    const lockDir = await placeLock(store, 'damaged');

    expect((await rejection(append(store))).code).toBe('locked');
    expect(existsSync(lockDir)).toBe(true);
    expect(existsSync(store.file)).toBe(false);
  });

  it('never makes a lock without its owner (regression: a writer killed between making its lock and writing the owner held the next one up 1.5 s)', async () => {
    const store = new Store({ dir });
    await append(store);
    // A writer killed after staging its lock folder, before the rename: the next writer removes it (its pid is gone).
    const staged = `${store.file}.lock.${await deadPid()}.0123456789ab.new`;
    await mkdir(staged);
    await writeFile(path.join(staged, 'owner.json'), JSON.stringify(owner(1, os.hostname())));
    const seen: string[] = [];
    const lockDir = `${store.file}.lock`;
    // One listing of the lock folder, between two looks at which folder is there: a lock released (renamed aside)
    // or replaced meanwhile is not taken for one without its owner.
    const watch = setInterval(() => {
      const before = lstatSync(lockDir, { throwIfNoEntry: false });
      if (!before) return;
      let names: string[];
      try {
        names = readdirSync(lockDir);
      } catch {
        return;
      }
      if (names.includes('owner.json')) seen.push('whole');
      else if (lstatSync(lockDir, { throwIfNoEntry: false })?.ino === before.ino) seen.push('without owner');
    }, 0);
    try {
      for (let i = 0; i < 20; i++) await append(store);
    } finally {
      clearInterval(watch);
    }
    expect(seen).not.toContain('without owner');
    expect(await leftovers()).toEqual([]);
    expect(existsSync(staged)).toBe(false);
  });

  it('a process that exits holding the lock puts it aside and removes it, leaving nothing', async () => {
    const store = new Store({ dir });
    await append(store);
    const exited = await startChild({ mode: 'exit-holding', dir, operator: 'leaving' }).exited;
    expect(exited.stdout).toBe('exiting\n');
    expect(exited.code).toBe(0);
    expect(await leftovers()).toEqual([]);
    expect(await operators(store)).toEqual(['test']);
  });

  it.skipIf(onWindows)('takes at once the empty lock folder of an older version’s writer, whose own owner write then fails', async () => {
    // Older versions made the folder, then wrote owner.json with O_EXCL: between the two it is empty. A rename
    // replaces an empty folder on POSIX, so this writer goes ahead; the older one finds an owner.json and backs off.
    const store = new Store({ dir, lockWaitMs: 0 });
    const lockDir = await placeLock(store, undefined);
    const reports: LockReport[] = [];
    const taking = new Store({ dir, lockWaitMs: 0, onLock: (r) => reports.push(r) });
    let olderWrite: Promise<unknown> = Promise.resolve();
    await taking.update((doc) => {
      olderWrite = writeFile(path.join(lockDir, 'owner.json'), '{}', { flag: 'wx' }).then(
        () => 'written',
        (e: NodeJS.ErrnoException) => e.code,
      );
      return { doc: doc ?? emptyDocument(new Date(), 'newer'), result: undefined };
    });
    expect(await olderWrite).toBe('EEXIST');
    expect(reports).toHaveLength(1);
    expect(existsSync(lockDir)).toBe(false);
  });
});

describe('Store refuses what is not a regular file', () => {
  it.skipIf(onWindows)('replaces a symlinked backup without touching the file it points to', async () => {
    const store = new Store({ dir });
    await append(store, 'first');
    const before = await readFile(store.file);
    const target = path.join(outside, 'precious.txt');
    await writeFile(target, 'not seikyu data\n');
    await chmod(target, 0o644);
    await symlink(target, store.backupFile);

    await append(store, 'second');

    expect(await readFile(target, 'utf8')).toBe('not seikyu data\n');
    expect((await stat(target)).mode & 0o777).toBe(0o644);
    const backup = await lstat(store.backupFile);
    expect(backup.isFile()).toBe(true);
    expect(backup.mode & 0o777).toBe(0o600);
    expect(await readFile(store.backupFile)).toEqual(before);
    expect(await operators(store)).toEqual(['first', 'second']);
  });

  it.skipIf(onWindows)('refuses a symlinked document in read and update and leaves the file it points to alone', async () => {
    const real = new Store({ dir: outside });
    await append(real, 'elsewhere');
    const bytes = await readFile(real.file);
    const store = new Store({ dir });
    await symlink(real.file, store.file);
    let called = false;

    const errors = [
      await rejection(store.read()),
      await rejection(
        store.update((doc) => {
          called = true;
          return { doc: doc!, result: null };
        }),
      ),
    ];

    for (const error of errors) expect(error).toMatchObject({ code: 'not-a-file', fileType: 'symlink', path: store.file });
    expect(called).toBe(false);
    expect(await readFile(real.file)).toEqual(bytes);
    expect(existsSync(store.backupFile)).toBe(false);
  });

  it.skipIf(onWindows)('refuses a FIFO at the document path within a second instead of waiting for a writer', async () => {
    const store = new Store({ dir });
    execFileSync('mkfifo', [store.file]);

    const fromRead = await within(1000, rejection(store.read()));
    const fromUpdate = await within(1000, rejection(append(store)));

    for (const error of [fromRead, fromUpdate]) expect(error).toMatchObject({ code: 'not-a-file', fileType: 'special', path: store.file });
    expect((await lstat(store.file)).isFIFO()).toBe(true);
  });

  it('refuses a folder at the document path within a second', async () => {
    const store = new Store({ dir });
    await mkdir(store.file);

    const fromRead = await within(1000, rejection(store.read()));
    const fromUpdate = await within(1000, rejection(append(store)));

    for (const error of [fromRead, fromUpdate]) expect(error).toMatchObject({ code: 'not-a-file', fileType: 'directory', path: store.file });
  });

  it('refuses a folder at the backup path before changing anything', async () => {
    const store = new Store({ dir });
    await append(store, 'first');
    const before = await readFile(store.file);
    await mkdir(store.backupFile);

    const error = await rejection(append(store, 'second'));

    expect(error).toMatchObject({ code: 'not-a-file', fileType: 'directory', path: store.backupFile });
    expect(await readFile(store.file)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });
});
