import { makeProfile } from './scenario.js';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createElement } from 'react';
import { render, type Instance } from 'ink';
import stringWidth from 'string-width';
import { App, type Io } from '../../src/cli/app.js';
import { createPort, type PassphraseHolder } from '../../src/cli/tui.js';
import { App as Screen } from '../../src/ui/app.js';
import type { OnboardingPort, UiPrefs, UiState } from '../../src/ui/port.js';
import type { Lang } from '../../src/machine/procedure-schema.js';
import type { Profile } from '../../src/machine/profile.js';
import { selectorFor } from '../../src/ui/view-model.js';
import { rowsFor } from '../../src/ui/screen-data.js';
import type { StepView } from '../../src/machine/selectors.js';
import { titleOn } from '../../src/i18n/describe.js';
import type { CheckRegistry } from '../../src/app/checks.js';
import type { Check, CheckRequest, CheckResult } from '../../src/effects/checks/types.js';

/**
 * The TUI over the real program: a real App on a fresh data folder (a real store file on disk), a pinned
 * clock, and the port the command line gives the screen. Frames are read the way ink-testing-library reads
 * them; see `renderTui` for why its render is mirrored here instead of imported.
 */

export const NOW = '2026-11-24T10:00:00';
export const TODAY = '2026-11-24';
export const T1 = '端末1';

export const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  esc: '\u001B',
  backspace: '\u007F',
  space: ' ',
} as const;

/** A clinic with one PC doing both claims and eligibility checks, NTT East, IPv6 IP-VPN. */
export function clinicProfile(overrides: Partial<Profile> = {}): Profile {
  return makeProfile({ terminals: [{ name: T1, roles: ['claims', 'oqs'] }], ...overrides });
}

export interface Harness {
  dir: string;
  app: App;
  port: OnboardingPort;
  holder: PassphraseHolder;
  /** The store's document file. */
  file: string;
  /** The raw text of the store file ('' when it does not exist yet). */
  raw(): string;
  cleanup(): void;
}

const dirs: string[] = [];

/** No check at all: `c` says the step cannot be checked by this program. */
export const NO_CHECKS: CheckRegistry = () => Promise.resolve(new Map());

/** What a fake check answers: a result now, or a promise the test settles (it gets the run's signal). */
export type FakeAnswer = CheckResult | ((request: CheckRequest, signal: AbortSignal) => Promise<CheckResult>);

export interface FakeChecks {
  registry: CheckRegistry;
  /** Sets what the check of `step` answers from now on. */
  answer(step: string, answer: FakeAnswer): void;
  /** Every run, in order: the step, its PC and the inputs it was given. */
  runs: CheckRequest[];
}

/**
 * Fake checks standing in for the real ones (tested on their own in test/effects/checks), one per step that
 * has a check, with the inputs the real ones read. A check with no answer set throws (the runner reports
 * that as cannot-run).
 */
export function fakeChecks(steps: readonly string[] = ['setup-manual', 'ons-apps', 'reader-software', 'net-config', 'closed-network', 'root-ca', 'client-cert', 'reader-detected']): FakeChecks {
  const answers = new Map<string, FakeAnswer>();
  const runs: CheckRequest[] = [];
  const needs: Record<string, string[]> = { 'setup-manual': ['folder'], 'ons-apps': ['folder'], 'reader-software': ['folder'], 'client-cert': ['file', 'password'] };
  const checks = new Map(
    steps.map((step): [string, Check] => [
      step,
      {
        step,
        timeoutMs: 5000,
        needsInputs: needs[step] ?? [],
        run: (request, signal) => {
          runs.push(request);
          const answer = answers.get(step);
          if (answer === undefined) return Promise.reject(new Error(`no answer set for ${step}`));
          return typeof answer === 'function' ? answer(request, signal) : Promise.resolve(answer);
        },
      },
    ]),
  );
  return { registry: () => Promise.resolve(checks), answer: (step, answer) => answers.set(step, answer), runs };
}

