import fs from 'node:fs';
import { chmod, copyFile, mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Low, type Adapter } from 'lowdb';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { DOCUMENT_FORMAT, SeikyuDocument } from './store-document.js';

/**
 * Durable storage of the onboarding document. lowdb alone is safe for one process only (two processes
 * appending lost events in our measurements), so every update runs under a proper-lockfile lock that spans
 * read → change → write, and the write itself is a fsynced temp file renamed over the document.
 */

const FILE_NAME = 'seikyu.json';
const OWNER_FILE = 'owner.json';
const DEFAULT_LOCK_WAIT_MS = 5000;
/** A lock whose directory has not been touched for this long belongs to a crashed process and is taken over. */
const LOCK_STALE_MS = 10_000;
const MAX_RETRY_DELAY_MS = 100;

/** Where to keep the document and how long to wait for another writer. */
export interface StoreOptions {
  /** The data directory; created (mode 0700) by the first update. */
  dir: string;
  /** How long `update` waits for another process's lock. Default 5000, or SEIKYU_LOCK_WAIT_MS when set. */
  lockWaitMs?: number;
  /** What the lock holder is doing, shown to a process that finds the lock taken (e.g. "seikyu done cert-letter"). */
  owner?: string;
}

/** Who holds the lock: written into the lock directory so a waiting process can say who is in the way. */
export interface LockOwner {
  pid: number;
  host: string;
  user: string;
  command: string;
  /** ISO 8601 time the lock was taken. */
  since: string;
}

const LockOwnerSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  user: z.string(),
  command: z.string(),
  since: z.string(),
});

/** What went wrong with the stored document. The store never prints: the CLI maps `code` to a message. */
export type StoreErrorCode = 'locked' | 'corrupt' | 'unreadable' | 'too-new' | 'io';

/** A storage failure the operator can act on. The document is never changed when one is thrown before the write. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** The previous version, when one exists: offered to the operator when the document is corrupt. */
  readonly backupPath?: string;
  /** The process holding the lock, for 'locked', when it could be read. */
  readonly owner?: LockOwner;
  /** The JSON parse error, the first schema issue, or the system error code. */
  readonly detail?: string;

  constructor(
    readonly code: StoreErrorCode,
    readonly path: string,
    message: string,
    extra: { backupPath?: string; owner?: LockOwner; detail?: string; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    if (extra.backupPath !== undefined) this.backupPath = extra.backupPath;
    if (extra.owner !== undefined) this.owner = extra.owner;
    if (extra.detail !== undefined) this.detail = extra.detail;
  }
}

/**
 * The per-user data directory. SEIKYU_HOME wins; otherwise the platform's convention for application data.
 * The path module follows `platform`, not the running system, so every branch can be tested on Linux.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const name = 'medical-seikyu';
  if (env.SEIKYU_HOME) return env.SEIKYU_HOME;
  if (platform === 'win32') {
    return env.APPDATA ? path.win32.join(env.APPDATA, name) : path.win32.join(home, 'AppData', 'Roaming', name);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', name);
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg && path.posix.isAbsolute(xdg)) return path.posix.join(xdg, name);
  return path.posix.join(home, '.local', 'share', name);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function errorText(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    // userInfo throws in containers whose uid has no passwd entry.
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

function lockWaitFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.SEIKYU_LOCK_WAIT_MS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The fs given to proper-lockfile. Its lock is a directory made with mkdir; we put owner.json inside it.
 * - owner.json is written inside mkdir, before proper-lockfile records the directory's mtime: writing it later
 *   would change that mtime, and proper-lockfile would then declare its own lock compromised.
 * - rmdir (release, stale takeover, exit cleanup) removes owner.json first, or rmdir would fail on a non-empty
 *   directory and a crashed process's lock could never be taken over.
 */
