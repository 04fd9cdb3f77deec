import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Pcsclite from 'pcsclite';
import type { CommandRunner, PcscOutcome, PcscPort, PcscReader } from './types.js';

/**
 * The real PC/SC port. It lists the card readers through pcsclite (PC/SC itself: pcscd on Linux, the Smart Card
 * service on Windows, the built-in framework on macOS) and reads each reader's card ATR.
 *
 * pcsclite is an optional native dependency: it is missing where build tools were absent and does not load on
 * Node 24. Without it, Windows still lists the readers through PowerShell's device list (no card can be read that
 * way); elsewhere the port says what is missing and how to install it.
 *
 * pcsclite runs in a short-lived child Node process, never in this one. Measured with pcsclite 1.0.1 and pcscd
 * 1.9.9: every listing leaves a PC/SC context open (a reader's status context is never released), so after about
 * 190 listings in one process pcscd refuses new contexts (its limit is 200, for every program on the PC), and the
 * next listing blocks this process for good inside a native thread join, where no timer can fire. A child's
 * contexts end with it, and a child that hangs is killed at the deadline.
 */

/** What a reader's card looked like: read (an ATR), absent, present but silent, or not known. */
export type CardState = 'read' | 'absent' | 'unreadable' | 'unknown';

/** A reader as this port reports it: the contract's name and ATR, plus why there is no ATR. */
export interface PcscReaderDetail extends PcscReader {
  /** Absent from readers built to the contract alone: then a null ATR means no card. */
  card?: CardState;
}

/** A problem device Windows lists among the smart card readers (Status Error, Degraded, Unknown). */
export interface TroubledDevice {
  name: string;
  status: string;
}

/** The `listed` outcome with what this port adds (all optional, so fakes written to the contract still fit). */
export type PcscListing = Extract<PcscOutcome, { kind: 'listed' }> & {
  readers: PcscReaderDetail[];
  /** How the list was made: PC/SC, or Windows' device list when PC/SC cannot be loaded (cards unseen). */
  via?: 'pcsc' | 'windows-devices';
  /** Readers Windows knows but reports a problem with: connected, yet not usable. */
  troubled?: TroubledDevice[];
};

export interface PcscPortOptions {
  platform: NodeJS.Platform;
  /** Runs the child process that uses pcsclite, and PowerShell for the Windows fallback. */
  runner: CommandRunner;
  /**
   * For tests: load pcsclite with this (a failing or scripted loader) and use it in this process instead of a
   * child process.
   */
  load?: () => Promise<unknown>;
}

type Library = { kind: 'loaded'; create: () => Pcsclite.PCSCLite } | { kind: 'failed'; reason: string };

export function pcscPort(options: PcscPortOptions): PcscPort {
  const { platform, runner, load } = options;
  // pcsclite that failed to load will not load later in the same installation: remember why.
  let failed: string | null = null;
  let library: Promise<Library> | undefined;

  const withoutPcsclite = (reason: string, timeoutMs: number): Promise<PcscOutcome> | PcscOutcome =>
    platform === 'win32' ? listWindowsDevices(runner, reason, timeoutMs) : { kind: 'unavailable', message: unavailableMessage(platform, reason) };

  return {
    async listReaders({ timeoutMs }) {
      if (failed !== null) return withoutPcsclite(failed, timeoutMs);
      if (load) {
        library ??= loadLibrary(load);
        const loaded = await library;
        if (loaded.kind === 'failed') return withoutPcsclite((failed = loaded.reason), timeoutMs);
        return listWithPcsclite(loaded.create, { timeoutMs, release: true });
      }
      const answer = await listInChild(runner, timeoutMs);
      if (answer.kind === 'load-failed') return withoutPcsclite((failed = loadFailure(answer)), timeoutMs);
      return answer;
    },
  };
}

// ---- Loading pcsclite ------------------------------------------------------------------------------------------

async function loadLibrary(load: () => Promise<unknown>): Promise<Library> {
  try {
    const module: unknown = await load();
    // `import()` of a CommonJS package gives its `module.exports` as `default`.
    const create = typeof module === 'function' ? module : (module as { default?: unknown } | null)?.default;
    if (typeof create !== 'function') return { kind: 'failed', reason: 'pcsclite loaded but does not export its factory function' };
    return { kind: 'loaded', create: create as () => Pcsclite.PCSCLite };
  } catch (error) {
    return { kind: 'failed', reason: loadFailure(error) };
  }
}

