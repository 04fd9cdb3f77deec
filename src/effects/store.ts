import fs from 'node:fs';
import { chmod, lstat, mkdir, open, readFile, rename, rm, stat, utimes, writeFile, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Low, type Adapter } from 'lowdb';
// A namespace import lets the bundler keep only what is used (the `z` object carries every locale: 450 KB against 85 KB).
import * as z from 'zod';
import { ANSWERS_FILE } from './answers.js';
import { DOCUMENT_FORMAT, SeikyuDocument } from './store-document.js';

/**
 * Durable storage of the onboarding document. lowdb alone is safe for one process only (two processes
 * appending lost events in our measurements), so every update runs under a lock that spans read → change →
 * write, and the write itself is a fsynced temp file renamed over the document. A holder can lose its lock
 * without knowing (paused past the stale time, then taken over), so right before the rename the write checks
 * that it still holds the lock and that the document on disk is still the one it read.
 *
 * The lock is a directory, made whole beside its place and renamed into it (atomic everywhere, network shares
 * included), holding owner.json: who holds it, for the message a waiting process shows, and a random token that
 * proves the holder's claim.
 */

const FILE_NAME = 'seikyu.json';
const OWNER_FILE = 'owner.json';
const DEFAULT_LOCK_WAIT_MS = 5000;
/** A lock whose directory has not been refreshed for this long belongs to a crashed or paused process. */
const DEFAULT_LOCK_STALE_MS = 10_000;
/**
 * A lock directory without a readable owner.json is taken over once it is this old: its holder died between
 * mkdir and writing the owner, which takes a live process well under a millisecond.
 */
const ORPHAN_LOCK_GRACE_MS = 1500;
const MAX_RETRY_DELAY_MS = 100;
/** How long a refusal keeps looking for the holder's owner.json when it is not there (see acquireLock). */
const OWNER_READ_GRACE_MS = 250;

// Both are undefined on Windows; there the lstat before every open is the guard.
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
// If a FIFO replaces the document between the lstat and the open, the open returns instead of waiting for a writer.
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** Where to keep the document and how long to wait for another writer. */
export interface StoreOptions {
  /** The data directory; created (mode 0700) by the first update. */
  dir: string;
  /** How long `update` waits for another process's lock. Default 5000, or SEIKYU_LOCK_WAIT_MS when set. */
  lockWaitMs?: number;
  /** What the lock holder is doing, shown to a process that finds the lock taken (e.g. "seikyu done cert-letter"). */
  owner?: string;
  /**
   * After how long without a refresh a lock is taken over, whoever holds it (the only rule for a holder on another
   * host; on this host a holder whose process is gone is taken over at once). Default 10000; shorter in tests.
   */
  lockStaleMs?: number;
  /**
   * Told, once the lock is this process's, how long taking it took and which locks left by others it took over
   * (SEIKYU_DEBUG prints it; the crash suite tells a lock left behind from a slow machine by it).
   */
  onLock?: (report: LockReport) => void;
}

/** Why a lock left by another process was taken over. */
export type TakeoverReason = 'ended' | 'stale' | 'no-owner';

/** How the lock was taken. */
export interface LockReport {
  /** Milliseconds from the first attempt until the lock was this process's. */
  waitedMs: number;
  /** Locks of others taken over meanwhile: the holder's process had ended, it was stale, or it had no owner. */
  takenOver: { reason: TakeoverReason; pid?: number }[];
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

const OwnerRecordSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  user: z.string(),
  command: z.string(),
  since: z.string(),
  // Absent in locks taken by older versions of the program.
  token: z.string().optional(),
});
type OwnerRecord = z.infer<typeof OwnerRecordSchema>;

/** What went wrong with the stored document. The store never prints: the CLI maps `code` to a message. */
export type StoreErrorCode = 'locked' | 'corrupt' | 'unreadable' | 'too-new' | 'io' | 'conflict' | 'not-a-file';

/** What stands at the document's (or the backup's) path instead of a regular file, for 'not-a-file'. */
export type NotAFileType = 'symlink' | 'directory' | 'special';

