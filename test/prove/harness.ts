import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { binFile } from '../helpers/cli.js';

/**
 * The crash, pause and concurrency suites' harness: runs the compiled program (`node bin/seikyu.js`) as child
 * processes against a real data folder, kills or pauses them at chosen moments, and reads what stayed on disk.
 * Suites print `PROVE <name>=<value>` lines; scripts/prove.mjs collects them into the table.
 */

/** `SEIKYU_PROVE=long` (set by `npm run prove`) selects the long sizes; `npm test` runs the quick ones. */
export const LONG = process.env.SEIKYU_PROVE === 'long';

/** The store's stale time (src/effects/store.ts DEFAULT_LOCK_STALE_MS): the CLI has no setting for it. */
export const LOCK_STALE_MS = 10_000;

/** One figure for the table of `npm run prove`. */
export function prove(name: string, value: number | string): void {
  process.stdout.write(`PROVE ${name}=${value}\n`);
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface Running {
  child: ChildProcess;
  exited: Promise<Exit>;
}

/** The environment of every call: the parent's without SEIKYU_* settings, then `env`. */
export function envFor(home: string, now: string, env: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('SEIKYU_') || k === 'NODE_OPTIONS' || k === 'FORCE_COLOR') continue;
    base[k] = v;
  }
  return { ...base, NO_COLOR: '1', SEIKYU_OPERATOR: 'prove', SEIKYU_HOME: home, SEIKYU_NOW: now, SEIKYU_LANG: 'en', ...env };
}

/** Starts `seikyu ARGS` on the data folder `home`. */
export function start(home: string, args: readonly string[], now: string, env: Record<string, string> = {}): Running {
  const began = performance.now();
  const child = spawn(process.execPath, [binFile, ...args], { cwd: path.dirname(home), env: envFor(home, now, env), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  child.stdin!.on('error', () => {});
  child.stdin!.end('');
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - began }),
    );
  });
  return { child, exited };
}

export function run(home: string, args: readonly string[], now: string, env: Record<string, string> = {}): Promise<Exit> {
  return start(home, args, now, env).exited;
}

/** The moments a writer is killed at: a random delay, or just after a file of the write appears. */
export type Moment = 'random' | 'lock' | 'temp' | 'backup' | 'rename';
export const MOMENTS: readonly Moment[] = ['random', 'lock', 'temp', 'backup', 'rename'];

interface DirState {
  lock: boolean;
  temps: number;
  bakIno: number | undefined;
  docIno: number | undefined;
}

function inode(file: string): number | undefined {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
  }
}

function dirState(home: string): DirState {
  let names: string[] = [];
  try {
    names = readdirSync(home);
  } catch {
    // The folder is made by the first write.
  }
  return {
    lock: names.includes('seikyu.json.lock'),
    temps: names.filter((n) => n.endsWith('.tmp')).length,
    bakIno: inode(path.join(home, 'seikyu.json.bak')),
    docIno: inode(path.join(home, 'seikyu.json')),
  };
}

/**
 * Kills `running` with SIGKILL at `moment`: after `randomMs`, or as soon as a tight poll of the data folder sees
 * the lock folder, a temp file, a new backup (its inode changes on the rename) or a new document appear. When the
 * moment never comes (the command was refused before writing), the command runs to its end. Says whether it
 * was killed.
 */
export async function killAt(running: Running, home: string, moment: Moment, randomMs: number): Promise<boolean> {
  let finished = false;
  void running.exited.then(() => {
    finished = true;
  });
  const kill = () => (finished ? false : running.child.kill('SIGKILL'));
  if (moment === 'random') {
    await new Promise((r) => setTimeout(r, randomMs));
    return kill();
  }
  const before = dirState(home);
  const seen = (now: DirState): boolean => {
    switch (moment) {
      case 'lock':
        return now.lock;
      case 'temp':
        return now.temps > 0;
      case 'backup':
        return now.bakIno !== before.bakIno;
      case 'rename':
        return now.docIno !== before.docIno;
    }
  };
  // A tight poll: a write takes a few milliseconds, and setImmediate lets the exit event through between polls.
  while (!finished) {
    if (seen(dirState(home))) return kill();
    await new Promise((r) => setImmediate(r));
  }
  return false;
}

export interface StoredEvent {
  id: number;
  type: string;
  step: string | null;
  [key: string]: unknown;
}