const OTHER_NODE = 'pcsclite was built for another Node.js version';

/** Why pcsclite did not load, in the terms of how to fix it. */
export function loadFailure(error: unknown): string {
  const full = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  // Node's messages wrap over several lines ("… compiled against a different Node.js version using\nNODE_MODULE_VERSION …").
  const message = full.replace(/\s+/g, ' ').trim().slice(0, 300);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `the optional package pcsclite is not installed (${message})`;
  // Node 24 loading a build made for Node 20 says "Module did not self-register" (measured with v24.22.3).
  if (full.includes('NODE_MODULE_VERSION') || full.includes('did not self-register')) return `${OTHER_NODE} (${message})`;
  if (full.includes('Could not locate the bindings file')) return `pcsclite's native part was not built (${message})`;
  return `pcsclite could not be loaded (${message})`;
}

/** The `unavailable` message: what is missing and how to install it, for this platform. */
export function unavailableMessage(platform: NodeJS.Platform, reason: string): string {
  if (reason.startsWith(OTHER_NODE)) {
    return `${reason}. Reinstall seikyu with this Node.js so pcsclite is built for it; pcsclite does not build on Node.js 24 and later, so use Node.js 20 or 22 for the card reader.`;
  }
  if (platform === 'linux') {
    return `${reason}. Install PC/SC and the build tools (Debian/Ubuntu: sudo apt install pcscd libpcsclite-dev build-essential python3), then reinstall seikyu so pcsclite is built.`;
  }
  if (platform === 'darwin') {
    return `${reason}. PC/SC is built into macOS; building pcsclite needs the Xcode command line tools (xcode-select --install), then reinstall seikyu.`;
  }
  return `${reason}. Install the PC/SC library with its development files and a C++ build toolchain, then reinstall seikyu.`;
}

// ---- The child process ---------------------------------------------------------------------------------------

/** What the child answers: a listing, or why pcsclite did not load there. */
type ChildAnswer = PcscOutcome | { kind: 'load-failed'; message: string; code?: string };

/** Time the child needs beyond its own deadline: starting Node and loading the addon (≈ 100 ms here). */
const CHILD_START_MS = 1_500;

/**
 * The program the child runs with `node -e`: load pcsclite from where this module is installed, list, print
 * the answer as one JSON line, and exit at once. It does not close what it opened: the exit releases it all,
 * and a close can block for good (see the top of this file). `listWithPcsclite` is self-contained so that its
 * source text is a complete function in the child, whatever compiled it (tsc, vitest, a bundler).
 */
export function childProgram(): string {
  return [
    '"use strict";',
    `const listWithPcsclite = ${listWithPcsclite.toString()};`,
    'const [moduleDir, deadline] = process.argv.slice(1);',
    'const answer = (value) => process.stdout.write(JSON.stringify(value) + "\\n", () => process.exit(0));',
    'let create = null;',
    'try { create = require(require.resolve("pcsclite", { paths: [moduleDir] })); }',
    'catch (error) { answer({ kind: "load-failed", message: String(error && error.message || error), code: error && error.code }); }',
    'if (create) listWithPcsclite(create, { timeoutMs: Number(deadline), release: false }).then(answer, (error) => answer({ kind: "error", message: String(error && error.message || error) }));',
  ].join('\n');
}

