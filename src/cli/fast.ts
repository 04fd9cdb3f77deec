import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findAnswer, questionKey } from '../effects/answers.js';
import { localDay, systemClock } from '../effects/clock.js';
import { defaultDataDir } from '../effects/data-dir.js';
import { pickLang } from '../i18n/lang.js';
import type { Io } from './app.js';
import { PROGRAM_BUILD, PROGRAM_VERSION } from './version.js';

/**
 * What the program can answer before loading the rest of itself: `--version`, and `status`/`next` asked again
 * about an unchanged document on the same day (the saved answer, src/effects/answers.ts). Everything here
 * imports only Node's own modules and a few small ones of this program; anything it is not sure of — an
 * unusual command line, a language it would refuse, a clock it cannot read, no document, no saved answer —
 * returns false, and the full program runs (and gives the same text, or the error).
 */
export function answerFast(argv: readonly string[], io: Io): boolean {
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      // The full program checks the language first, even for --version: an unknown one is its error to give.
      if (pickLang(undefined, io.env.SEIKYU_LANG) === null) return false;
      io.stdout.write(`${PROGRAM_VERSION}\n`);
      return true;
    }
    const question = cacheableQuestion(argv);
    if (!question) return false;
    const lang = pickLang(question.lang, io.env.SEIKYU_LANG);
    if (lang === null) return false;
    const dataDir = path.resolve(question.dataDir ?? defaultDataDir(io.env));
    const bytes = readDocumentBytes(path.join(dataDir, 'seikyu.json'));
    if (bytes === null) return false;
    const today = localDay(systemClock(io.env).now());
    const out = findAnswer(dataDir, questionKey({ argv, env: io.env, stdout: io.stdout, today, build: PROGRAM_BUILD }), bytes);
    if (out === null) return false;
    io.stdout.write(out);
    return true;
  } catch {
    return false;
  }
}

/**
 * The document's bytes, only when it is a regular file (not a link, a folder or a FIFO, which the full program
 * refuses with its own sentence; a FIFO would block a read for good). Null for anything else.
 */
function readDocumentBytes(file: string): Buffer | null {
  if (!lstatSync(file).isFile()) return null;
  // O_NONBLOCK: should the path become a FIFO after the lstat, opening it does not wait; O_NOFOLLOW: nor a link.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : null;
  } finally {
    closeSync(fd);
  }
}

/** Options of the command line that take a value (`--lang en` as well as `--lang=en`). */
const WITH_VALUE = new Set(['--lang', '--data-dir', '--operator', '--terminal']);

/**
 * `status` or `next` with plain long options: the command, and the `--lang`/`--data-dir` it names. Null for
 * anything else (help, short options, `--`, a second command word): those go to the full program.
 */
export function cacheableQuestion(argv: readonly string[]): { command: 'status' | 'next'; lang?: string; dataDir?: string } | null {
  let command: 'status' | 'next' | null = null;
  let lang: string | undefined;
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (command !== null || (arg !== 'status' && arg !== 'next')) return null;
      command = arg;
      continue;
    }
    if (arg === '--' || arg === '--help' || arg === '--version') return null;
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    let value: string | undefined;
    if (WITH_VALUE.has(name)) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        value = argv[++i];
        if (value === undefined) return null;
      }
    } else if (eq >= 0) return null;
    if (name === '--lang') lang = value;
    if (name === '--data-dir') dataDir = value;
  }
  if (command === null) return null;
  return { command, ...(lang !== undefined ? { lang } : {}), ...(dataDir !== undefined ? { dataDir } : {}) };
}