/** The events of the document on disk (the raw file, as a later command would read it). */
export function readEvents(home: string): StoredEvent[] {
  const file = path.join(home, 'seikyu.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { events: StoredEvent[] }).events;
}

/** The same event in two readings, by content. */
export function sameEvent(a: StoredEvent, b: StoredEvent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a killed writer may leave: temp files, lock folders put aside. (The lock itself is counted apart.) */
export function leftovers(home: string): string[] {
  return readdirSync(home).filter((n) => n.endsWith('.tmp') || n.endsWith('.old') || n.endsWith('.new'));
}

/** Ids that occur more than once. */
export function duplicateIds(events: readonly StoredEvent[]): number[] {
  const seen = new Set<number>();
  const twice = new Set<number>();
  for (const e of events) (seen.has(e.id) ? twice : seen).add(e.id);
  return [...twice];
}

/** A clock that moves one second forward per call, so every record is later than the one before. */
export function clock(start = Date.parse('2026-11-25T00:00:00Z')): () => string {
  let t = start;
  return () => {
    t += 1000;
    // Japan time, as a clinic's PC would have it.
    return new Date(t + 9 * 3600_000).toISOString().replace('Z', '+09:00').replace('.000', '');
  };
}

/** A `--by` date no other call of the run uses: the event it makes is found by it. */
export function uniqueDate(n: number): string {
  return new Date(Date.UTC(2027, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Waits until the lock folder holds owner.json naming `pid` (the lock is that process's), or `timeoutMs`. */
export async function lockHeldBy(home: string, pid: number, timeoutMs: number): Promise<boolean> {
  const owner = path.join(home, 'seikyu.json.lock', 'owner.json');
  const end = Date.now() + timeoutMs;
  // Looked at once at least: a timeout of 0 asks whether it holds the lock now.
  for (;;) {
    try {
      if ((JSON.parse(readFileSync(owner, 'utf8')) as { pid: number }).pid === pid) return true;
    } catch {
      // Not there yet, or half-written.
    }
    if (Date.now() >= end) return false;
    await new Promise((r) => setImmediate(r));
  }
}

/** A clinic in the middle of its onboarding, as the suites' starting point, with a bundle of it exported. */
export async function clinic(home: string, now: () => string): Promise<{ bundle: string }> {
  const steps: string[][] = [
    ['init', '--name', 'さくら内科', '--code', '0110113719', '--area', 'east', '--terminal', '端末1:claims,oqs'],
    ['done', 'portal-account', 'email=info@sakura.example.jp', '--at', '2026-11-18'],
    ['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-18'],
    ['done', 'oqs-application', '--at', '2026-11-19'],
    ['done', 'claims-notice', '--at', '2026-11-19'],
  ];
  const bundle = path.join(path.dirname(home), `${path.basename(home)}-bundle.json`);
  steps.push(['export', '-o', bundle]);
  for (const args of steps) {
    const result = await run(home, args, now());
    if (result.code !== 0) throw new Error(`seikyu ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  }
  return { bundle };
}

/**
 * A process that runs `seikyu expect STEP --by DATE` `count` times through the compiled program's own entry
 * (dist/cli/main.js), without a new node per command: spawning 800 processes would take minutes on two cores,
 * and the lock is taken per command all the same. It prints one line per command: `<exit code> <date>`, then
 * the stderr of a failed one, JSON-quoted.
 */
export function appender(home: string, step: string, dates: readonly string[], now: string, env: Record<string, string> = {}): Running {
  const main = new URL('../../dist/cli/main.js', import.meta.url).href;
  const code = `
    import { PassThrough, Readable } from 'node:stream';
    const { main } = await import(${JSON.stringify(main)});
    const dates = JSON.parse(process.env.PROVE_DATES);
    for (const date of dates) {
      const err = new PassThrough();
      const chunks = [];
      err.on('data', (c) => chunks.push(c));
      const code = await main(['expect', ${JSON.stringify(step)}, '--by', date], { stdin: Readable.from([]), stdout: new PassThrough().resume(), stderr: err, env: process.env });
      process.stdout.write(code + ' ' + date + (code === 0 ? '' : ' ' + JSON.stringify(Buffer.concat(chunks).toString('utf8'))) + '\\n');
    }
  `;
  const began = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, 'seikyu-appender'], {
    cwd: path.dirname(home),
    env: envFor(home, now, { ...env, PROVE_DATES: JSON.stringify(dates) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, signal) => resolve({ code: c, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - began }));
  });
  return { child, exited };
}
