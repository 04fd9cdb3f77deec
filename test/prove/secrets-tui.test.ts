import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { translator, type Translate } from '../../src/i18n/index.js';
import { loadProcedure } from '../../src/effects/procedure-loader.js';
import type { StoredEvent } from '../../src/machine/events.js';
import { replay } from '../../src/machine/replay.js';
import { SECRET_MASK } from '../../src/ui/text.js';
import { makeTestPki, type TestPki } from '../helpers/certs.js';
import { Cli, removeTempDirs, requireBuild, tempDir, type CliResult, type HistoryEventJson, type RunOptions, type StatusJson } from '../helpers/cli.js';
import { stepsBefore } from '../helpers/drive.js';
import { makeSetupManual, removeTempDirs as removeFolders } from '../helpers/folders.js';
import { binFile, TmuxSession } from '../helpers/tmux.js';
import { leaksOf, walk } from './secrets-support.js';

/**
 * Secrets through the interactive screen: the real program in tmux (80×24, its own data folder, its own TMPDIR,
 * the clock pinned) records the certificate letter's リファレンスID (the store's passphrase chosen on the
 * passphrase screen), the client certificate's password (its check runs on a real PKCS#12 file), reads each back
 * with `r`, runs a check that opens the recorded password, exports with `x`, and in a third run opens the store
 * with the passphrase typed on the screen after a wrong one. Every byte the program wrote to the terminal is kept
 * (tmux pipe-pane), with every screen seen and tmux's scrollback. Afterwards the secrets and the passphrases are
 * looked for — as typed, in base64 and in hex — in the data folder (document, backup, tui.json, exports), the temp
 * folder and everything the terminal showed: a secret may show only between `r` and the next key. Modes are 0700
 * for folders and 0600 for files.
 */

const COLUMNS = 80;
const ROWS = 24;
const CODE = '0110113719';
const STORE_PASS = 'tui-store-pass-Rb62-kk';
const WRONG_PASS = 'tui-wrong-pass-Hh52-qq';
const REQUEST_ID = 'R7730';
const REFERENCE_ID = 'TUISECRET-4c8d-19Ym';
const CERT_PASSWORD = 'CertPw-Tui-4471-Omega';
/** The secrets and the passphrases typed on the screen: none may be written anywhere, or shown but by `r`. */
const SECRETS = [REFERENCE_ID, CERT_PASSWORD, STORE_PASS, WRONG_PASS];

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

/** tmux present? CI installs it: there a missing tmux fails instead of skipping. */
const tmuxProbe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
const haveTmux = !tmuxProbe.error && tmuxProbe.status === 0;
const skipReason = haveTmux || process.env.CI ? null : 'secrets-tui: skipped, tmux is not installed (apt-get install -y tmux); CI installs it and fails without it.';
if (skipReason) console.log(skipReason);

/** Names which secret (and in which form) a text holds, or [] when it holds none. */
const leaks = (text: string): string[] => leaksOf(SECRETS, text);

