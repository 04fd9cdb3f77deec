import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Runs the compiled program (`node bin/seikyu.js …`) as a user would: a fresh data folder per Cli, a pinned
 * clock, no terminal, no colour, and no passphrase unless a call gives one.
 */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const binFile = path.join(repoRoot, 'bin', 'seikyu.js');
export const compiledEntry = path.join(repoRoot, 'dist', 'seikyu.js');

/** Fails with a clear message when the program was not built (the spawned tests run `dist/`, not `src/`). */
export function requireBuild(): void {
  if (!existsSync(compiledEntry)) {
    throw new Error(`${compiledEntry} is missing: run \`npm run build\` before these tests (\`npm test\` builds first).`);
  }
}

const created: string[] = [];

/** A new empty folder under the system's temp folder; `removeTempDirs` (in an afterAll) removes it. */
export function tempDir(prefix = 'seikyu-cli-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes the folders made by `tempDir` in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Standard input (a pipe, never a terminal). Default: empty. */
  input?: string;
  /** SEIKYU_NOW for this call only. */
  now?: string;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

/** The environment of every call: the parent's, without anything that would change the program's behaviour. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('SEIKYU_') || k === 'FORCE_COLOR' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  env.SEIKYU_OPERATOR = 'テスト担当';
  return env;
}

export class Cli {
  /** SEIKYU_NOW of the following calls: move it forward to let the weeks pass. */
  now: string;

  constructor(
    readonly home: string,
    now: string,
  ) {
    this.now = now;
  }

  /** A Cli on a new, empty data folder. */
  static fresh(now: string): Cli {
    return new Cli(tempDir(), now);
  }

  /** A copy of this data folder, to try something that may change it without touching this one. */
  clone(): Cli {
    const copy = Cli.fresh(this.now);
    // Not a lock another (concurrent) command may hold at this moment: the copy would look locked.
    cpSync(this.home, copy.home, { recursive: true, filter: (source) => !/\.lock($|[\\/])/.test(path.relative(this.home, source)) });
    return copy;
  }

  get file(): string {
    return path.join(this.home, 'seikyu.json');
  }

  get backup(): string {
    return path.join(this.home, 'seikyu.json.bak');
  }

  /** The document as bytes (null when there is none), to compare before and after a refused command. */
  snapshot(): { doc: Buffer | null; bak: Buffer | null } {
    const read = (f: string) => (existsSync(f) ? readFileSync(f) : null);
    return { doc: read(this.file), bak: read(this.backup) };
  }

  /** Runs the program once. Asynchronous, so independent calls can run side by side (spawning costs ~250 ms). */
  run(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const env: Record<string, string> = { ...baseEnv(), SEIKYU_HOME: this.home, SEIKYU_NOW: options.now ?? this.now };
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [binFile, ...args], { cwd: this.home, env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? (signal ? -1 : 0), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
      // The program may not read its input (and exit first): a closed pipe is not an error here.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input ?? '');
    });
  }

  /** Runs a command that must succeed; a failure shows the program's own message. */
  async ok(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) {
      throw new Error(`seikyu ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    }
    return result;
  }

  /** Runs a `--json` command and parses its output. */
  async json<T = unknown>(args: readonly string[], options: RunOptions = {}): Promise<T> {
    return JSON.parse((await this.ok(args, options)).stdout) as T;
  }

  status(options: RunOptions = {}): Promise<StatusJson> {
    return this.json<StatusJson>(['status', '--json'], options);
  }

  next(options: RunOptions = {}): Promise<NextJson> {
    return this.json<NextJson>(['next', '--json'], options);
  }

  /** One step instance of `status --json`. */
  async step(id: string, terminal: string | null = null, options: RunOptions = {}): Promise<StepJson> {
    const found = (await this.status(options)).steps.find((s) => s.id === id && s.terminal === terminal);
    if (!found) throw new Error(`no step ${id}@${terminal ?? 'facility'} in status --json`);
    return found;
  }

  /**
   * Runs a command that must be refused: the exit code, one line on stderr starting with `seikyu: `, no
   * stack trace, nothing on stdout, and the document and its backup byte-identical. Returns the message.
   */
  async refuse(args: readonly string[], exitCode: number, options: RunOptions = {}): Promise<string> {
    const before = this.snapshot();
    const result = await this.run(args, options);
    const after = this.snapshot();
    const what = `seikyu ${args.join(' ')}`;
    expect(result.code, `${what}: exit code (stderr: ${result.stderr})`).toBe(exitCode);
    expect(result.stdout, `${what}: stdout`).toBe('');
    expect(result.stderr, `${what}: stderr ends with a newline`).toMatch(/\n$/);
    const lines = result.stderr.slice(0, -1).split('\n');
    expect(lines, `${what}: one line on stderr`).toHaveLength(1);
    expect(lines[0], `${what}: stderr prefix`).toMatch(/^seikyu: \S/);
    expect(result.stderr, `${what}: no stack trace`).not.toContain('    at ');
    expect(after.doc === null ? null : after.doc.toString('base64'), `${what}: seikyu.json unchanged`).toBe(
      before.doc === null ? null : before.doc.toString('base64'),
    );
    expect(after.bak === null ? null : after.bak.toString('base64'), `${what}: seikyu.json.bak unchanged`).toBe(
      before.bak === null ? null : before.bak.toString('base64'),
    );
    return lines[0]!;
  }
}

export interface StepRefJson {
  id: string;
  terminal: string | null;
  status: string;
}

export interface StepJson {
  id: string;
  terminal: string | null;
  title: string;
  track: string;
  status: 'done' | 'ready' | 'blocked' | 'waiting' | 'overdue' | 'failed' | 'skipped';
  reason: string;
  blockedBy: (StepRefJson | { anyOf: StepRefJson[] })[];
  rootCauses: (StepRefJson & { reason: string })[];
  since: string | null;
  expectedBy: string | null;
  deadline: string | null;
}

export interface StatusJson {
  facility: {
    name: string;
    code: string;
    carrier: string;
    area: 'east' | 'west' | null;
    connection: string;
    terminals: { name: string; roles: ('claims' | 'oqs')[] }[];
  };
  today: string;
  progress: { done: number; total: number };
  steps: StepJson[];
}

export interface NextJson {
  today: string;
  progress: { done: number; total: number };
  chase: StepJson[];
  ready: StepJson[];
  waiting: StepJson[];
}

export interface HistoryEventJson {
  id: number;
  type: string;
  step: string | null;
  terminal: string | null;
  inputs: Record<string, string>;
  secretInputs: string[];
  occurredAt: string;
  recordedAt: string;
  operator: string;
  note: string | null;
  summary: string;
  by?: string;
  target?: number;
  change?: string;
  undoneBy: number | null;
}

/** `id@terminal` (or `id`) of a step: short, for comparing lists. */
export function label(step: { id: string; terminal: string | null }): string {
  return step.terminal === null ? step.id : `${step.id}@${step.terminal}`;
}

/** The procedure's data, to know each step's scope and inputs without repeating them. */
export const procedureData = JSON.parse(readFileSync(path.join(repoRoot, 'data', 'procedure.json'), 'utf8')) as {
  steps: { id: string; scope: string; kind: string[]; inputs: { key: string; secret: boolean }[]; confirm: unknown[] }[];
};

/** Real files and folders for the file/folder inputs. */
export function makeDownloads(): { manual: string; ons: string; reader: string; cert: string } {
  const root = tempDir('seikyu-downloads-');
  const manual = path.join(root, 'Online_Setup_Manual');
  mkdirSync(path.join(manual, 'crt'), { recursive: true });
  writeFileSync(path.join(manual, 'crt', 'OnlineBillingNWCommonRootCA-G1.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(path.join(manual, 'Top.html'), '<html><body>Online_Setup_Manual</body></html>\n');
  const ons = path.join(root, 'ONS');
  mkdirSync(ons);
  for (const zip of ['OQSFaceApp.zip', 'OQSComApp.zip', 'OQSDistroApp.zip', 'CybertrustManagedPKIClient.zip']) writeFileSync(path.join(ons, zip), 'PK\u0005\u0006' + '\0'.repeat(18));
  const reader = path.join(root, 'カードリーダー');
  mkdirSync(reader);
  writeFileSync(path.join(reader, 'setup.exe'), 'MZ');
  const cert = path.join(root, 'client.p12');
  writeFileSync(cert, Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03]));
  return { manual, ons, reader, cert };
}
