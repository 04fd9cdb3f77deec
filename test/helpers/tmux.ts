import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled program in a real terminal: a tmux server of its own (`tmux -L <unique socket>`, so parallel
 * runs and the developer's own tmux never meet), a pane of a given size, and the program started in it as
 * a user would (`node bin/seikyu.js`, CI variables removed so Ink draws every frame). Tests read the pane
 * with capture-pane and wait by polling it, never by sleeping.
 */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const binFile = path.join(repoRoot, 'bin', 'seikyu.js');

/** The line the pane prints after the program ends: `__EXIT__<code>`. */
export const EXIT_MARK = '__EXIT__';

/** tmux's name for a key (`Enter`, `Escape`, `Up`, `Down`, `Left`, `Right`, `Space`, `BSpace`, `C-c`) or one character. */
export type Key = string;

export interface TmuxOptions {
  columns?: number;
  rows?: number;
  /** Variables for the program (SEIKYU_HOME, SEIKYU_NOW, SEIKYU_LANG, SEIKYU_PASSPHRASE…); `undefined` leaves one out. */
  env?: Record<string, string | undefined>;
  /** Arguments after `bin/seikyu.js`. */
  args?: string[];
  /** The program to run instead of `node bin/seikyu.js` (the bench runs `node -e 0` the same way). */
  argv?: string[];
}

export interface WaitOptions {
  /** Milliseconds before failing (default 5000). */
  timeout?: number;
  /** Milliseconds between captures (default 50). */
  interval?: number;
  /** Shown in the failure message. */
  what?: string;
}

/** Fails loudly when tmux is missing: CI installs it, so a skipped suite would hide a broken setup. */
export function requireTmux(): void {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('tmux is not installed (or does not run): the terminal tests need it. Install it with `apt-get install -y tmux`.');
  }
}

/** Single-quotes a word for the shell tmux runs the pane command with. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The environment of the tmux server: the parent's, without anything that would change the program. */
function serverEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('SEIKYU_') || k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k === 'NODE_OPTIONS' || k === 'FORCE_COLOR' || k === 'TMUX' || k === 'TMUX_PANE') continue;
    env[k] = v;
  }
  // tmux needs a UTF-8 locale to lay out wide characters (it also gets -u).
  if (!/utf-?8/i.test(env.LC_ALL ?? env.LC_CTYPE ?? env.LANG ?? '')) env.LANG = 'C.UTF-8';
  return env;
}

let counter = 0;

export class TmuxSession {
  readonly socket: string;
  readonly columns: number;
  readonly rows: number;
  /** Every distinct screen seen by `screen()`, in order (tests check that a secret never showed). */
  readonly seen: string[] = [];
  /** When the pane was created (performance.now()). */
  readonly startedAt: number;
  private alive = true;
  /** The server's socket file (kill-server leaves it behind: kill() removes it). */
  private socketPath: string | null = null;

  private constructor(socket: string, columns: number, rows: number, startedAt: number) {
    this.socket = socket;
    this.columns = columns;
    this.rows = rows;
    this.startedAt = startedAt;
  }

  /** Starts the program in a new detached tmux server of its own. */
  static start(options: TmuxOptions = {}): TmuxSession {
    const columns = options.columns ?? 80;
    const rows = options.rows ?? 24;
    const socket = `seikyu-test-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`;
    const vars = Object.entries({ TZ: 'Asia/Tokyo', SEIKYU_OPERATOR: 'tester', ...options.env })
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => `${k}=${shellQuote(v)}`);
    const argv = options.argv ?? [process.execPath, binFile, ...(options.args ?? [])];
    // The pane keeps running after the program so its exit code can be read; kill() ends it all.
    const command = `env -u CI -u CONTINUOUS_INTEGRATION ${vars.join(' ')} ${argv.map(shellQuote).join(' ')}; echo ${EXIT_MARK}$?; exec sleep 3600`;
    const startedAt = performance.now();
    const session = new TmuxSession(socket, columns, rows, startedAt);
    session.tmux(['new-session', '-d', '-s', 'main', '-x', String(columns), '-y', String(rows), '-c', repoRoot, command]);
    session.socketPath = session.tmux(['display-message', '-p', '#{socket_path}']).trim() || null;
    return session;
  }

  /** Runs one tmux command on this session's server and returns what it printed. */
  tmux(args: string[]): string {
    return execFileSync('tmux', ['-u', '-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /**
   * Presses keys, one tmux command each (so two keys do not reach the program as one chunk when it reads
   * slowly; still, wait for each key's effect before the next when the program must see them apart).
   */
  send(...keys: Key[]): void {
    for (const key of keys) this.tmux(['send-keys', '-t', 'main', key]);
  }

  /** Types text literally (no key names), as one chunk. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 'main', '-l', text]);
  }

  /** The visible pane as text, one line per row, trailing blanks trimmed (capture-pane -p). */
  screen(): string {
    const text = this.tmux(['capture-pane', '-p', '-t', 'main']);
    if (this.seen.at(-1) !== text) this.seen.push(text);
    return text;
  }

  /** The pane's rows as an array of exactly `rows` lines. */
  lines(): string[] {
    const lines = this.screen().replace(/\n$/, '').split('\n');
    while (lines.length < this.rows) lines.push('');
    return lines;
  }

  /**
   * Polls the pane until the predicate holds (or the text/pattern appears), and returns that screen.
   * Fails with the last screen when the time is up.
   */
  async waitFor(condition: string | RegExp | ((screen: string) => boolean), options: WaitOptions = {}): Promise<string> {
    const timeout = options.timeout ?? 5000;
    const interval = options.interval ?? 50;
    const test = typeof condition === 'string' ? (s: string) => s.includes(condition) : condition instanceof RegExp ? (s: string) => condition.test(s) : condition;
    const deadline = performance.now() + timeout;
    let last: string;
    for (;;) {
      last = this.screen();
      if (test(last)) return last;
      if (performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
    const what = options.what ?? (typeof condition === 'function' ? 'the condition' : JSON.stringify(String(condition)));
    throw new Error(`tmux: waited ${timeout} ms for ${what}; the screen was:\n${last}`);
  }

  /** Waits for the program to end and returns its exit code. */
  async waitForExit(timeout = 5000): Promise<number> {
    const screen = await this.waitFor(new RegExp(`${EXIT_MARK}\\d+`), { timeout, what: 'the program to exit' });
    return Number(new RegExp(`${EXIT_MARK}(\\d+)`).exec(screen)![1]);
  }

  /** Ends the tmux server (and whatever still runs in it) and removes its socket. Safe to call twice. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    try {
      this.tmux(['kill-server']);
    } catch {
      // Already gone.
    }
    if (this.socketPath) rmSync(this.socketPath, { force: true });
  }
}