function lockFs(owner: () => LockOwner) {
  const removeOwnerSync = (dir: string) => fs.rmSync(path.join(dir, OWNER_FILE), { force: true });
  return {
    ...fs,
    mkdir(dir: string, callback: (error: NodeJS.ErrnoException | null) => void) {
      fs.mkdir(dir, (error) => {
        if (error) return callback(error);
        // Best effort: the owner is only for the message a waiting process shows.
        fs.writeFile(path.join(dir, OWNER_FILE), JSON.stringify(owner()), { mode: 0o600 }, () => callback(null));
      });
    },
    rmdir(dir: string, callback: (error: NodeJS.ErrnoException | null) => void) {
      fs.rm(path.join(dir, OWNER_FILE), { force: true }, () => fs.rmdir(dir, callback));
    },
    rmdirSync(dir: string) {
      removeOwnerSync(dir);
      fs.rmdirSync(dir);
    },
  };
}

async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    const parsed = LockOwnerSchema.safeParse(JSON.parse(await readFile(path.join(lockDir, OWNER_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Missing or half-written: the holder is between mkdir and writing it, or is an older program.
    return undefined;
  }
}

/** The document file, its backup and the platform: everything the read and write paths need. */
interface Paths {
  dir: string;
  file: string;
  backupFile: string;
  platform: NodeJS.Platform;
}

async function readDocument({ file, backupFile }: Paths): Promise<SeikyuDocument | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new StoreError('unreadable', file, `cannot read ${file}`, { detail: errorText(error), cause: error });
  }
  const corrupt = async (detail: string, cause?: unknown) => {
    const backupPath = (await exists(backupFile)) ? backupFile : undefined;
    return new StoreError('corrupt', file, `${file} is not a valid seikyu document`, { detail, cause, ...(backupPath ? { backupPath } : {}) });
  };
  let raw: unknown;
  try {
    // A file saved by a Windows editor may start with a BOM, which JSON.parse refuses.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw await corrupt(error instanceof Error ? error.message : String(error), error);
  }
  // Checked before the schema: a newer format may not match it, and "update the program" is the useful answer.
  if (typeof raw === 'object' && raw !== null && 'format' in raw && typeof raw.format === 'number' && raw.format > DOCUMENT_FORMAT) {
    throw new StoreError('too-new', file, `${file} was written by a newer program`, { detail: `format ${raw.format}` });
  }
  const parsed = SeikyuDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    throw await corrupt(`${where}: ${issue?.message ?? 'invalid'}`, parsed.error);
  }
  return parsed.data;
}

async function syncDirectory({ dir, platform }: Paths): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    // Windows cannot open or fsync a directory; some filesystems do not support fsync on one.
    const unsupported = platform === 'win32' ? ['EISDIR', 'EPERM', 'EACCES'] : ['EINVAL', 'ENOTSUP'];
    if (!unsupported.includes(code ?? '')) throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function writeDocument(paths: Paths, doc: SeikyuDocument): Promise<void> {
  const { dir, file, backupFile, platform } = paths;
  // Same directory as the document, so the rename cannot cross filesystems.
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o600);
    await handle.writeFile(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    try {
      await copyFile(file, backupFile);
      // copyFile keeps the source's mode; the backup holds the same secrets as the document.
      if (platform !== 'win32') await chmod(backupFile, 0o600);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw new StoreError('io', file, `cannot write ${file}`, { detail: errorText(error), cause: error });
  }
  try {
    await syncDirectory(paths);
  } catch (error) {
    throw new StoreError('io', file, `cannot flush the directory of ${file}`, { detail: errorText(error), cause: error });
  }
}

/** lowdb adapter: validated read, atomic fsynced write. The lock is taken around it, not inside. */
class DocumentAdapter implements Adapter<SeikyuDocument | null> {
  constructor(
    private readonly paths: Paths,
    private readonly beforeWrite: () => void,
  ) {}

  read(): Promise<SeikyuDocument | null> {
    return readDocument(this.paths);
  }

  async write(doc: SeikyuDocument | null): Promise<void> {
    // lowdb skips writing null data; this guards a direct call.
    if (doc === null) return;
    this.beforeWrite();
    await writeDocument(this.paths, doc);
  }
}

