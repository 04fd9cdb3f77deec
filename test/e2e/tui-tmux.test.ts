import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translator, type MessageKey, type Translate } from '../../src/i18n/index.js';
import { checkMedicalCode } from '../../src/machine/profile.js';
import { statusTheme } from '../../src/ui/theme.js';
import { SECRET_MASK } from '../../src/ui/text.js';
import { Cli, removeTempDirs, requireBuild, tempDir, type StatusJson } from '../helpers/cli.js';
import { binFile, repoRoot, requireTmux, TmuxSession } from '../helpers/tmux.js';

/**
 * The interactive screen in a real terminal (tmux, 80×24): the first-run wizard, recording steps through
 * the detail's form, a secret and a new passphrase, and what a restart shows, in Japanese and English.
 * With SEIKYU_WRITE_SCREENS=1 the run also writes the reference screens in docs/screens/.
 */

const COLUMNS = 80;
const ROWS = 24;
const CODE = '0110113719';
const REQUEST_ID = 'R0246813579';
const REFERENCE_ID = 'REF-7c1e-5521-zz';
const PASSPHRASE = 'sakura-naika-2026';
const screensDir = path.join(repoRoot, 'docs', 'screens');
const writeScreens = process.env.SEIKYU_WRITE_SCREENS === '1';

type Lang = 'ja' | 'en';
interface ProcedureStep {
  id: string;
  short: Record<Lang, string>;
  title: Record<Lang, string>;
}
const procedure = JSON.parse(readFileSync(path.join(repoRoot, 'data', 'procedure.json'), 'utf8')) as { steps: ProcedureStep[] };
const stepById = (id: string): ProcedureStep => procedure.steps.find((s) => s.id === id) ?? expect.unreachable(`no step ${id}`);
const glyphs = Object.values(statusTheme).map((s) => s.glyph);

const sessions: TmuxSession[] = [];
function start(lang: Lang, home: string, now: string, env: Record<string, string | undefined> = {}): TmuxSession {
  const session = TmuxSession.start({ columns: COLUMNS, rows: ROWS, env: { SEIKYU_HOME: home, SEIKYU_NOW: now, SEIKYU_LANG: lang, ...env } });
  sessions.push(session);
  return session;
}

/** Every line of a screen takes at most the terminal's width (string-width, as Ink measures). */
function expectFits(screen: string, what: string): void {
  for (const [i, line] of screen.split('\n').entries()) {
    expect(stringWidth(line), `${what}, line ${i + 1} is wider than ${COLUMNS} cells: ${JSON.stringify(line)}`).toBeLessThanOrEqual(COLUMNS);
  }
}

/** Checks a reference screen and, with SEIKYU_WRITE_SCREENS=1, writes it to docs/screens/. */
function keepScreen(name: string, screen: string): void {
  expectFits(screen, name);
  const lines = screen.replace(/\n$/, '').split('\n');
  expect(lines.length, `${name}: rows`).toBeLessThanOrEqual(ROWS);
  while (lines.length < ROWS) lines.push('');
  if (writeScreens) {
    mkdirSync(screensDir, { recursive: true });
    writeFileSync(path.join(screensDir, `${name}.txt`), lines.join('\n') + '\n');
  }
}

/** Text without any white space: the TUI wraps long sentences by cell, so compare them squashed. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
function shows(screen: string, text: string): boolean {
  return squash(screen).includes(squash(text));
}

/** The screen line of the dashboard's first row: under the header (three lines), the filter line and the first heading. */
const FIRST_ROW = 5;

/** The row marked `› ` (the focused form field or the selected dashboard row). */
function markedIndex(screen: string): number {
  return screen.split('\n').findIndex((l) => l.startsWith('›'));
}
function markedLine(screen: string): string {
  return screen.split('\n')[markedIndex(screen)] ?? '';
}

/** The screen lines of the dashboard's selectable rows. */
function stepRowIndexes(screen: string): number[] {
  return screen.split('\n').flatMap((l, i) => (/^[ ›][^ ] /u.test(l) && i >= FIRST_ROW - 1 && i < ROWS - 3 ? [i] : []));
}

