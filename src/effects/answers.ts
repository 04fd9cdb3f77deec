import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Derived answers: what `status` and `next` printed, kept in the data folder (`answers.json`) so that the same
 * question about the same document on the same day is answered by printing it again, without loading the
 * statechart, the schemas or the views.
 *
 * An answer is tied to everything its text depends on:
 * - the document's exact bytes (a SHA-256 of what the command read): any change — a new event, an import, a
 *   hand edit, a restored backup — is a different document, so a miss;
 * - the question: the command line as typed and the environment that shapes the output (language, colour,
 *   terminal width or a pipe);
 * - the day (Japan time): waits, deadlines and the forecast move with it (these two commands read no hour);
 * - the build: the program's version and a digest of its sources and data, so an upgrade never prints an old
 *   answer.
 * A miss, an unreadable or foreign file, anything unexpected: the command runs in full. Saving is best effort:
 * a read-only folder only costs the speed.
 */

export const ANSWERS_FILE = 'answers.json';
/** How many answers are kept: the two commands, text and `--json`, in two languages, and a few widths. */
const KEEP = 12;
const FORMAT = 1;

export interface Question {
  /** The arguments after `seikyu`, as typed. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: { isTTY?: boolean; columns?: number };
  /** `YYYY-MM-DD` in Japan. */
  today: string;
  /** The program's version and build. */
  build: string;
}

interface Entry {
  key: string;
  /** `sha256:` of the document's bytes the answer was made from. */
  document: string;
  /** The data folder the answer belongs to (resolved). */
  dataDir: string;
  out: string;
}

interface AnswersFile {
  format: number;
  entries: Entry[];
}

/** The key of a question: every input the answer's text depends on, besides the document. */
export function questionKey(q: Question): string {
  const shape = {
    argv: q.argv,
    lang: q.env.SEIKYU_LANG ?? null,
    home: q.env.SEIKYU_HOME ?? null,
    colour: [q.env.NO_COLOR ?? null, q.env.FORCE_COLOR ?? null, q.env.TERM ?? null],
    width: q.stdout.isTTY === true ? (q.stdout.columns ?? 0) : 'pipe',
    today: q.today,
    build: q.build,
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

export function documentDigest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function readAnswers(dataDir: string): AnswersFile | null {
  try {
    const parsed = JSON.parse(readFileSync(path.join(dataDir, ANSWERS_FILE), 'utf8')) as Partial<AnswersFile> | null;
    if (parsed === null || typeof parsed !== 'object' || parsed.format !== FORMAT || !Array.isArray(parsed.entries)) return null;
    return { format: FORMAT, entries: parsed.entries.filter(isEntry) };
  } catch {
    return null;
  }
}

function isEntry(value: unknown): value is Entry {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return typeof e.key === 'string' && typeof e.document === 'string' && typeof e.dataDir === 'string' && typeof e.out === 'string';
}

/**
 * The saved answer to `key` about the document `bytes` in `dataDir`, or null. Reads only the answers file:
 * the caller has read the document.
 */
export function findAnswer(dataDir: string, key: string, bytes: Uint8Array): string | null {
  const file = readAnswers(dataDir);
  if (!file) return null;
  const resolved = path.resolve(dataDir);
  const entry = file.entries.find((e) => e.key === key && e.dataDir === resolved);
  if (!entry || entry.document !== documentDigest(bytes)) return null;
  return entry.out;
}

/** Keeps `out` as the answer to `key` about the document `bytes`; never throws (the answer was printed already). */
export function saveAnswer(dataDir: string, key: string, bytes: Uint8Array, out: string): void {
  const resolved = path.resolve(dataDir);
  const entry: Entry = { key, document: documentDigest(bytes), dataDir: resolved, out };
  const before = readAnswers(dataDir)?.entries ?? [];
  // Answers about another document are of no use any more: the document changed.
  const kept = before.filter((e) => e.key !== key && e.document === entry.document && e.dataDir === resolved).slice(0, KEEP - 1);
  const next: AnswersFile = { format: FORMAT, entries: [entry, ...kept] };
  const target = path.join(resolved, ANSWERS_FILE);
  // Named like the store's temp files (`.<name>.<pid>.<hex>.tmp`), so a killed writer's leftover is swept with theirs.
  const temp = path.join(resolved, `.${ANSWERS_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, JSON.stringify(next), { mode: 0o600, flag: 'wx' });
    renameSync(temp, target);
  } catch {
    rmSync(temp, { force: true });
  }
}