/** A storage failure the operator can act on. The document is never changed when one is thrown. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** The previous version, when one exists: offered to the operator when the document is corrupt. */
  readonly backupPath?: string;
  /** The process holding the lock, for 'locked', when it could be read. */
  readonly owner?: LockOwner;
  /** The JSON parse error, the first schema issue, the system error code, or why a write was refused. */
  readonly detail?: string;
  /** For 'not-a-file': what is at `path`. */
  readonly fileType?: NotAFileType;

  constructor(
    readonly code: StoreErrorCode,
    readonly path: string,
    message: string,
    extra: { backupPath?: string; owner?: LockOwner; detail?: string; fileType?: NotAFileType; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    if (extra.backupPath !== undefined) this.backupPath = extra.backupPath;
    if (extra.owner !== undefined) this.owner = extra.owner;
    if (extra.detail !== undefined) this.detail = extra.detail;
    if (extra.fileType !== undefined) this.fileType = extra.fileType;
  }
}

export { defaultDataDir } from './data-dir.js';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function errorText(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
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

// ---------------------------------------------------------------------------------------------------------------
// Files: never follow a symlink, never open anything but a regular file.

function fileTypeOf(info: fs.Stats): NotAFileType | undefined {
  if (info.isFile()) return undefined;
  if (info.isSymbolicLink()) return 'symlink';
  return info.isDirectory() ? 'directory' : 'special';
}

function notAFile(file: string, fileType: NotAFileType): StoreError {
  return new StoreError('not-a-file', file, `${file} is not a regular file (${fileType})`, { fileType });
}

function unreadable(file: string, error: unknown): StoreError {
  return new StoreError('unreadable', file, `cannot read ${file}`, { detail: errorText(error), cause: error });
}

/**
 * The bytes of the file at `file`, or null when there is none. Anything but a regular file is refused before it
 * is opened: opening a FIFO waits forever for a writer, and following a symlink would read, and at the next save
 * replace, a file somewhere else.
 */
async function readRegularFile(file: string): Promise<Buffer | null> {
  let info: fs.Stats;
  try {
    info = await lstat(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw unreadable(file, error);
  }
  const fileType = fileTypeOf(info);
  if (fileType) throw notAFile(file, fileType);
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    // The path may have been replaced since the lstat: judge what was actually opened.
    const openedType = fileTypeOf(await handle.stat());
    if (openedType) throw notAFile(file, openedType);
    return await handle.readFile();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (errorCode(error) === 'ENOENT') return null;
    if (errorCode(error) === 'ELOOP') throw notAFile(file, 'symlink');
    throw unreadable(file, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function isRegularFile(file: string): Promise<boolean> {
  return lstat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** The document file, its backup and the platform: everything the read and write paths need. */
interface Paths {
  dir: string;
  file: string;
  backupFile: string;
  platform: NodeJS.Platform;
}

/** A document as read, with the exact bytes it came from: the write checks them before replacing the file. */
interface ReadResult {
  doc: SeikyuDocument | null;
  bytes: Buffer | null;
}

async function parseDocument({ file, backupFile }: Paths, bytes: Buffer): Promise<SeikyuDocument> {
  const corrupt = async (detail: string, cause?: unknown) => {
    const backupPath = (await isRegularFile(backupFile)) ? backupFile : undefined;
    return new StoreError('corrupt', file, `${file} is not a valid seikyu document`, { detail, cause, ...(backupPath ? { backupPath } : {}) });
  };
  let raw: unknown;
  try {
    // A file saved by a Windows editor may start with a BOM, which JSON.parse refuses.
    raw = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
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

async function readDocument(paths: Paths): Promise<ReadResult> {
  const bytes = await readRegularFile(paths.file);
  return { bytes, doc: bytes === null ? null : await parseDocument(paths, bytes) };
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

/** Writes `data` to a new private file next to the document, flushed if `flush`. O_EXCL never follows a symlink. */
async function writeTemp({ dir, file }: Paths, data: string | Buffer, temps: string[], flush: boolean): Promise<string> {
  // Same directory as the document, so the rename cannot cross filesystems.
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  temps.push(temp);
  const { O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
  const handle = await open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    await handle.writeFile(data);
    if (flush) await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

function conflict(file: string, detail: string): StoreError {
  return new StoreError('conflict', file, `${file} was changed by another process meanwhile; nothing was saved`, { detail });
}

/** Compare-and-swap: the document must still be byte for byte what was read under the lock. */
async function assertUnchanged(file: string, previous: Buffer | null): Promise<void> {
  const current = await readRegularFile(file);
  const same = current === null || previous === null ? current === previous : current.equals(previous);
  if (!same) throw conflict(file, 'the document changed since it was read');
}

/**
 * Replaces the document with `doc`, keeping `previous` (the bytes read under the lock) as the backup.
 * Both go through a temp file and a rename, so neither a crash nor a symlink at either path can damage a file.
 * `assertHeld` and the compare-and-swap run last, right before the renames: if either fails, nothing changes.
 */
async function writeDocument(paths: Paths, doc: SeikyuDocument, previous: Buffer | null, assertHeld: () => Promise<void>, keepAs?: string): Promise<void> {
  const { file, backupFile } = paths;
  const temps: string[] = [];
  try {
    // A folder there would make the backup's rename fail after everything else was checked.
    if ((await lstat(backupFile).catch(() => undefined))?.isDirectory()) throw notAFile(backupFile, 'directory');
    const next = await writeTemp(paths, `${JSON.stringify(doc, null, 2)}\n`, temps, true);
    // Not flushed, as the copy it replaces was not: an fsync per save for a file only read after an accident.
    const backup = previous === null ? undefined : await writeTemp(paths, previous, temps, false);
    // A copy kept for good (an import replaces the whole record): flushed, and never over an existing file.
    const kept = previous === null || keepAs === undefined ? undefined : await writeTemp(paths, previous, temps, true);
    if (kept && keepAs !== undefined && (await lstat(keepAs).catch(() => undefined))) throw new StoreError('io', file, `${keepAs} exists already`, { detail: 'EEXIST' });
    await assertHeld();
    await assertUnchanged(file, previous);
    if (kept && keepAs !== undefined) await rename(kept, keepAs);
    if (backup) await rename(backup, backupFile);
    await rename(next, file);
  } catch (error) {
    await Promise.all(temps.map((temp) => rm(temp, { force: true }).catch(() => undefined)));
    if (error instanceof StoreError) throw error;
    throw new StoreError('io', file, `cannot write ${file}`, { detail: errorText(error), cause: error });
  }
  try {
    await syncDirectory(paths);
  } catch (error) {
    throw new StoreError('io', file, `cannot flush the directory of ${file}`, { detail: errorText(error), cause: error });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The lock.

/** A lock this process took. */
interface HeldLock {
  /** Throws 'conflict' when the lock is no longer this process's (it was paused past the stale time and taken over). */
  assertHeld(): Promise<void>;
  /** Removes the lock if it is still this process's. */
  release(): Promise<void>;
}

interface LockSettings {
  file: string;
  waitMs: number;
  staleMs: number;
  command: string;
  onLock?: (report: LockReport) => void;
}

/**
 * A folder beside the lock, this process's: `new` while a lock is being made, `old` once put aside to be removed.
 * The pid lets the next writer remove it at once if this process is killed meanwhile (see sweepLeftovers).
 */
function besideLock(lockDir: string, kind: 'new' | 'old'): string {
  return `${lockDir}.${process.pid}.${randomBytes(6).toString('hex')}.${kind}`;
}

/** How a lock looked when it was judged abandoned: it is removed only if it is still that very lock. */
interface LockMark {
  ino: number;
  ownerText: string | undefined;
  reason: TakeoverReason;
  pid?: number;
}

async function readOwnerText(lockDir: string): Promise<string | undefined> {
  return readFile(path.join(lockDir, OWNER_FILE), 'utf8').catch(() => undefined);
}

function parseOwner(text: string | undefined): OwnerRecord | undefined {
  try {
    const parsed = OwnerRecordSchema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Missing or half-written: the holder is between mkdir and writing it, or died there.
    return undefined;
  }
}

async function readOwner(lockDir: string): Promise<LockOwner | undefined> {
  const record = parseOwner(await readOwnerText(lockDir));
  if (!record) return undefined;
  // The token proves the holder's claim; it is no one else's business.
  const { token: _token, ...owner } = record;
  return owner;
}

async function ownsLock(lockDir: string, token: string): Promise<boolean> {
  return parseOwner(await readOwnerText(lockDir))?.token === token;
}

function ownsLockSync(lockDir: string, token: string): boolean {
  try {
    return parseOwner(fs.readFileSync(path.join(lockDir, OWNER_FILE), 'utf8'))?.token === token;
  } catch {
    return false;
  }
}

/**
 * A killed process whose parent has not reaped it yet still answers kill(pid, 0), but will never release its lock.
 * Only Linux shows this cheaply (/proc); elsewhere such a lock waits for its parent or for the stale rule.
 */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state …": the command may itself contain parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  // 0 and negative pids address process groups: such an owner cannot be judged, so it waits for the stale rule.
  if (!(pid > 0)) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
  return !isZombie(pid);
}

/**
 * The lock's mark when it may be taken over now: stale (any host, the only rule for another host's holder,
 * whose pid means nothing here), held by a process of this host that no longer exists, or without an owner
 * past the grace time. Undefined while it must be waited for.
 */
async function findAbandoned(lockDir: string, staleMs: number): Promise<LockMark | undefined> {
  const info = await lstat(lockDir).catch(() => undefined);
  if (!info) return undefined;
  const ownerText = await readOwnerText(lockDir);
  const owner = parseOwner(ownerText);
  const mark = (reason: TakeoverReason): LockMark => ({ ino: info.ino, ownerText, reason, ...(owner ? { pid: owner.pid } : {}) });
  const age = Date.now() - info.mtimeMs;
  if (age > staleMs) return mark('stale');
  if (!owner) return age > ORPHAN_LOCK_GRACE_MS ? mark('no-owner') : undefined;
  return owner.host === os.hostname() && !processAlive(owner.pid) ? mark('ended') : undefined;
}

async function isSameLock(dir: string, mark: LockMark): Promise<boolean> {
  const info = await lstat(dir).catch(() => undefined);
  return info?.ino === mark.ino && (await readOwnerText(dir)) === mark.ownerText;
}

/**
 * Removes the lock directory if `isMeant` says it is still the lock meant. It is first renamed aside (atomic), so
 * two processes taking over the same abandoned lock cannot both succeed: the second one's rename fails, or
 * finds the first one's new lock and puts it back.
 */
async function removeLockIf(lockDir: string, isMeant: (dir: string) => Promise<boolean>): Promise<boolean> {
  const aside = besideLock(lockDir, 'old');
  const removeAside = () => rm(aside, { recursive: true, force: true }).catch(() => undefined);
  try {
    await rename(lockDir, aside);
  } catch {
    return false;
  }
  if (await isMeant(aside)) {
    await removeAside();
    return true;
  }
  // If a third process locked meanwhile, the lock put aside cannot go back; its holder then fails its check before writing.
  await rename(aside, lockDir).catch(removeAside);
  return false;
}

function newOwner(command: string): OwnerRecord & { token: string } {
  return {
    pid: process.pid,
    host: os.hostname(),
    user: currentUser(),
    command,
    since: new Date().toISOString(),
    token: randomBytes(16).toString('hex'),
  };
}

/**
 * One attempt. The lock directory is made whole beside the lock (`seikyu.json.lock.<pid>.<hex>.new`, holding
 * owner.json with the token) and renamed into place: the rename is the atomic test-and-set (it fails when the lock
 * exists and holds an owner, on POSIX and Windows alike), so a lock never exists without its owner. A process
 * killed while making it leaves only the staged directory, which the next write removes, and never a lock that
 * others must wait out. (Older versions made the lock with mkdir, then wrote the owner: their lock without an
 * owner is still taken over after ORPHAN_LOCK_GRACE_MS.)
 */
async function tryLock(lockDir: string, owner: OwnerRecord, file: string): Promise<boolean> {
  const failed = (error: unknown) => new StoreError('io', file, `cannot lock ${file}`, { detail: errorText(error), cause: error });
  const staged = besideLock(lockDir, 'new');
  const removeStaged = () => rm(staged, { recursive: true, force: true }).catch(() => undefined);
  try {
    await mkdir(staged, { mode: 0o700 });
    await writeFile(path.join(staged, OWNER_FILE), JSON.stringify(owner), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await removeStaged();
    throw failed(error);
  }
  try {
    await rename(staged, lockDir);
    return true;
  } catch (error) {
    await removeStaged();
    // Taken: ENOTEMPTY/EEXIST on POSIX; EPERM/EACCES on Windows, where a folder in the way (or one being removed)
    // gives those. The staging folder was just made in the same folder, so this is not a permission problem; and
    // a lock that is never freed ends in the usual refusal naming its holder.
    if (['ENOTEMPTY', 'EEXIST', 'EPERM', 'EACCES', 'EBUSY', 'ENOENT'].includes(errorCode(error) ?? '')) return false;
    throw failed(error);
  }
}

/** Keeps the lock fresh while this process runs (a prompt may take a minute), and cleans up if it exits holding it. */
function holdLock(lockDir: string, token: string, settings: LockSettings): HeldLock {
  const refresh = async () => {
    // After a takeover the directory is someone else's: refreshing it would keep a dead holder's lock alive.
    if (!(await ownsLock(lockDir, token))) return;
    const now = new Date();
    await utimes(lockDir, now, now);
  };
  const timer = setInterval(() => void refresh().catch(() => undefined), Math.max(settings.staleMs / 3, 50));
  timer.unref();
  const onExit = () => {
    if (!ownsLockSync(lockDir, token)) return;
    // Renamed aside first, as `release` does: removed in place, the folder would be empty for a moment, and a
    // waiting process's rename takes an empty folder as its lock (POSIX), which the removal would then take away.
    const aside = besideLock(lockDir, 'old');
    try {
      fs.renameSync(lockDir, aside);
      if (ownsLockSync(aside, token)) fs.rmSync(aside, { recursive: true, force: true });
      else fs.renameSync(aside, lockDir);
    } catch {
      // Left as it is: the next writer takes over a lock whose process has ended, and removes what was put aside.
    }
  };
  process.on('exit', onExit);
  return {
    async assertHeld() {
      if (!(await ownsLock(lockDir, token))) throw conflict(settings.file, 'the lock was taken over by another process');
    },
    async release() {
      clearInterval(timer);
      process.off('exit', onExit);
      // Checked first as well: a lock that is someone else's now should not even be moved aside for a moment.
      if (!(await ownsLock(lockDir, token))) return;
      await removeLockIf(lockDir, (dir) => ownsLock(dir, token));
    },
  };
}

/** Takes the lock, waiting up to `waitMs`; an abandoned lock is taken over at once. */
async function acquireLock(settings: LockSettings): Promise<HeldLock> {
  const lockDir = `${settings.file}.lock`;
  const owner = newOwner(settings.command);
  const began = performance.now();
  const deadline = Date.now() + settings.waitMs;
  const takenOver: LockReport['takenOver'] = [];
  const held = () => {
    settings.onLock?.({ waitedMs: performance.now() - began, takenOver });
    return holdLock(lockDir, owner.token, settings);
  };
  let delay = 5;
  while (!(await tryLock(lockDir, owner, settings.file))) {
    const abandoned = await findAbandoned(lockDir, settings.staleMs);
    if (abandoned && (await removeLockIf(lockDir, (dir) => isSameLock(dir, abandoned)))) {
      takenOver.push({ reason: abandoned.reason, ...(abandoned.pid === undefined ? {} : { pid: abandoned.pid }) });
      continue;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      // A refusal names the holder. An older version's lock may not hold its owner.json yet (it made the folder,
      // then wrote the owner), or a lock may be between the steps of its release: both take well under a millisecond on an idle machine,
      // many on a loaded one (13 of 153 refusals said only "in use" with four writers on two busy cores). Look
      // again briefly, and take the lock if it was released meanwhile.
      let holder = await readOwner(lockDir);
      const until = Date.now() + OWNER_READ_GRACE_MS;
      while (!holder && Date.now() < until) {
        if (await tryLock(lockDir, owner, settings.file)) return held();
        await sleep(2);
        holder = await readOwner(lockDir);
      }
      throw new StoreError('locked', settings.file, `${settings.file} is being changed by another process`, holder ? { owner: holder } : {});
    }
    // Jitter keeps two waiting processes from retrying in lockstep.
    await sleep(Math.min(remaining, delay * (0.5 + Math.random())));
    delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
  }
  return held();
}

/**
 * Removes what killed writers left in the data directory: their temp files (`.seikyu.json.<pid>.<hex>.tmp`, and `.answers.json.…` of a killed `status`) and
 * lock directories put aside while releasing (`seikyu.json.lock[.<pid>].<hex>.old`) or being made
 * (`seikyu.json.lock.<pid>.<hex>.new`); nothing else removes them,
 * so each kill at the wrong moment would leave one for good. Runs under the lock: a writer whose file is removed
 * has lost the lock, so its write would be refused anyway (and without its temp it cannot rename over ours).
 * Left alone: this process's own files, and those of a live process on this host younger than the stale time
 * (the pid may belong to another host on a shared folder, hence the age rule).
 */
async function sweepLeftovers({ dir, file }: Paths, staleMs: number): Promise<void> {
  const base = path.basename(file);
  // The saved answers of `status`/`next` (answers.json) are written the same way, outside the lock.
  const temp = new RegExp(`^\\.(?:${escapeRegExp(base)}|${escapeRegExp(ANSWERS_FILE)})\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  const aside = new RegExp(`^${escapeRegExp(base)}\\.lock\\.(?:(\\d+)\\.)?[0-9a-f]+\\.(?:old|new)$`);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const match = temp.exec(name) ?? aside.exec(name);
      if (!match) return;
      const pid = match[1] === undefined ? undefined : Number(match[1]);
      if (pid === process.pid) return;
      const full = path.join(dir, name);
      const info = await lstat(full).catch(() => undefined);
      if (!info) return;
      // ctime: a rename (putting a lock aside) does not change a directory's mtime.
      const age = Date.now() - Math.max(info.mtimeMs, info.ctimeMs);
      const gone = pid !== undefined && !processAlive(pid);
      if (gone || age > (pid === undefined ? ORPHAN_LOCK_GRACE_MS : staleMs)) await rm(full, { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------

/** lowdb adapter: validated read, checked atomic fsynced write. The lock is taken around it, not inside. */
class DocumentAdapter implements Adapter<SeikyuDocument | null> {
  // Until read() runs, a write expects no document: refusing is the safe answer to a write without a read.
  #bytesRead: Buffer | null = null;

  constructor(
    private readonly paths: Paths,
    private readonly lock: HeldLock,
    private readonly keepAs?: string,
  ) {}

  async read(): Promise<SeikyuDocument | null> {
    const { doc, bytes } = await readDocument(this.paths);
    this.#bytesRead = bytes;
    return doc;
  }

  async write(doc: SeikyuDocument | null): Promise<void> {
    // lowdb skips writing null data; this guards a direct call.
    if (doc === null) return;
    await writeDocument(this.paths, doc, this.#bytesRead, () => this.lock.assertHeld(), this.keepAs);
  }
}

/** How an update keeps what it replaces, besides the usual backup. */
export interface UpdateOptions {
  /**
   * Also keep the document as it was before this update at this path (in the data folder), for good: the backup
   * is replaced by the next save, and an import replaces the whole record. An existing file there is never
   * replaced (the update fails, nothing written). Nothing is kept when there was no document.
   */
  keepPreviousAs?: string;
}

/** How many events at the start of `next` are the very objects `read` holds, in order: all of `read`'s, or 0. */
function keptPrefix(read: readonly unknown[], next: readonly unknown[]): number {
  if (read.length === 0 || next.length < read.length) return 0;
  for (let i = 0; i < read.length; i++) if (next[i] !== read[i]) return 0;
  return read.length;
}

/** The document in a data directory: lock-free reads, and updates serialized across processes. */
export class Store {
  /** `<dir>/seikyu.json` */
  readonly file: string;
  /** `<dir>/seikyu.json.bak`: the version before the last update. */
  readonly backupFile: string;
  readonly #paths: Paths;
  readonly #lock: LockSettings;
  #lastRead: Buffer | null = null;

  constructor(opts: StoreOptions) {
    const dir = path.resolve(opts.dir);
    this.file = path.join(dir, FILE_NAME);
    this.backupFile = `${this.file}.bak`;
    this.#paths = { dir, file: this.file, backupFile: this.backupFile, platform: process.platform };
    this.#lock = {
      file: this.file,
      waitMs: opts.lockWaitMs ?? lockWaitFromEnv(process.env) ?? DEFAULT_LOCK_WAIT_MS,
      staleMs: opts.lockStaleMs ?? DEFAULT_LOCK_STALE_MS,
      command: opts.owner ?? ['seikyu', ...process.argv.slice(2)].join(' '),
      ...(opts.onLock ? { onLock: opts.onLock } : {}),
    };
  }

  /** The current document without taking the lock (a write is an atomic rename, so a read never sees half of one). */
  async read(): Promise<SeikyuDocument | null> {
    const { doc, bytes } = await readDocument(this.#paths);
    this.#lastRead = bytes;
    return doc;
  }

  /** The bytes the last `read` parsed (null before one, or when there was no document): what an answer derives from. */
  get lastReadBytes(): Buffer | null {
    return this.#lastRead;
  }

  /**
   * Reads the document, lets `fn` produce the next one, and writes it, all under the lock.
   * `fn` gets null when there is no document yet. When `fn` throws, nothing is written and its error propagates.
   * A corrupt, unreadable or too-new document is never overwritten. When another process changed the document
   * meanwhile (this one was paused until its lock was taken over), nothing is written and 'conflict' is thrown.
   */
  async update<T>(
    fn: (doc: SeikyuDocument | null) => Promise<{ doc: SeikyuDocument; result: T }> | { doc: SeikyuDocument; result: T },
    options: UpdateOptions = {},
  ): Promise<T> {
    await this.#prepareDir();
    const lock = await acquireLock(this.#lock);
    try {
      await sweepLeftovers(this.#paths, this.#lock.staleMs);
      const db = new Low<SeikyuDocument | null>(new DocumentAdapter(this.#paths, lock, options.keepPreviousAs), null);
      await db.read();
      const read = db.data;
      const { doc, result } = await fn(read);
      // The events read were validated as they were read: when the new document keeps them (the same objects, in
      // the same order) only what is new is validated — at 10,000 events, validating all of them again was a
      // good part of an append. An import, or anything that rebuilt the events, is validated whole.
      const kept = keptPrefix(read?.events ?? [], doc.events);
      const parsed = SeikyuDocument.safeParse(kept === 0 ? doc : { ...doc, events: doc.events.slice(kept) });
      if (!parsed.success) {
        // A programming error, not the operator's: refuse to save rather than write a file we could not read back.
        throw new Error(`refusing to write an invalid document: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
      }
      db.data = kept === 0 ? parsed.data : { ...parsed.data, events: [...doc.events.slice(0, kept), ...parsed.data.events] };
      await db.write();
      return result;
    } finally {
      // A failed release leaves a lock that is taken over later; it must not hide the real outcome.
      await lock.release().catch(() => undefined);
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
}