/** Where this module lies: the child resolves pcsclite from here, as an import from this module would. */
function moduleDir(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

async function listInChild(runner: CommandRunner, timeoutMs: number): Promise<ChildAnswer> {
  const childDeadline = Math.max(timeoutMs - CHILD_START_MS, Math.round(timeoutMs / 2));
  let outcome;
  try {
    outcome = await runner.run(process.execPath, ['-e', childProgram(), moduleDir(), String(childDeadline)], { encoding: 'utf8', timeoutMs });
  } catch (error) {
    return { kind: 'error', message: `the PC/SC helper process could not be started: ${errorText(error)}` };
  }
  if (outcome.kind === 'missing') return { kind: 'error', message: `Node.js (${process.execPath}) could not be started for PC/SC` };
  if (outcome.kind === 'timeout') return { kind: 'error', message: `PC/SC did not answer within ${Math.round(timeoutMs / 100) / 10} s` };
  const last = outcome.stdout.split(/\r?\n/).filter((line) => line.trim() !== '').pop() ?? '';
  try {
    const answer = JSON.parse(last) as ChildAnswer;
    if (answer && typeof answer === 'object' && typeof answer.kind === 'string') return answer;
  } catch {
    // Not an answer: the child died before giving one (a crash in the native addon); said below.
  }
  const said = errorText(outcome.stderr) || errorText(outcome.stdout);
  return { kind: 'error', message: `the PC/SC helper process ended with code ${outcome.exitCode} without an answer${said ? `: ${said}` : ''}` };
}

// ---- Listing through pcsclite ------------------------------------------------------------------------------------

/**
 * One listing: establish a context, wait for the first list of readers and each reader's first status, then
 * answer. pcsclite reports the list through `reader` events only (nothing for an empty list), so the moment a
 * list arrived is learned by wrapping the `start` the factory calls on the next tick. The `error` listeners stay
 * attached: closing makes pcsclite emit "Command cancelled (0x80100002)", which must not become an unhandled
 * error. With `release`, every reader that answered and the context are closed before the answer is given.
 *
 * Self-contained on purpose (no reference to anything outside it but globals): the child process runs its
 * source text (see `childProgram`).
 */
export function listWithPcsclite(create: () => Pcsclite.PCSCLite, options: { timeoutMs: number; release: boolean }): Promise<PcscOutcome> {
  type Card = { atr: string | null; card: 'read' | 'absent' | 'unreadable' | 'unknown' };
  interface Watched {
    reader: Pcsclite.CardReader;
    /** The first status the reader reported, or null until then (or when it reported an error instead). */
    status: Pcsclite.ReaderStatus | null;
    answered: boolean;
  }

  const text = (error: unknown): string => {
    const message = error instanceof Error ? error.message : String(error);
    return (message.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim().slice(0, 300);
  };
  /** SCARD_E_NO_SERVICE and SCARD_E_SERVICE_STOPPED: the code is in every message, whatever the Windows language. */
  const failure = (error: unknown): PcscOutcome => {
    const message = text(error);
    return /0x8010001[de]/i.test(message) ? { kind: 'no-service', message } : { kind: 'error', message };
  };
  const cardOf = (reader: Pcsclite.CardReader, status: Pcsclite.ReaderStatus | null): Card => {
    if (!status) return { atr: null, card: 'unknown' };
    if (!(status.state & reader.SCARD_STATE_PRESENT)) return { atr: null, card: 'absent' };
    const atr = status.atr && status.atr.length > 0 && !(status.state & reader.SCARD_STATE_MUTE) ? status.atr.toString('hex').toLowerCase() : null;
    return atr ? { atr, card: 'read' } : { atr: null, card: 'unreadable' };
  };
  const attempt = (action: () => unknown): void => {
    try {
      action();
    } catch {
      // Already closed: nothing left to release.
    }
  };

  let context: Pcsclite.PCSCLite;
  try {
    // Throws at once when the service is not running (SCardEstablishContext … 0x8010001d).
    context = create();
  } catch (error) {
    return Promise.resolve(failure(error));
  }

  return new Promise((resolve) => {
    const watched: Watched[] = [];
    let listed = false;
    let finished = false;
    const listing = (): PcscOutcome => ({ kind: 'listed', via: 'pcsc', readers: watched.map(({ reader, status }) => ({ name: reader.name, ...cardOf(reader, status) })) }) as PcscOutcome;
    const deadline = setTimeout(() => {
      finish(listed ? listing() : { kind: 'error', message: `PC/SC gave no list of readers within ${Math.round(options.timeoutMs / 100) / 10} s` });
    }, options.timeoutMs);

    const finish = (outcome: PcscOutcome): void => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      // Not from inside the callback that got us here: pcsclite calls a reader's `status` listeners while holding
      // that reader's mutex, and `close()` takes the same mutex (a deadlock measured here). A reader that never
      // reported its first status is left open: every working reader reports one at once, so its thread is
      // stuck, and close() would join it and block for good.
      setImmediate(() => {
        if (options.release) {
          for (const { reader } of watched.filter((entry) => entry.answered)) attempt(() => reader.close());
          attempt(() => context.close());
        }
        resolve(outcome);
      });
    };
    const settle = (): void => {
      if (listed && watched.every((entry) => entry.answered)) finish(listing());
    };

    context.on('error', (error) => {
      if (!listed) finish(failure(error));
    });
    context.on('reader', (reader) => {
      const entry: Watched = { reader, status: null, answered: false };
      watched.push(entry);
      reader.on('error', () => {
        entry.answered = true;
        settle();
      });
      reader.on('status', (status) => {
        if (entry.answered) return;
        entry.status = status;
        entry.answered = true;
        settle();
      });
    });

    const start = context.start;
    if (typeof start !== 'function') {
      // Not the pcsclite this was written for (1.0.1): the moment of the list cannot be known.
      finish({ kind: 'error', message: 'this pcsclite version has no start(): expected pcsclite 1.0.1' });
      return;
    }
    context.start = (callback) =>
      start.call(context, (error, names) => {
        // pcsclite's own callback emits the `reader` events (or the `error`) synchronously.
        callback(error, names);
        if (!error) {
          listed = true;
          settle();
        }
      });
  });
}

// ---- Windows without pcsclite ------------------------------------------------------------------------------------

/** The exit code the script gives when this PowerShell has no Get-PnpDevice (before Windows 8 / Server 2012). */
export const NO_GET_PNPDEVICE_EXIT = 3;

/**
 * The PowerShell command that lists the smart card readers Windows knows, as JSON. `-ErrorAction
 * SilentlyContinue` turns "no matching devices" (a localized error) into empty output; a missing Get-PnpDevice
 * is told by the exit code, not by its localized message.
 */
export function windowsReadersCommand(): { file: string; args: string[] } {
  const script = [
    '[Console]::OutputEncoding=[Text.Encoding]::UTF8;',
    `if (-not (Get-Command Get-PnpDevice -ErrorAction SilentlyContinue)) { exit ${NO_GET_PNPDEVICE_EXIT} };`,
    'Get-PnpDevice -Class SmartCardReader -PresentOnly -ErrorAction SilentlyContinue | Select-Object FriendlyName,Status,InstanceId | ConvertTo-Json',
  ].join(' ');
  return { file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', script] };
}

async function listWindowsDevices(runner: CommandRunner, reason: string, timeoutMs: number): Promise<PcscOutcome> {
  const { file, args } = windowsReadersCommand();
  let outcome;
  try {
    outcome = await runner.run(file, args, { encoding: 'utf8', timeoutMs });
  } catch (error) {
    return { kind: 'error', message: `PowerShell could not be run: ${errorText(error)}` };
  }
  if (outcome.kind === 'missing') return { kind: 'unavailable', message: `${reason}, and powershell.exe was not found to list the readers instead.` };
  if (outcome.kind === 'timeout') return { kind: 'error', message: `PowerShell did not list the readers within ${Math.round(timeoutMs / 1000)} s` };
  if (outcome.exitCode === NO_GET_PNPDEVICE_EXIT) {
    return { kind: 'unavailable', message: `${reason}, and this PowerShell has no Get-PnpDevice to list the readers instead (it comes with Windows 8 and Windows Server 2012).` };
  }
  if (outcome.exitCode !== 0) return { kind: 'error', message: `PowerShell exited with code ${outcome.exitCode}: ${errorText(outcome.stderr) || errorText(outcome.stdout)}` };
  return parseWindowsDevices(outcome.stdout);
}

interface PnpEntry {
  FriendlyName?: unknown;
  Status?: unknown;
  InstanceId?: unknown;
}

/**
 * Reads ConvertTo-Json's output: an array, a single object (one device), or nothing (none). A device whose
 * Status is not OK is not a usable reader (a missing driver shows as Error; Unknown is a device Windows cannot
 * reach): it is reported apart.
 */
export function parseWindowsDevices(stdout: string): PcscOutcome {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  const found: PcscListing = { kind: 'listed', via: 'windows-devices', readers: [], troubled: [] };
  if (text === '') return found;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'error', message: `PowerShell printed something that is not JSON: ${errorText(text)}` };
  }
  for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { FriendlyName, Status, InstanceId } = entry as PnpEntry;
    const name = typeof FriendlyName === 'string' && FriendlyName.trim() ? FriendlyName.trim() : typeof InstanceId === 'string' ? InstanceId : '';
    if (!name) continue;
    const status = typeof Status === 'string' && Status ? Status : 'Unknown';
    if (status === 'OK') found.readers.push({ name, atr: null, card: 'unknown' });
    else found.troubled!.push({ name, status });
  }
  return found;
}

/** The first non-empty line of an error or an output, at most 300 characters. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim().slice(0, 300);
}