/** A real App (the program's, not a fake) over a new temp data folder, with no passphrase in its environment unless given. */
export function makeHarness(options: { lang?: Lang; env?: NodeJS.ProcessEnv; dir?: string; now?: string; checks?: CheckRegistry } = {}): Harness {
  // A second harness on the same folder is a second run of the program (nothing remembered in memory).
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'seikyu-ui-'));
  if (options.dir === undefined) dirs.push(dir);
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const io: Io = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: new PassThrough() as unknown as NodeJS.WriteStream,
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    env: { NO_COLOR: '1', SEIKYU_OPERATOR: 'test', ...options.env },
  };
  // As `seikyu` without a command wires it (src/cli/main.ts): secrets ask through the screen.
  const holder: PassphraseHolder = { ask: null };
  const now = options.now ?? NOW;
  const app = new App(io, options.lang ?? 'ja', { now: () => new Date(now) }, {
    dataDir: dir,
    command: 'seikyu',
    askPassphrase: (isNew, problem) => (holder.ask ? holder.ask(isNew, problem) : Promise.reject(new Error('no passphrase screen'))),
    // Never this machine's real checks: a test that runs one passes its fakes (`fakeChecks`).
    checks: options.checks ?? NO_CHECKS,
  });
  const port = createPort(app.service, app.clock, holder, app.checks);
  const file = app.store.file;
  return {
    dir,
    app,
    port,
    holder,
    file,
    raw: () => (existsSync(file) ? readFileSync(file, 'utf8') : ''),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Removes every folder made by `makeHarness` (for an afterAll). */
export function removeHarnessDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * ink-testing-library's stdout, with a size that can be set: its `columns` is a getter fixed at 100 and it
 * has no `rows` (the screen then assumes 24). Setting both and emitting `resize` is what a terminal does.
 */
class TestStdout extends EventEmitter {
  columns: number;
  rows: number;
  readonly frames: string[] = [];
  isTTY = true;
  constructor(columns: number, rows: number) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
  lastFrame = (): string => this.frames.at(-1) ?? '';
}

class TestStderr extends EventEmitter {
  readonly frames: string[] = [];
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

/** ink-testing-library's stdin: `write` hands Ink one chunk, as a terminal would. */
class TestStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

// Colour codes start with ESC, a control character by definition.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*m/g;

/** A frame without colour codes. */
export function plain(frame: string): string {
  return frame.replace(ANSI, '');
}

export interface Tui {
  stdout: TestStdout;
  stdin: TestStdin;
  instance: Instance;
  /** The last frame, colour codes removed. */
  frame(): string;
  /** The last frame as drawn (with colour codes, when the environment allows colour). */
  rawFrame(): string;
  lines(): string[];
  /** Waits until the frame satisfies `predicate` (and the input handlers of that render are armed). */
  waitFor(predicate: (frame: string) => boolean, what?: string, timeoutMs?: number): Promise<string>;
  /** Writes keys, then waits for the frame they lead to. */
  press(input: string, until: (frame: string) => boolean, what?: string): Promise<string>;
  /** Sets the terminal's size and emits `resize`. */
  resize(columns: number, rows?: number): void;
  unmount(): void;
}

const mounted: Tui[] = [];

/** Lets queued work run: React's passive effects (where `useInput` re-arms its handler) are flushed from a macrotask. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Renders the screen as ink-testing-library does (Ink in debug mode: every render writes the whole frame),
 * with a terminal of `columns` × `rows`.
 */
export function renderTui(port: OnboardingPort, initial: UiState | null, size: { columns?: number; rows?: number } = {}, prefs: UiPrefs | null = null): Tui {
  const stdout = new TestStdout(size.columns ?? 100, size.rows ?? 24);
  const stderr = new TestStderr();
  const stdin = new TestStdin();
  const instance = render(createElement(Screen, { port, initial, prefs }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const frame = () => plain(stdout.lastFrame());
  const tui: Tui = {
    stdout,
    stdin,
    instance,
    frame,
    rawFrame: () => stdout.lastFrame(),
    lines: () => frame().split('\n'),
    waitFor: (predicate, what = 'the expected frame', timeoutMs = 5000) => waitForFrame(frame, predicate, what, timeoutMs),
    press: async (input, until, what) => {
      stdin.write(input);
      return waitForFrame(frame, until, what ?? `the frame after ${JSON.stringify(input)}`, 5000);
    },
    resize: (columns, rows) => {
      stdout.columns = columns;
      if (rows !== undefined) stdout.rows = rows;
      stdout.emit('resize');
    },
    unmount: () => {
      instance.unmount();
      instance.cleanup();
    },
  };
  mounted.push(tui);
  return tui;
}

/** Unmounts every screen rendered by `renderTui` (for an afterEach). */
export function unmountAll(): void {
  for (const tui of mounted.splice(0)) tui.unmount();
}

/**
 * Polls the frame until `predicate` holds. Polls on the event loop (no fixed sleeps); fails with the last
 * frame so a wrong screen is visible in the report.
 */
export async function waitForFrame(frame: () => string, predicate: (frame: string) => boolean, what: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = frame();
    if (predicate(current)) {
      await settle();
      // The render that satisfied the predicate may be followed by one that does not (a message cleared…).
      if (predicate(frame())) return frame();
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Last frame:\n${current}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}

/** The steps of the dashboard's rows, top to bottom, as drawn (with or without the filter, these done tracks open). */
export function dashboardViews(port: OnboardingPort, state: UiState, onlyAction = false, open: readonly string[] = []): StepView[] {
  const views = selectorFor(port, state).views();
  return rowsFor(port, state, views, onlyAction, open).flatMap((r) => (r.kind === 'step' ? [r.view] : []));
}

/** The frame's line that shows a dashboard row for `short` (the step's short title). */
export function rowOf(frame: string, short: string): string | undefined {
  return frame.split('\n').find((line) => /^[› ]\S /u.test(line) && line.slice(3).startsWith(short));
}

/** The line of the dashboard with the selection marker. */
export function selectedLine(frame: string): string | undefined {
  return frame.split('\n').find((line) => line.startsWith('›'));
}

/** The widest line of a frame, in terminal cells. */
export function widest(frame: string): { width: number; line: string } {
  let best = { width: 0, line: '' };
  for (const line of frame.split('\n')) {
    const w = stringWidth(line);
    if (w > best.width) best = { width: w, line };
  }
  return best;
}

/** The events in the store file on disk (not the App's view of them). */
export function storedEvents(harness: Harness): unknown[] {
  const raw = harness.raw();
  return raw === '' ? [] : ((JSON.parse(raw) as { events: unknown[] }).events ?? []);
}

/** Moves the dashboard's selection down (or up) until it is on `short`'s row. */
export async function selectRow(tui: Tui, short: string, maxMoves = 80, direction: 'down' | 'up' = 'down'): Promise<void> {
  for (let i = 0; i < maxMoves; i++) {
    const line = selectedLine(tui.frame());
    if (line && line.slice(3).startsWith(short)) return;
    const before = tui.frame();
    await tui.press(keys[direction], (f) => f !== before, `the selection to move ${direction} towards ${short}`);
  }
  throw new Error(`Row ${short} was never selected. Last frame:\n${tui.frame()}`);
}

/**
 * Every status at once (2026-11-24): the application went in on 11/1, so the carrier's line registration
 * (3–10 days) is overdue; the certificate was applied for today, so its letter is awaited; the DNS check of
 * 端末1 failed; PPPoE does not apply to IPv6 IP-VPN.
 */
export async function seedEveryStatus(h: Harness): Promise<void> {
  await h.port.init(clinicProfile());
  await h.port.done({ key: 'portal-account', values: { email: 'clinic@example.jp' }, at: '2026-11-01' });
  await h.port.done({ key: 'line-contract', values: { customerId: 'CAF0246813579' }, at: '2026-11-01' });
  await h.port.done({ key: 'oqs-application', values: {}, at: '2026-11-01' });
  await h.port.done({ key: `cert-application@${T1}`, values: {}, at: TODAY });
  await h.app.append(() => ({ type: 'check-failed', step: 'net-config', terminal: T1, inputs: {}, detail: 'DNS サーバーが応答しません', ...h.app.stamp() }));
}

/**
 * The certificate applied for today and nothing late: the letter (簡易書留) is the first thing
 * `client-cert` waits for.
 */
export async function seedLetterAwaited(h: Harness, profile: Profile = clinicProfile()): Promise<void> {
  await h.port.init(profile);
  await h.port.done({ key: 'portal-account', values: { email: 'clinic@example.jp' }, at: '2026-11-01' });
  await h.port.done({ key: 'line-contract', values: { customerId: 'CAF0246813579' }, at: '2026-11-01' });
  await h.port.done({ key: 'claims-notice', values: {}, at: TODAY });
  await h.port.done({ key: `cert-application@${T1}`, values: {}, at: TODAY });
}

/** The glyph and the reason text (without a final `…`) of a dashboard row. */
export function rowParts(line: string, short: string): { glyph: string; reason: string } {
  const glyph = line[1]!;
  const rest = line.slice(3);
  const afterTitle = rest.startsWith(short) ? rest.slice(short.length) : rest.replace(/^\S+(?: \S+)*?\s{2,}/u, '');
  const shown = afterTitle.trim();
  return { glyph, reason: shown.endsWith('…') ? shown.slice(0, -1) : shown };
}

const ROW = /^[› ][✓➜⋯◷‼✗▸▾-] \S/u;

/**
 * The first line of a dashboard frame that is neither a step row (marker, glyph, title on one line) nor
 * one of `headings`: a row Ink had to wrap, or something else out of place. Null when every line is in order.
 */
export function misplacedDashboardLine(frame: string, headings: readonly string[]): string | null {
  const body = frame.split('\n').slice(3, -2);
  for (const line of body) {
    if (line.trim() === '' || ROW.test(line)) continue;
    if (headings.includes(line.trimEnd())) continue;
    return line;
  }
  return null;
}

/** From the dashboard, as an operator would: arrows down to the step's row, then Enter for its detail. */
export async function openDetail(tui: Tui, port: OnboardingPort, state: UiState, key: string): Promise<string> {
  const view = selectorFor(port, state).view(key);
  await tui.waitFor((f) => f.includes(port.t('track.common')), 'the dashboard');
  await selectRow(tui, view.short);
  // The title line may be wrapped anywhere (the detail wraps by character): look at the text unbroken.
  return tui.press(keys.enter, (f) => f.split('\n').join('').includes(`(${view.id})`), `the detail of ${key}`);
}

/** …then d for its form (of a step that records inputs). */
export async function openRecordForm(tui: Tui, port: OnboardingPort, state: UiState, key: string): Promise<string> {
  const view = selectorFor(port, state).view(key);
  await openDetail(tui, port, state, key);
  const title = port.t('ui.form.recordTitle', { title: titleOn(port.t, view.title, view.terminal) });
  return tui.press('d', (f) => f.includes(title), `the form of ${key}`);
}