/** The dashboard's step rows: marker, glyph, then the short title and the reason. */
function stepRows(screen: string): string[] {
  return screen.split('\n').filter((l) => /^[ ›]/.test(l) && glyphs.includes(l.charAt(1)) && l.charAt(2) === ' ');
}

/** A screen whose frame sits where it should: header on the first row, footer on the row above the last. */
function expectFrame(t: Translate, screen: string, footer: 'dashboard' | 'detail' | 'history' | 'help'): void {
  const lines = screen.split('\n');
  expect(lines[0], 'the header on the first row').toMatch(/\d+\/\d+$/);
  expect(lines[ROWS - 2], 'the footer on the second-last row (nothing wrapped or scrolled)').toBe(t(`ui.footer.${footer}` as MessageKey));
}

/** Drives one session as an operator would; the words it looks for come from the program's own catalogs. */
class Driver {
  readonly t: Translate;

  constructor(
    readonly session: TmuxSession,
    readonly lang: Lang,
  ) {
    this.t = translator(lang);
  }

  short(id: string): string {
    return stepById(id).short[this.lang];
  }

  async dashboard(): Promise<string> {
    return this.session.waitFor((s) => s.includes(this.t('ui.footer.dashboard')) && markedIndex(s) !== -1, { what: 'the dashboard' });
  }

  /** The step of a dashboard row (the longest short title the row starts with). */
  stepOfRow(row: string): ProcedureStep | undefined {
    const text = row.slice(3);
    return procedure.steps.filter((s) => text.startsWith(s.short[this.lang])).sort((x, y) => y.short[this.lang].length - x.short[this.lang].length)[0];
  }

  /**
   * Goes to the dashboard's first row (PgUp until the marker is on the first row under the first heading:
   * the rows after the three header lines and the filter line start with a heading).
   */
  async top(): Promise<string> {
    let screen = await this.dashboard();
    for (let i = 0; i < 20 && markedIndex(screen) !== FIRST_ROW; i++) screen = await this.press('PPage', screen);
    expect(markedIndex(screen), `the first row\n${screen}`).toBe(FIRST_ROW);
    return screen;
  }

  /** A done track folded under the marker (`▸`) is opened (→), so the rows under it can be reached. */
  async unfoldHere(screen: string): Promise<string> {
    if (markedLine(screen).charAt(1) !== '▸') return screen;
    const before = markedLine(screen);
    this.session.send('Right');
    return this.session.waitFor((s) => markedLine(s) === '›▾' + before.slice(2), { what: 'the track opened' });
  }

  /** Moves the selection to the row of a step: from the first row down (the dashboard is not in procedure order), opening done tracks on the way. */
  async select(id: string): Promise<string> {
    let screen = await this.top();
    for (let i = 0; i < 80; i++) {
      if (this.stepOfRow(markedLine(screen))?.id === id) return screen;
      screen = await this.unfoldHere(screen);
      screen = await this.press('Down', screen);
    }
    throw new Error(`could not select ${id}:\n${screen}`);
  }

  /** Presses a key on the dashboard and waits until the selection has moved. */
  async press(key: string, screen: string): Promise<string> {
    const before = markedLine(screen);
    this.session.send(key);
    return this.session.waitFor((s) => markedIndex(s) !== -1 && markedLine(s) !== before && s.includes(this.t('ui.footer.dashboard')), { what: `the selection to move (${key})` });
  }

  async openDetail(id: string): Promise<string> {
    await this.select(id);
    this.session.send('Enter');
    return this.session.waitFor((s) => shows(s, `(${id})`) && s.includes(this.t('ui.footer.detail')), { what: `the detail of ${id}` });
  }

  async openForm(): Promise<string> {
    this.session.send('d');
    return this.session.waitFor(this.t('ui.footer.formBase'), { what: 'the form' });
  }