/** Both readings of bytes: UTF-8 (the text as shown) and latin1 (any byte sequence, base64 and hex included). */
function leaksInBytes(bytes: Buffer): string[] {
  return [...new Set([...leaks(bytes.toString('latin1')), ...leaks(bytes.toString('utf8'))])];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Text without white space: the screen wraps long sentences by cell. */
const squash = (text: string) => text.replace(/\s+/g, '');

interface ProcedureStep {
  id: string;
  short: Record<'ja' | 'en', string>;
}
const procedureSteps = (JSON.parse(readFileSync(new URL('../../data/procedure.json', import.meta.url), 'utf8')) as { steps: ProcedureStep[] }).steps;

function markedIndex(screen: string): number {
  return screen.split('\n').findIndex((l) => l.startsWith('›'));
}
function markedLine(screen: string): string {
  return screen.split('\n')[markedIndex(screen)] ?? '';
}

/** The first row under the header (three lines), the filter line and the first heading. */
const FIRST_ROW = 5;

/** What a reveal left in the terminal's byte stream: the bytes from `from` to `to` may hold `secret`, as typed. */
interface RevealWindow {
  from: number;
  to: number;
  secret: string;
}

/**
 * One run of the program in tmux, every byte it writes kept in `log` (pipe-pane, started before the program so
 * not even the first frame escapes it).
 */
class Run {
  readonly t: Translate;
  readonly session: TmuxSession;
  readonly log: string;
  readonly windows: RevealWindow[] = [];
  /** Indexes into session.seen of the screens that showed a revealed value. */
  readonly revealScreens = new Set<number>();
  history = '';

  constructor(
    readonly lang: 'ja' | 'en',
    home: string,
    now: string,
    tmp: string,
    logs: string,
    env: Record<string, string> = {},
  ) {
    this.t = translator(lang);
    const gate = path.join(logs, `gate-${runs.length}`);
    this.log = path.join(logs, `terminal-${runs.length}.log`);
    // The program waits for the gate file, so the pipe is in place before its first byte.
    this.session = TmuxSession.start({
      columns: COLUMNS,
      rows: ROWS,
      env: { SEIKYU_HOME: home, SEIKYU_NOW: now, SEIKYU_LANG: lang, TMPDIR: tmp, ...env },
      argv: ['sh', '-c', 'while [ ! -e "$0" ]; do sleep 0.05; done; exec "$@"', gate, process.execPath, binFile],
    });
    runs.push(this);
    this.session.tmux(['pipe-pane', '-o', '-t', 'main', `cat >> '${this.log}'`]);
    writeFileSync(gate, '');
  }

  screen(): string {
    return this.session.screen();
  }

  async waitFor(condition: string | RegExp | ((screen: string) => boolean), what: string, timeout = 20_000): Promise<string> {
    return this.session.waitFor(condition, { timeout, what });
  }

  /** The size of the terminal log once nothing has been written to it for a while (the screen at rest). */
  async quietSize(): Promise<number> {
    let last = -1;
    let since = performance.now();
    const deadline = performance.now() + 20_000;
    for (;;) {
      const size = existsSync(this.log) ? statSync(this.log).size : 0;
      if (size !== last) {
        last = size;
        since = performance.now();
      } else if (performance.now() - since > 600) return size;
      if (performance.now() > deadline) throw new Error(`the terminal log ${this.log} kept growing`);
      await sleep(50);
    }
  }

  stepOfRow(row: string): ProcedureStep | undefined {
    const text = row.slice(3);
    return procedureSteps.filter((s) => text.startsWith(s.short[this.lang])).sort((x, y) => y.short[this.lang].length - x.short[this.lang].length)[0];
  }

  async dashboard(): Promise<string> {
    return this.waitFor((s) => s.includes(this.t('ui.footer.dashboard')) && markedIndex(s) !== -1, 'the dashboard');
  }

  async press(key: string, screen: string): Promise<string> {
    const before = markedLine(screen);
    this.session.send(key);
    return this.waitFor((s) => markedIndex(s) !== -1 && markedLine(s) !== before && s.includes(this.t('ui.footer.dashboard')), `the selection to move (${key})`);
  }

  /** Moves the selection to a step's row: from the first row down, opening a folded done track (`▸`) on the way. */
  async select(id: string): Promise<void> {
    let screen = await this.dashboard();
    for (let i = 0; i < 20 && markedIndex(screen) !== FIRST_ROW; i++) screen = await this.press('PPage', screen);
    for (let i = 0; i < 80; i++) {
      if (this.stepOfRow(markedLine(screen))?.id === id) return;
      if (markedLine(screen).charAt(1) === '▸') {
        const before = markedLine(screen);
        this.session.send('Right');
        screen = await this.waitFor((s) => markedLine(s) === '›▾' + before.slice(2), 'the track opened');
      }
      screen = await this.press('Down', screen);
    }
    throw new Error(`could not select ${id}:\n${screen}`);
  }

  async openDetail(id: string): Promise<string> {
    await this.select(id);
    this.session.send('Enter');
    return this.waitFor((s) => squash(s).includes(`(${id})`) && s.includes(this.t('ui.footer.detail')), `the detail of ${id}`);
  }

  /** The detail's line of the step's secret input (its label with the secret mark). */
  secretLine(screen: string): number {
    const mark = this.t('ui.detail.secretMark').trim();
    return screen.split('\n').findIndex((l) => l.includes(mark));
  }

  /** The detail with the secret's line shown masked (its value not on the screen). */
  async masked(what: string): Promise<string> {
    return this.waitFor((s) => {
      const at = this.secretLine(s);
      return s.includes(this.t('ui.footer.detail')) && at !== -1 && s.split('\n')[at]!.trimEnd().endsWith(this.t('cli.secret.masked')) && leaks(s).length === 0;
    }, what);
  }

  /**
   * Scrolls the detail until the secret's line has room under it: the value shows on the line after it, and
   * the two rows above the footer are the message's.
   */
  async scrollToSecret(): Promise<string> {
    let screen = await this.waitFor(this.t('ui.footer.detail'), 'the detail');
    for (let i = 0; i < 40; i++) {
      const at = this.secretLine(screen);
      if (at !== -1 && at <= ROWS - 6) return this.masked('the detail with the secret masked');
      const before = screen;
      this.session.send('Down');
      screen = await this.waitFor((s) => s !== before && s.includes(this.t('ui.footer.detail')), 'the detail to scroll');
    }
    throw new Error(`the secret's line did not come into view:\n${screen}`);
  }

  /**
   * Reveals the secret with `key` (r, or Enter on the passphrase screen), checks it shows under its label, then
   * hides it with the next key (↓, which keeps the detail open) and checks it is masked again. The bytes the
   * terminal got meanwhile are kept as the one place the value may be.
   */
  async reveal(secret: string, key: string): Promise<void> {
    const from = await this.quietSize();
    const seenFrom = this.session.seen.length;
    this.session.send(key);
    const shown = await this.waitFor((s) => s.includes(secret), `the revealed value (${key})`);
    // The value takes the mask's place after the label, or the line under it when the line would be too long.
    const lines = shown.split('\n');
    const at = this.secretLine(shown);
    expect(lines[at]!.trimEnd().endsWith(`: ${secret}`) || lines[at + 1]?.trim() === secret, `the value at its label\n${shown}`).toBe(true);
    expect(shown.split('\n').some((l) => l.includes(this.t('ui.detail.revealed'))), 'the line saying it hides at the next key').toBe(true);
    const to = await this.quietSize();
    this.windows.push({ from, to, secret });
    this.session.send('Down');
    const hidden = await this.masked('the secret hidden again after the next key');
    expect(hidden).not.toContain(secret);
    // The screens read from `r` until it was hidden that show the value are the reveal's.
    for (let i = seenFrom; i < this.session.seen.length; i++) if (this.session.seen[i]!.includes(secret)) this.revealScreens.add(i);
  }

  /** Types a secret into the focused field: it shows as the fixed-width mask, whatever its length. */
  async typeSecret(value: string, what: string): Promise<void> {
    // A form just drawn reads keys only once its effects ran: type when the screen is at rest.
    await this.quietSize();
    this.session.type(value);
    const screen = await this.waitFor((s) => markedLine(s).includes(SECRET_MASK), `${what} masked`);
    // The mask alone (a hint such as "(optional)" may follow), as wide whatever was typed.
    expect(markedLine(screen).split(/\s+/), `${what}: the mask alone, of fixed width\n${screen}`).toContain(SECRET_MASK);
    expect(leaks(screen), `${what} typed`).toEqual([]);
  }

  /** Types into the focused field (when given) and presses Enter; waits for the focus to move on unless `last`. */
  async field(text: string | null, options: { secret?: boolean; last?: boolean; what?: string } = {}): Promise<void> {
    const what = options.what ?? 'a field';
    if (text !== null) {
      if (options.secret) await this.typeSecret(text, what);
      else {
        await this.quietSize();
        this.session.type(text);
        // A long value is cut with … in the field.
        await this.waitFor((s) => markedLine(s).includes(text) || /(\S+)…/.test(markedLine(s)) && text.startsWith(/(\S+)…/.exec(markedLine(s))![1]!), `${text} in the focused field`);
      }
    }
    const row = markedIndex(this.screen());
    this.session.send('Enter');
    if (!options.last) await this.waitFor((s) => markedIndex(s) === row + 1, `the focus past ${what}`);
  }

  /** Back to the dashboard (`x` is its key), presses `x` and waits until the message line names the new pair. */
  async exportPair(exportsDir: string, before: number): Promise<string[]> {
    this.session.send('Escape');
    await this.dashboard();
    this.session.send('x');
    await this.waitFor((s) => squash(s).includes(`seikyu-${CODE}-`) && squash(s).includes('.html'), 'the export message');
    const files = readdirSync(exportsDir).sort();
    expect(files.length, `two new files in ${exportsDir}`).toBe(before + 2);
    return files;
  }

  /** Quits with q, reads the pane's scrollback and ends tmux. */
  async quit(): Promise<void> {
    this.session.send('q');
    expect(await this.session.waitForExit(20_000), 'exit code after q').toBe(0);
    this.history = this.session.tmux(['capture-pane', '-p', '-S', '-', '-E', '-', '-t', 'main']);
    this.session.kill();
  }
}

const runs: Run[] = [];

let cli: Cli;
let tmp: string;
let logs: string;
let pki: TestPki;
let p12: string;
let today: string;
const outputs: { what: string; result: CliResult }[] = [];

async function ok(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const result = await cli.run(args, { ...options, env: { TMPDIR: tmp, TZ: 'Asia/Tokyo', ...options.env } });
  outputs.push({ what: args.join(' '), result });
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

/** Tomorrow in Japan: the test certificates are valid from the moment they were made. */
function tomorrowInJapan(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date(Date.now() + 86_400_000));
}

afterEach(() => {
  for (const run of runs) run.session.kill();
});
afterAll(() => {
  removeTempDirs();
  removeFolders();
});

describe.skipIf(skipReason !== null)('secrets through the interactive screen (tmux 80×24)', () => {
  const exportsDir = () => path.join(cli.home, 'exports');

  beforeAll(async () => {
    if (!haveTmux) throw new Error('tmux is not installed (or does not run): CI installs it; install it with `apt-get install -y tmux`.');
    requireBuild();
    tmp = tempDir('seikyu-tui-secrets-tmp-');
    logs = tempDir('seikyu-tui-secrets-logs-');
    pki = await makeTestPki();
    // The good client certificate under a password of its own (the helper's '1234' would match anywhere).
    const p12Dir = tempDir('seikyu-tui-secrets-p12-');
    p12 = path.join(p12Dir, 'client.p12');
    const exported = spawnSync('openssl', ['pkcs12', '-export', '-in', path.join(pki.dir, 'client.crt'), '-inkey', path.join(pki.dir, 'client.key'), '-passout', 'env:P12_PASS', '-out', p12], {
      env: { ...process.env, P12_PASS: CERT_PASSWORD, OPENSSL_CONF: path.join(pki.dir, 'openssl.cnf') },
      encoding: 'utf8',
    });
    expect(exported.status, exported.stderr).toBe(0);
    today = tomorrowInJapan();
    cli = Cli.fresh(today);
    // The command line brings the clinic to the certificate: every need of client-cert but the letter, which the screen records.
    await ok(['init', '--name', 'ひみつ内科', '--code', CODE, '--area', 'east']);
    const manual = makeSetupManual(pki.root.pem);
    await ok(['done', 'setup-manual', `folder=${manual.folder}`]);
    const events = (JSON.parse(readFileSync(cli.file, 'utf8')) as { events: StoredEvent[] }).events;
    const onboarding = replay(loadProcedure(), events)!;
    for (const step of stepsBefore(onboarding, 'client-cert@端末1', { file: p12, folder: manual.folder }, today)) {
      if (step.step === 'setup-manual' || step.step === 'cert-letter') continue;
      expect(step.secret, `${step.step} needs no secret`).toEqual({});
      const args = ['done', step.step, ...(step.terminal ? ['--terminal', step.terminal] : []), ...Object.entries(step.plain).map(([k, v]) => `${k}=${v}`)];
      if (step.note) args.push('--note', step.note);
      await ok(args);
    }
  });

  it('records, reveals and exports secrets on the screen, which shows a secret only between `r` and the next key', async () => {
    // 1. No passphrase in the environment: the first secret asks for a new one, twice, on the passphrase screen.
    let run = new Run('ja', cli.home, today, tmp, logs);
    await run.openDetail('cert-letter');
    run.session.send('d');
    await run.waitFor(run.t('ui.footer.formBase'), 'the form');
    await run.field(REQUEST_ID, { what: 'the request ID' });
    await run.field(REFERENCE_ID, { secret: true, what: 'the reference ID' });
    await run.field(null, { what: 'the issue date' });
    await run.field(null, { what: 'the date' });
    await run.field(null, { last: true, what: 'the note' });
    await run.waitFor((s) => s.includes(run.t('ui.passphrase.new').slice(0, 10)) && markedLine(s).includes(run.t('ui.passphrase.label')), 'the new passphrase screen');
    await run.field(STORE_PASS, { secret: true, what: 'the new passphrase' });
    await run.field(STORE_PASS, { secret: true, last: true, what: 'the passphrase repeated' });
    await run.masked('the letter saved, its reference ID masked');
    await run.scrollToSecret();
    // The passphrase was given in this run: `r` shows the value at once.
    await run.reveal(REFERENCE_ID, 'r');
    await run.exportPair(exportsDir(), 0);
    await run.quit();

    // 2. The passphrase in the environment: the certificate's password, its check run by the save, then again with `c`.
    run = new Run('en', cli.home, today, tmp, logs, { SEIKYU_PASSPHRASE: STORE_PASS });
    await run.openDetail('client-cert');
    run.session.send('d');
    await run.waitFor(run.t('ui.footer.formBase'), 'the form');
    await run.field(p12, { what: 'the certificate file' });
    await run.field(CERT_PASSWORD, { secret: true, what: 'the certificate password' });
    // The expiry, the date and the note are left as proposed: the check reads the expiry from the file.
    for (let i = 0; i < 10 && run.screen().includes(run.t('ui.footer.formBase')); i++) {
      const row = markedIndex(run.screen());
      run.session.send('Enter');
      await run.waitFor((s) => !s.includes(run.t('ui.footer.formBase')) || markedIndex(s) !== row, 'the next field or the save');
    }
    await run.waitFor((s) => s.includes(run.t('ui.footer.detail')) && !s.includes(run.t('ui.footer.formBase')), 'the certificate checked and saved');
    const verified = JSON.parse((await ok(['status', '--json'])).stdout) as StatusJson;
    const cert = verified.steps.find((s) => s.id === 'client-cert') as unknown as { status: string; verification: { by: string } };
    expect(cert.status, 'client-cert done').toBe('done');
    expect(cert.verification.by, 'client-cert verified by its check').toBe('check');
    await run.scrollToSecret();
    await run.reveal(CERT_PASSWORD, 'r');
    // `c`: the check opens the recorded password again.
    const stands = new RegExp(
      run
        .t('check.note.stillDone', { id: 'IDHERE', date: 'DATEHERE' })
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace('IDHERE', '\\d+')
        .replace('DATEHERE', '[0-9-]+'),
    );
    expect(run.screen()).not.toMatch(stands);
    run.session.send('c');
    const checked = await run.waitFor((s) => stands.test(s), 'the check run again, the record standing');
    expect(checked.split('\n').some((l, i) => i > 4 && l.startsWith(`✓ `)), `the check passed\n${checked}`).toBe(true);
    await run.exportPair(exportsDir(), 2);
    await run.quit();

    // 3. No passphrase again: `r` asks it; a wrong one is refused, then the right one opens the value.
    run = new Run('ja', cli.home, today, tmp, logs);
    await run.openDetail('cert-letter');
    await run.scrollToSecret();
    run.session.send('r');
    await run.waitFor((s) => s.includes(run.t('ui.passphrase.enter').slice(0, 10)) && markedLine(s).includes(run.t('ui.passphrase.label')), 'the passphrase asked');
    await run.typeSecret(WRONG_PASS, 'a wrong passphrase');
    run.session.send('Enter');
    await run.waitFor((s) => squash(s).includes(squash(run.t('err.secret.wrongPassphrase'))), 'the wrong passphrase refused');
    await run.typeSecret(STORE_PASS, 'the passphrase');
    await run.reveal(REFERENCE_ID, 'Enter');
    await run.quit();

    // Each reveal is in the history, with the key and never the value.
    const history = (JSON.parse((await ok(['history', '--json'])).stdout) as { events: HistoryEventJson[] }).events;
    const reveals = history.filter((e) => e.type === 'secret-revealed');
    expect(reveals.map((e) => `${e.step}:${(e as { key?: string }).key}`)).toEqual(['cert-letter:referenceId', 'client-cert:password', 'cert-letter:referenceId']);
    for (const args of [['status'], ['history'], ['show', 'cert-letter'], ['show', 'client-cert']]) await ok(args);
    const status = JSON.parse((await ok(['status', '--json'])).stdout) as StatusJson;
    expect(status.steps.find((s) => s.id === 'cert-letter')?.status).toBe('done');
  });

  it('no file of the data folder (document, backup, tui.json, exports) or the temp folder holds a secret or a passphrase in any form', () => {
    const files = [...walk(cli.home).files, ...walk(tmp).files];
    for (const file of files) expect(leaksInBytes(readFileSync(file)), file).toEqual([]);
    const names = files.map((f) => path.relative(cli.home, f));
    expect(names).toEqual(expect.arrayContaining(['seikyu.json', 'seikyu.json.bak', 'tui.json']));
    expect(names.filter((n) => n.startsWith('exports')).length, 'two exports of a bundle and a report').toBe(4);
    // The bundles say the secrets were recorded and carry none.
    for (const bundle of files.filter((f) => f.endsWith('.json') && f.includes(`${path.sep}exports${path.sep}`))) {
      const parsed = JSON.parse(readFileSync(bundle, 'utf8')) as { secrets: { exported: boolean; count: number } };
      expect(parsed.secrets.exported).toBe(false);
      expect(parsed.secrets.count).toBeGreaterThan(0);
    }
    // Nothing of the program's is left in its temp folder, nor a temporary or lock file in the data folder.
    expect(walk(tmp).files).toEqual([]);
    expect(walk(cli.home).files.filter((f) => /\.tmp|\.lock/.test(path.basename(f)))).toEqual([]);
    // The files of the data folder and the temp folder, and the terminal's byte logs (scanned in the next test).
    console.log(`PROVE secrets.tui_files_scanned=${files.length + runs.length}`);
  });

  it('the terminal got a secret only in the frames of a reveal, as typed and nowhere else; never a passphrase', () => {
    expect(runs).toHaveLength(3);
    let windows = 0;
    for (const [n, run] of runs.entries()) {
      const bytes = readFileSync(run.log);
      // The log starts with the program's first write (the alternate screen, or the first frame's header): nothing escaped it.
      const head = bytes.subarray(0, 400).toString('utf8');
      expect(head.startsWith('\u001b[?1049h') || head.includes('ひみつ内科'), `run ${n + 1}: the terminal log from its first byte: ${JSON.stringify(head)}`).toBe(true);
      let at = 0;
      for (const window of run.windows) {
        expect(leaksInBytes(bytes.subarray(at, window.from)), `run ${n + 1}: bytes before a reveal`).toEqual([]);
        const revealed = bytes.subarray(window.from, window.to).toString('utf8');
        expect(revealed, `run ${n + 1}: the reveal frame`).toContain(window.secret);
        expect(leaks(revealed), `run ${n + 1}: only the revealed value, as typed, in the reveal frame`).toEqual([`${window.secret} as ${window.secret}`]);
        at = window.to;
        windows++;
      }
      expect(leaksInBytes(bytes.subarray(at)), `run ${n + 1}: bytes after the last reveal`).toEqual([]);
    }
    expect(windows).toBe(3);
  });

  it('every screen seen, but those of a reveal, and the scrollback show no secret', () => {
    let reveal = 0;
    let screens = 0;
    for (const [n, run] of runs.entries()) {
      run.session.seen.forEach((screen, i) => {
        screens++;
        if (run.revealScreens.has(i)) {
          reveal++;
          expect(leaks(screen).every((l) => run.windows.some((w) => l === `${w.secret} as ${w.secret}`)), `run ${n + 1}: a reveal screen shows only the revealed value`).toBe(true);
        } else expect(leaks(screen), `run ${n + 1}, screen ${i}:\n${screen}`).toEqual([]);
      });
      expect(run.history, `run ${n + 1}: scrollback read`).toContain('__EXIT__0');
      expect(leaks(run.history), `run ${n + 1}: scrollback`).toEqual([]);
    }
    expect(reveal).toBeGreaterThanOrEqual(3);
    expect(screens).toBeGreaterThan(30);
    console.log(`PROVE secrets.tui_screens_scanned=${screens}`);
  });

  it('no output of the commands run beside the screen holds a secret', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const { what, result } of outputs) expect(leaks(result.stdout + result.stderr), what).toEqual([]);
  });

  it('the data folder and its exports folder are 0700, every file in them 0600', () => {
    const { files, dirs } = walk(cli.home);
    expect(dirs).toContain(exportsDir());
    for (const dir of dirs) expect((statSync(dir).mode & 0o777).toString(8), dir).toBe('700');
    for (const file of files) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
  });
});
