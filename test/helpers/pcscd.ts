import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A real PC/SC stack without hardware (STACK.md, "A real card reader stack"): Debian's pcscd with the virtual
 * reader driver from `vsmartcard-vpcd`, and the `vicc` card emulator from `vsmartcard-vpicc` as the card. The
 * helper starts only what it is asked to, waits by polling pcscd's log until the readers or the card are there,
 * and stops what it started by PID (SIGTERM, then SIGKILL after a deadline). It never touches a pcscd it did not
 * start: if one runs already it refuses, since only one pcscd can run on a machine.
 */

/** The reader vicc's default port (35963) connects to; pcscd also shows `Virtual PCD 00 01` (port 35964). */
export const VIRTUAL_READER = 'Virtual PCD 00 00';
export const SECOND_VIRTUAL_READER = 'Virtual PCD 00 01';
/** The ATR of vicc's ISO 7816 card, as pcsc_scan and pcscd's log show it on this machine. */
export const VICC_ATR = '3b951381018073ff01000b';

const VICC_MODULES = '/usr/lib/python3/site-packages/virtualsmartcard';
const CRYPTODOME = '/usr/lib/python3/dist-packages/Cryptodome';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const SOCKET_DIR = '/run/pcscd';
/** pcscd takes 1–2 s to exit on SIGTERM; past this it is killed. */
const STOP_DEADLINE_MS = 5_000;

/** A program found on PATH (or in the sbin folders, where Debian puts pcscd), or null. */
function findProgram(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What this machine lacks to run the stack, one phrase each (empty when everything is here). */
export function missingPcscStack(): string[] {
  if (process.platform !== 'linux') return [`a Linux machine (this is ${process.platform})`];
  const missing: string[] = [];
  if (!findProgram('pcscd')) missing.push('pcscd (apt install pcscd)');
  if (!existsSync(VPCD_DRIVER)) missing.push('the virtual reader driver (apt install vsmartcard-vpcd)');
  if (!findProgram('vicc') || !existsSync(VICC_MODULES)) missing.push('the vicc card emulator (apt install vsmartcard-vpicc)');
  if (!existsSync(CRYPTODOME)) missing.push('pycryptodome for vicc (apt install python3-pycryptodome)');
  const root = process.getuid?.() === 0;
  if (!root && !writable(SOCKET_DIR) && !writable(path.dirname(SOCKET_DIR))) missing.push(`root, or write access to ${SOCKET_DIR} (pcscd's socket)`);
  return missing;
}

/** The PIDs of pcscd processes running now (from /proc: no ps or pgrep needed). */
function runningPcscd(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'pcscd') pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Polls `condition` every 20 ms until it holds; fails with `what` (and `context()`) at the deadline. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, options: { timeoutMs?: number; context?: () => string } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${options.context ? `\n${options.context()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A process this helper started, with its output so far. */
class Started {
  output = '';
  private ended = false;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      const end = () => {
        this.ended = true;
        resolve();
      };
      child.once('exit', end);
      // A program that could not be spawned (no pid) reports only an 'error', never an 'exit'.
      child.once('error', (error) => {
        this.output += `\n[spawn error] ${error.message}`;
        if (child.pid === undefined) end();
      });
    });
  }

  get running(): boolean {
    return !this.ended && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it is still there after the deadline; resolves when it has exited. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_DEADLINE_MS)));
    if ((await Promise.race([this.exited, late])) === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    clearTimeout(timer);
  }

  count(text: string): number {
    return this.output.split(text).length - 1;
  }
}

export class PcscdStack {
  private pcscd: Started | null = null;
  private card: Started | null = null;
  private cardDir: string | null = null;

  /** pcscd's log (`--info`), for failure messages. */
  log(): string {
    return this.pcscd?.output ?? '(pcscd not started)';
  }

  /**
   * Starts pcscd in the foreground and waits until it says it is ready and its socket exists. `maxContexts`
   * lowers pcscd's limit of PC/SC contexts (`--max-thread`, 200 by default).
   */
  async startPcscd(options: { maxContexts?: number } = {}): Promise<void> {
    if (this.pcscd?.running) return;
    const others = runningPcscd();
    if (others.length > 0) {
      throw new Error(
        `A pcscd this test did not start is already running (PID ${others.join(', ')}). The test needs its own pcscd with the virtual readers; stop the other one first (sudo systemctl stop pcscd.socket pcscd).`,
      );
    }
    const program = findProgram('pcscd');
    if (!program) throw new Error('pcscd is not installed (apt install pcscd).');
    const started = new Started('pcscd', spawn(program, ['--foreground', '--info', ...(options.maxContexts ? ['--max-thread', String(options.maxContexts)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] }));
    this.pcscd = started;
    await waitUntil(() => {
      if (!started.running) throw new Error(`pcscd exited at start:\n${started.output}`);
      return started.output.includes('daemon ready') && existsSync(path.join(SOCKET_DIR, 'pcscd.comm'));
    }, 'pcscd to be ready', { context: () => started.output });
  }

  async stopPcscd(): Promise<void> {
    await this.removeCard();
    await this.pcscd?.stop();
    this.pcscd = null;
  }

  /** Starts vicc and waits until pcscd reports the card in {@link VIRTUAL_READER}. */
  async insertCard(): Promise<void> {
    const pcscd = this.pcscd;
    if (!pcscd?.running) throw new Error('start pcscd before inserting the card');
    if (this.card?.running) return;
    const inserted = pcscd.count(`Card inserted into ${VIRTUAL_READER}`);
    // vicc as packaged: its modules are outside sys.path and it imports `Crypto`, which Debian ships as `Cryptodome`.
    this.cardDir ??= await mkdtemp(path.join(os.tmpdir(), 'seikyu-vicc-'));
    const crypto = path.join(this.cardDir, 'Crypto');
    if (!existsSync(crypto)) await symlink(CRYPTODOME, crypto);
    const env = { ...process.env, PYTHONPATH: [VICC_MODULES, this.cardDir].join(path.delimiter) };
    const card = new Started('vicc', spawn('vicc', ['-t', 'iso7816'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    this.card = card;
    await waitUntil(
      () => {
        if (!card.running) throw new Error(`vicc exited at start:\n${card.output}`);
        return pcscd.count(`Card inserted into ${VIRTUAL_READER}`) > inserted;
      },
      'pcscd to see the vicc card',
      { context: () => `vicc:\n${card.output}\npcscd:\n${pcscd.output}` },
    );
  }

  /** Stops vicc and waits until pcscd reports the card removed. */
  async removeCard(): Promise<void> {
    const card = this.card;
    this.card = null;
    if (card?.running) {
      const pcscd = this.pcscd;
      const removed = pcscd?.count(`Card Removed From ${VIRTUAL_READER}`) ?? 0;
      await card.stop();
      if (pcscd?.running) {
        await waitUntil(() => pcscd.count(`Card Removed From ${VIRTUAL_READER}`) > removed, 'pcscd to see the card removed', { context: () => pcscd.output });
      }
    }
  }

  /** Stops everything it started and removes its temporary folder. */
  async stop(): Promise<void> {
    await this.stopPcscd();
    if (this.cardDir) await rm(this.cardDir, { recursive: true, force: true });
    this.cardDir = null;
  }
}