  /**
   * Fills the focused field and presses Enter: waits for the text (or its mask) to show, then for the
   * focus to move down one row, unless `last`.
   */
  async field(text: string | null, options: { secret?: boolean; last?: boolean } = {}): Promise<string> {
    const s = this.session;
    if (text !== null) {
      s.type(text);
      const shown = options.secret ? SECRET_MASK : text;
      await s.waitFor((screen) => markedLine(screen).includes(shown), { what: `${JSON.stringify(shown)} in the focused field` });
    }
    const row = markedIndex(s.screen());
    s.send('Enter');
    if (options.last) return s.screen();
    return s.waitFor((screen) => markedIndex(screen) === row + 1, { what: 'the focus to move to the next field' });
  }

  /** Opens a step, records it through the d form (inputs in order, then date and note as proposed), and goes back. */
  async markDone(id: string, inputs: string[] = [], terminal: string | null = null): Promise<void> {
    await this.openDetail(id);
    await this.openForm();
    for (const value of inputs) await this.field(value);
    await this.field(null); // the date: today
    await this.field(null, { last: true }); // the note
    await this.waitSaved(id, terminal);
    this.session.send('Escape');
    await this.dashboard();
  }

  async waitSaved(id: string, terminal: string | null): Promise<string> {
    const step = stepById(id);
    const title = terminal ? this.t('step.onTerminal', { title: step.title[this.lang], terminal }) : step.title[this.lang];
    const saved = this.t('ui.saved.done', { title });
    return this.session.waitFor(
      (s) => {
        const lines = s.split('\n');
        // The message takes the two rows above the footer; a long one wraps onto the second.
        const message = `${(lines[ROWS - 4] ?? '').trimEnd()}${(lines[ROWS - 3] ?? '').trim()}`;
        return (message === saved || (message.endsWith('…') && saved.startsWith(message.slice(0, -1)))) && new RegExp(`^${statusTheme.done.glyph} `, 'm').test(s);
      },
      { what: `"${saved}"` },
    );
  }

  async quit(): Promise<void> {
    this.session.send('q');
    expect(await this.session.waitForExit(), 'exit code after q').toBe(0);
  }

  /**
   * Every step row of the dashboard, top to bottom, done tracks opened: from the first row a page at a time
   * (PgDn), stepping down to each folded track (▸) to open it (→).
   */
  async allRows(count: number): Promise<string[]> {
    let screen = await this.top();
    const rows: string[] = [];
    for (let i = 0; i < 80 && rows.length < count; i++) {
      for (const row of stepRows(screen)) if (!rows.includes(' ' + row.slice(1))) rows.push(' ' + row.slice(1));
      const lines = screen.split('\n');
      const folded = lines.findIndex((l, at) => at > markedIndex(screen) && /^ ▸ /u.test(l));
      if (markedLine(screen).charAt(1) === '▸') screen = await this.unfoldHere(screen);
      else if (folded !== -1) screen = await this.press('Down', screen);
      else if (rows.length < count) {
        if (markedIndex(screen) === stepRowIndexes(screen).at(-1) && !screen.split('\n').slice(markedIndex(screen) + 1, ROWS - 3).some((l) => l.trim() !== '')) {
          throw new Error(`${rows.length} rows of ${count} at the bottom:\n${rows.join('\n')}`);
        }
        screen = await this.press('NPage', screen);
        // A page may jump past rows (headings take lines too): step back until the screen overlaps what was seen.
        const seen = (sc: string) => stepRows(sc).some((row) => rows.includes(' ' + row.slice(1)));
        for (let j = 0; j < 40 && !seen(screen); j++) screen = await this.press('Up', screen);
      }
    }
    return rows;
  }
}

/**
 * The TUI's rows agree with `status --json`: one row per step (in the dashboard's own order: what needs the
 * operator first), glyph of the status, short title, reason (maybe cut with …).
 */