/** The document in a data directory: lock-free reads, and updates serialized across processes. */
export class Store {
  /** `<dir>/seikyu.json` */
  readonly file: string;
  /** `<dir>/seikyu.json.bak`: the version before the last update. */
  readonly backupFile: string;
  readonly #paths: Paths;
  readonly #lockWaitMs: number;
  readonly #command: string;

  constructor(opts: StoreOptions) {
    const dir = path.resolve(opts.dir);
    this.file = path.join(dir, FILE_NAME);
    this.backupFile = `${this.file}.bak`;
    this.#paths = { dir, file: this.file, backupFile: this.backupFile, platform: process.platform };
    this.#lockWaitMs = opts.lockWaitMs ?? lockWaitFromEnv(process.env) ?? DEFAULT_LOCK_WAIT_MS;
    this.#command = opts.owner ?? ['seikyu', ...process.argv.slice(2)].join(' ');
  }

  /** The current document without taking the lock (a write is an atomic rename, so a read never sees half of one). */
  read(): Promise<SeikyuDocument | null> {
    return readDocument(this.#paths);
  }

  /**
   * Reads the document, lets `fn` produce the next one, and writes it, all under the lock.
   * `fn` gets null when there is no document yet. When `fn` throws, nothing is written and its error propagates.
   * A corrupt, unreadable or too-new document is never overwritten.
   */
  async update<T>(fn: (doc: SeikyuDocument | null) => Promise<{ doc: SeikyuDocument; result: T }> | { doc: SeikyuDocument; result: T }): Promise<T> {
    await this.#prepareDir();
    let compromised: Error | undefined;
    const release = await this.#acquire((error) => {
      compromised = error;
    });
    try {
      const db = new Low<SeikyuDocument | null>(
        new DocumentAdapter(this.#paths, () => {
          if (compromised) {
            throw new StoreError('locked', this.file, `lost the lock on ${this.file}`, { detail: compromised.message, cause: compromised });
          }
        }),
        null,
      );
      await db.read();
      const { doc, result } = await fn(db.data);
      const parsed = SeikyuDocument.safeParse(doc);
      if (!parsed.success) {
        // A programming error, not the operator's: refuse to save rather than write a file we could not read back.
        throw new Error(`refusing to write an invalid document: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
      }
      db.data = parsed.data;
      await db.write();
      return result;
    } finally {
      // A failed release leaves a lock that goes stale and is taken over; it must not hide the real outcome.
      await release().catch(() => undefined);
    }
  }

  async #prepareDir(): Promise<void> {
    const { dir, platform } = this.#paths;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      if (platform === 'win32') return;
      // The document holds a clinic's data: keep the directory private even if it was made earlier with a looser mode.
      const info = await stat(dir);
      if (info.uid === process.getuid?.() && (info.mode & 0o777) !== 0o700) await chmod(dir, 0o700);
    } catch (error) {
      throw new StoreError('io', this.file, `cannot prepare ${dir}`, { detail: errorText(error), cause: error });
    }
  }

  async #acquire(onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
    const lockDir = `${this.file}.lock`;
    const owner = (): LockOwner => ({
      pid: process.pid,
      host: os.hostname(),
      user: currentUser(),
      command: this.#command,
      since: new Date().toISOString(),
    });
    const options = { realpath: false, stale: LOCK_STALE_MS, retries: 0, fs: lockFs(owner), onCompromised };
    const deadline = Date.now() + this.#lockWaitMs;
    let delay = 5;
    for (;;) {
      try {
        return await lockfile.lock(this.file, options);
      } catch (error) {
        if (errorCode(error) !== 'ELOCKED') {
          throw new StoreError('io', this.file, `cannot lock ${this.file}`, { detail: errorText(error), cause: error });
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          const holder = await readOwner(lockDir);
          throw new StoreError('locked', this.file, `${this.file} is being changed by another process`, holder ? { owner: holder } : {});
        }
        // Jitter keeps two waiting processes from retrying in lockstep.
        await sleep(Math.min(remaining, delay * (0.5 + Math.random())));
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }
}