function expectRowsAgree(lang: Lang, rows: string[], status: StatusJson): void {
  expect(rows.length, 'one dashboard row per step').toBe(status.steps.length);
  status.steps.forEach((step) => {
    const short = stepById(step.id).short[lang];
    const matching = rows.filter((r) => r.slice(3).startsWith(short) && !procedure.steps.some((o) => o.short[lang] !== short && o.short[lang].startsWith(short) && r.slice(3).startsWith(o.short[lang])));
    expect(matching, `one row for ${step.id}`).toHaveLength(1);
    const row = matching[0]!;
    const what = `${step.id}${step.terminal ? '@' + step.terminal : ''}: ${row}`;
    expect(row.charAt(1), `${what}: glyph of ${step.status}`).toBe(statusTheme[step.status].glyph);
    expect(row.slice(3).startsWith(short), `${what}: short title`).toBe(true);
    const reason = row.slice(3 + short.length).trim();
    if (reason.endsWith('…')) expect(step.reason.startsWith(reason.slice(0, -1)), `${what}: reason`).toBe(true);
    else expect(reason, `${what}: reason`).toBe(step.reason);
  });
}

/** The header's n/m is `status --json`'s progress. */
function expectProgress(screen: string, status: StatusJson): void {
  expect(screen.split('\n')[0], 'the header shows the progress of status --json').toMatch(new RegExp(` ${status.progress.done}/${status.progress.total}$`));
}

function rowOf(rows: string[], lang: Lang, id: string): string {
  const short = stepById(id).short[lang];
  return rows.find((r) => r.slice(3).startsWith(short)) ?? expect.unreachable(`no row for ${id}`);
}

/** The wizard: name, the 医療機関コード (a wrong check digit first), then the proposed choices and terminal. */
async function runWizard(d: Driver, name: string): Promise<void> {
  const s = d.session;
  const t = d.t;
  await s.waitFor((screen) => screen.includes(t('ui.wizard.title')) && markedLine(screen).includes(t('ui.wizard.name')), { what: 'the wizard' });
  await d.field(name);
  const wrong = CODE.slice(0, 9) + '0';
  const problem = checkMedicalCode(wrong)!;
  s.type(wrong);
  const typed = await s.waitFor((screen) => markedLine(screen).trimEnd().endsWith(wrong), { what: 'the wrong code typed' });
  expect(shows(typed, t(problem.key, problem.params)), 'no error while the code is being typed').toBe(false);
  s.send('Enter');
  await s.waitFor((screen) => shows(screen, t(problem.key, problem.params)), { what: 'the check-digit error on Enter' });
  s.send('BSpace');
  await s.waitFor((screen) => markedLine(screen).trimEnd().endsWith(CODE.slice(0, 9)) && !shows(screen, t(problem.key, problem.params)), { what: 'the last digit erased' });
  await d.field(CODE.slice(9));
  await d.field(null); // carrier: NTT
  await d.field(null); // area: east
  await d.field(null); // connection: IPv6 IP-VPN
  await d.field(null, { last: true }); // terminals: 端末1:claims,oqs
  await s.waitFor(t('ui.saved.init'), { what: 'the profile saved' });
  await d.dashboard();
}

/** The cert-letter form (requestId, the secret referenceId masked), kept as a reference screen, then saved. */
async function recordCertLetter(d: Driver, screenName: string): Promise<void> {
  const s = d.session;
  const t = d.t;
  await d.openDetail('cert-letter');
  await d.openForm();
  await d.field(REQUEST_ID);
  s.type(REFERENCE_ID);
  const masked = await s.waitFor((screen) => markedLine(screen).includes(SECRET_MASK), { what: 'the masked reference ID' });
  expect(masked).not.toContain(REFERENCE_ID);
  keepScreen(screenName, masked);
  const row = markedIndex(masked);
  s.send('Enter');
  await s.waitFor((screen) => markedIndex(screen) === row + 1, { what: 'the focus past the reference ID' });
  // issuedOn (optional, left empty), the date, the note.
  await d.field(null);
  await d.field(null);
  await d.field(null, { last: true });
  // The first secret asks for a new passphrase, twice; a mismatch is refused without saving.
  await s.waitFor((screen) => screen.includes(t('ui.passphrase.title')) && markedLine(screen).includes(t('ui.passphrase.label')), { what: 'the passphrase screen' });
  await d.field(PASSPHRASE, { secret: true });
  s.type(PASSPHRASE + 'x');
  await s.waitFor((screen) => markedLine(screen).includes(SECRET_MASK), { what: 'the repeated passphrase' });
  s.send('Enter');
  await s.waitFor((screen) => shows(screen, t('err.secret.mismatch')), { what: 'the mismatch refused' });
  // The mask has a fixed width, so erasing a character does not show; the save that follows does.
  s.send('BSpace');
  await d.field(null, { last: true });
  await d.waitSaved('cert-letter', '端末1');
  s.send('Escape');
  await d.dashboard();
}

beforeAll(() => {
  requireTmux();
  requireBuild();
});

afterEach(() => {
  for (const session of sessions.splice(0)) {
    for (const screen of session.seen) expectFits(screen, 'a screen seen during the test');
    session.kill();
  }
});

afterAll(() => removeTempDirs());

describe('the TUI in a terminal (tmux 80×24)', () => {
  it('in Japanese: wizard, four steps, restart, the certificate letter with a secret and a new passphrase, restart', async () => {
    const home = tempDir('seikyu-tui-ja-');
    const cli = new Cli(home, '2026-11-20');

    // 1. The first run: the wizard, then four steps recorded from the dashboard.
    let d = new Driver(start('ja', home, '2026-11-20'), 'ja');
    keepScreen('wizard.ja', await d.session.waitFor(d.t('ui.wizard.title')));
    await runWizard(d, 'さくら内科クリニック');
    await d.markDone('portal-account', ['uketsuke@example.jp']);
    await d.markDone('line-contract', ['CAF1234567890']);
    await d.markDone('oqs-application');
    await d.markDone('cert-application', [], '端末1');
    await d.quit();
    expect(existsSync(cli.file)).toBe(true);

    // 2. Again: the same state; the letter is now awaited.
    d = new Driver(start('ja', home, '2026-11-22'), 'ja');
    const first = await d.dashboard();
    expectFrame(d.t, first, 'dashboard');
    const before = await cli.status({ now: '2026-11-22', env: { TZ: 'Asia/Tokyo' } });
    expectProgress(first, before);
    let rows = await d.allRows(before.steps.length);
    for (const id of ['facility-profile', 'portal-account', 'line-contract', 'oqs-application', 'cert-application']) {
      expect(rowOf(rows, 'ja', id).charAt(1), `${id} done`).toBe('✓');
    }
    expect(rowOf(rows, 'ja', 'cert-letter').charAt(1), 'cert-letter waiting').toBe('◷');
    expectRowsAgree('ja', rows, before);
    await recordCertLetter(d, 'form-cert-letter.ja');
    await d.quit();

    // Neither the reference ID nor the passphrase is stored or shown in clear.
    for (const file of [cli.file, cli.backup]) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(REFERENCE_ID);
      expect(text, file).not.toContain(PASSPHRASE);
    }
    for (const screen of d.session.seen) {
      expect(screen).not.toContain(REFERENCE_ID);
      expect(screen).not.toContain(PASSPHRASE);
    }

    // 3. Days later: the letter is done, and the certificate's row names only what is still unmet.
    d = new Driver(start('ja', home, '2026-11-24'), 'ja');
    // The selection of the last run is kept (tui.json beside the document): the letter just recorded.
    const restored = await d.dashboard();
    expect(d.stepOfRow(markedLine(restored))?.id).toBe('cert-letter');
    const dashboard = await d.top();
    expectFrame(d.t, dashboard, 'dashboard');
    keepScreen('dashboard.ja', dashboard);
    const status = await cli.status({ now: '2026-11-24', env: { TZ: 'Asia/Tokyo' } });
    expectProgress(dashboard, status);
    rows = await d.allRows(status.steps.length);
    expectRowsAgree('ja', rows, status);
    expect(rowOf(rows, 'ja', 'cert-letter').charAt(1)).toBe('✓');
    const clientCert = rowOf(rows, 'ja', 'client-cert');
    expect(clientCert.charAt(1)).toBe('⋯');
    expect(clientCert).toContain('回線事業者による回線登録の完了待ち');
    expect(clientCert).not.toContain(d.short('cert-letter'));
    expect(clientCert).not.toContain('簡易書留');
    const json = status.steps.find((s) => s.id === 'client-cert')!;
    expect(json.rootCauses.map((c) => c.id).sort()).toEqual(['line-registration', 'net-config', 'setup-manual']);
    expect(JSON.stringify(json.blockedBy)).not.toContain('cert-letter');

    const detail = await d.openDetail('client-cert');
    expectFrame(d.t, detail, 'detail');
    expect(detail).toContain(d.t('ui.detail.why'));
    expect(detail).not.toContain('簡易書留');
    keepScreen('detail-client-cert.ja', detail);
    d.session.send('Escape');
    await d.dashboard();
    d.session.send('?');
    const help = await d.session.waitFor((s) => s.includes(d.t('ui.help.title')) && s.includes(d.t('ui.footer.help')), { what: 'the help' });
    expectFrame(d.t, help, 'help');
    keepScreen('help.ja', help);
    d.session.send('Escape');
    await d.dashboard();
    await d.quit();
  }, 120_000);

  it('in English: wizard, one step, restart', async () => {
    const home = tempDir('seikyu-tui-en-');
    const cli = new Cli(home, '2026-11-20');
    let d = new Driver(start('en', home, '2026-11-20'), 'en');
    keepScreen('wizard.en', await d.session.waitFor(d.t('ui.wizard.title')));
    await runWizard(d, 'Sakura Internal Medicine');
    await d.markDone('portal-account', ['uketsuke@example.jp']);
    await d.quit();

    d = new Driver(start('en', home, '2026-11-21'), 'en');
    const screen = await d.dashboard();
    expectFrame(d.t, screen, 'dashboard');
    expect(screen.split('\n')[0]).toMatch(/^Sakura Internal Medicine /);
    const status = await cli.status({ now: '2026-11-21', env: { TZ: 'Asia/Tokyo', SEIKYU_LANG: 'en' } });
    expect(status.progress.done).toBe(2);
    expectProgress(screen, status);
    const rows = await d.allRows(status.steps.length);
    expect(rowOf(rows, 'en', 'portal-account').charAt(1)).toBe('✓');
    expectRowsAgree('en', rows, status);
    await d.quit();
  }, 30_000);

  it('in English: the letter form with a secret and a passphrase, then the dashboard, a blocked step and the help', async () => {
    const home = tempDir('seikyu-tui-en-');
    const cli = new Cli(home, '2026-11-20');
    await cli.ok(['init', '--name', 'Sakura Internal Medicine', '--code', CODE, '--area', 'east', '--connection', 'ipv6-ipvpn']);
    await cli.ok(['done', 'portal-account', 'email=uketsuke@example.jp']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF1234567890']);
    await cli.ok(['done', 'oqs-application']);
    await cli.ok(['done', 'cert-application']);

    // The same days as the Japanese run, so the two sets of screens match.
    let d = new Driver(start('en', home, '2026-11-22'), 'en');
    await d.dashboard();
    await recordCertLetter(d, 'form-cert-letter.en');
    await d.quit();
    for (const file of [cli.file, cli.backup]) {
      expect(readFileSync(file, 'utf8')).not.toContain(REFERENCE_ID);
      expect(readFileSync(file, 'utf8')).not.toContain(PASSPHRASE);
    }

    d = new Driver(start('en', home, '2026-11-24'), 'en');
    const dashboard = await d.top();
    expectFrame(d.t, dashboard, 'dashboard');
    keepScreen('dashboard.en', dashboard);
    const detail = await d.openDetail('client-cert');
    expectFrame(d.t, detail, 'detail');
    keepScreen('detail-client-cert.en', detail);
    d.session.send('Escape');
    await d.dashboard();
    d.session.send('?');
    const help = await d.session.waitFor((s) => s.includes(d.t('ui.help.title')) && s.includes(d.t('ui.footer.help')), { what: 'the help' });
    expectFrame(d.t, help, 'help');
    keepScreen('help.en', help);
    d.session.send('Escape');
    await d.dashboard();
    const status = await cli.status({ now: '2026-11-24', env: { TZ: 'Asia/Tokyo', SEIKYU_LANG: 'en' } });
    expectProgress(dashboard, status);
    const rows = await d.allRows(status.steps.length);
    expectRowsAgree('en', rows, status);
    expect(rowOf(rows, 'en', 'cert-letter').charAt(1)).toBe('✓');
    expect(rowOf(rows, 'en', 'client-cert')).not.toContain(d.short('cert-letter'));
    await d.quit();
    for (const session of sessions) for (const screen of session.seen) expect(screen).not.toContain(REFERENCE_ID);
  }, 60_000);

  it('shows a record made meanwhile by `seikyu done` in another window, without a key, the selection kept', async () => {
    const home = tempDir('seikyu-tui-watch-');
    const cli = new Cli(home, '2026-11-20');
    await cli.ok(['init', '--name', 'さくら内科クリニック', '--code', CODE, '--area', 'east', '--connection', 'ipv6-ipvpn']);
    await cli.ok(['done', 'portal-account', 'email=uketsuke@example.jp']);
    const d = new Driver(start('ja', home, '2026-11-20'), 'ja');
    const before = await d.dashboard();
    const status = await cli.status({ now: '2026-11-20', env: { TZ: 'Asia/Tokyo' } });
    expectProgress(before, status);
    // The cursor starts on what needs the operator: the first row, a step that can be done now.
    expect(markedIndex(before)).toBe(FIRST_ROW);
    expect(markedLine(before).charAt(1)).toBe(statusTheme.ready.glyph);
    const contract = d.short('line-contract');
    expect(stepRows(before).find((r) => r.slice(3).startsWith(contract))?.charAt(1)).toBe(statusTheme.ready.glyph);
    const selected = await d.select('oqs-application');

    // Another window, the same data folder: `seikyu done line-contract …`.
    await cli.ok(['done', 'line-contract', 'customerId=CAF1234567890']);
    const after = await d.session.waitFor((s) => s.split('\n')[0]!.endsWith(` ${status.progress.done + 1}/${status.progress.total}`), { what: 'the record shown', timeout: 5000 });
    expect(stepRows(after).find((r) => r.slice(3).startsWith(contract))?.charAt(1) ?? statusTheme.done.glyph).toBe(statusTheme.done.glyph);
    // The selection stayed on its step, whose row moved up to what can be done now.
    expect(d.stepOfRow(markedLine(selected))?.id).toBe('oqs-application');
    expect(d.stepOfRow(markedLine(after))?.id).toBe('oqs-application');
    expect(markedLine(after).charAt(1)).toBe(statusTheme.ready.glyph);
    await d.quit();
  }, 30_000);

  it('without a terminal it refuses with one sentence pointing to `seikyu status`', async () => {
    const home = tempDir('seikyu-tui-pipe-');
    for (const lang of ['ja', 'en'] as const) {
      // Piped both ways, as in `seikyu < /dev/null | cat`.
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('SEIKYU_') && k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION') env[k] = v;
      const piped = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$1" < /dev/null | cat', process.execPath, binFile], {
        encoding: 'utf8',
        env: { ...env, SEIKYU_HOME: home, SEIKYU_LANG: lang },
        timeout: 10_000,
      });
      expect(piped.status, `${lang}: exit code`).not.toBe(0);
      expect(piped.stdout, `${lang}: nothing on stdout`).toBe('');
      const lines = piped.stderr.replace(/\n$/, '').split('\n');
      expect(lines, `${lang}: one line`).toHaveLength(1);
      expect(lines[0]).toMatch(/^seikyu: /);
      expect(lines[0]).toContain('`seikyu status`');
      expect(lines[0]).toBe(`seikyu: ${translator(lang)('err.notTerminal')}`);
    }
    // Output on a terminal but no terminal to read keys from: the same refusal, printed on the terminal.
    const session = TmuxSession.start({ columns: COLUMNS, rows: ROWS, env: { SEIKYU_HOME: home }, argv: ['sh', '-c', `"${process.execPath}" "${binFile}" < /dev/null`] });
    sessions.push(session);
    expect(await session.waitForExit()).not.toBe(0);
    expect(shows(session.screen(), `seikyu: ${translator('ja')('err.notTerminal')}`)).toBe(true);
  });
});
