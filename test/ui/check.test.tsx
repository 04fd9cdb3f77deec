import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { result, type CheckResult } from '../../src/effects/checks/types.js';
import { titleOn } from '../../src/i18n/describe.js';
import { selectorFor } from '../../src/ui/view-model.js';
import type { UiState } from '../../src/ui/port.js';
import { stepsBefore } from '../helpers/drive.js';
import {
  fakeChecks,
  keys,
  makeHarness,
  openDetail,
  openRecordForm,
  removeHarnessDirs,
  renderTui,
  rowOf,
  seedLetterAwaited,
  selectRow,
  storedEvents,
  T1,
  TODAY,
  unmountAll,
  type FakeChecks,
  type Harness,
  type Tui,
} from '../helpers/ui.js';

/**
 * The screen runs a step's check (`c`, or `d` without a note on a step with a check) and shows what it saw;
 * its result is recorded through the one authority. Fake checks stand in for the real ones (tested on their
 * own in test/effects/checks). Their sentences are the catalog's shared ones (any key shows the mechanism).
 */

afterEach(unmountAll);
const folders: string[] = [];
afterAll(() => {
  removeHarnessDirs();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const NET = `net-config@${T1}`;
const PASSED: CheckResult = result('passed', 'check.timeout', { seconds: '5' }, { facts: { seconds: '5' } });
const FAILED: CheckResult = result('failed', 'check.input-missing', { input: 'dns', step: 'net-config' }, { fix: 'check.input-missing.fix' });
const CANNOT: CheckResult = result('cannot-run', 'check.other-platform', { platforms: 'Windows', platform: 'linux' }, { fix: 'check.other-platform.fix' });

/** The TUI wraps long sentences anywhere: compare text without white space. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The lines a check's result shows: mark and sentence, the fix under anything but a pass, then what became of it. */
function expectedLines(h: Harness, r: CheckResult, last: string): string {
  const t = h.port.t;
  const mark = { passed: '✓', failed: '✗', 'cannot-run': '!' }[r.outcome];
  const fix = r.fix && r.outcome !== 'passed' ? `${t('cli.check.fix')} ${t(r.fix, r.evidence)}` : '';
  // The error the check met is shown under its sentence.
  const error = r.outcome !== 'passed' && r.evidence.message ? `${t('evidence.message')}: ${r.evidence.message}` : '';
  return `${mark} ${t(r.reason, r.evidence)}${error}${fix}${last}`;
}

/** The clinic with the certificate's letter awaited (net-config of 端末1 can be done now), with these checks. */
async function seeded(checks: FakeChecks = fakeChecks(), rows = 40): Promise<{ h: Harness; state: UiState; checks: FakeChecks; tui: Tui }> {
  const h = makeHarness({ checks: checks.registry });
  await seedLetterAwaited(h);
  const state = (await h.port.load())!;
  // The detail of net-config is long: its result section is on screen from 100 rows.
  const tui = renderTui(h.port, state, { columns: 120, rows });
  await tui.waitFor((f) => f.includes(h.port.t('ui.footer.dashboard')), 'the dashboard');
  return { h, state, checks, tui };
}

/** The title of setup-manual as the screen names it. */
function manualTitle(h: Harness, state: UiState): string {
  return selectorFor(h.port, state).view('setup-manual').title;
}

/** The glyph of a step's dashboard row. */
function glyphOf(tui: Tui, h: Harness, state: UiState, key: string): string | undefined {
  return rowOf(tui.frame(), selectorFor(h.port, state).view(key).short)?.charAt(1);
}

describe('c on the dashboard', () => {
  it('a check that passes: ✓ and its sentence, recorded as verified, the row done', async () => {
    const { h, state, checks, tui } = await seeded();
    checks.answer('net-config', PASSED);
    await selectRow(tui, selectorFor(h.port, state).view(NET).short);
    expect(glyphOf(tui, h, state, NET)).toBe('➜');

    const frame = await tui.press('c', (f) => f.includes(`✓ ${h.port.t('check.timeout', { seconds: '5' })}`), 'the check’s result');
    const last = storedEvents(h).at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'check-passed', step: 'net-config', terminal: T1, reason: 'check.timeout', evidence: { seconds: '5' }, facts: { seconds: '5' } });
    expect(squash(frame)).toContain(squash(expectedLines(h, PASSED, h.port.t('cli.check.recordedPassed', { id: last.id as number }))));
    expect(glyphOf(tui, h, state, NET)).toBe('✓');
    expect(rowOf(frame, selectorFor(h.port, state).view(NET).short)).toContain('完了（プログラムが確認済み）');
    // It ran once, for this PC, with nothing recorded to read.
    expect(checks.runs.map((r) => [r.step, r.terminal, r.inputs])).toEqual([['net-config', T1, {}]]);
  });

  it('a check that fails: ✗, its sentence and what to do; recorded as a failure in the history, the row failed', async () => {
    const { h, state, checks, tui } = await seeded();
    checks.answer('net-config', FAILED);
    await selectRow(tui, selectorFor(h.port, state).view(NET).short);
    const frame = await tui.press('c', (f) => f.includes(`✗ ${h.port.t('check.input-missing', FAILED.evidence)}`), 'the failure');
    const last = storedEvents(h).at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'check-failed', step: 'net-config', terminal: T1, reason: 'check.input-missing', evidence: FAILED.evidence });
    expect(squash(frame)).toContain(squash(expectedLines(h, FAILED, h.port.t('cli.check.recordedFailed', { id: last.id as number }))));
    expect(glyphOf(tui, h, state, NET)).toBe('✗');

    // The history lists it in the check's words.
    const history = await tui.press('h', (f) => f.includes(h.port.t('history.check-failed')), 'the history');
    expect(squash(history)).toContain(squash(h.port.t('check.input-missing', FAILED.evidence)));
  });

  it('a check that cannot run here: ! and what to do; nothing recorded, the row as it was', async () => {
    const { h, state, checks, tui } = await seeded();
    checks.answer('net-config', CANNOT);
    const before = h.raw();
    await selectRow(tui, selectorFor(h.port, state).view(NET).short);
    const frame = await tui.press('c', (f) => f.includes(`! ${h.port.t('check.other-platform', CANNOT.evidence)}`), 'the result');
    expect(squash(frame)).toContain(squash(expectedLines(h, CANNOT, '')));
    expect(h.raw()).toBe(before);
    expect(glyphOf(tui, h, state, NET)).toBe('➜');
  });

  it('a step the program has no check for: says so, and to record it by hand', async () => {
    const { h, state, tui } = await seeded(fakeChecks(['setup-manual']));
    const before = h.raw();
    await selectRow(tui, selectorFor(h.port, state).view(NET).short);
    const title = titleOn(h.port.t, selectorFor(h.port, state).view(NET).title, T1);
    const frame = await tui.press('c', (f) => squash(f).includes(squash(`! ${h.port.t('ui.check.none', { title })}`)), 'the message');
    expect(frame).not.toContain('確認しています');
    expect(h.raw()).toBe(before);
  });
});

describe('c on a step’s detail', () => {
  it('shows the failure in the detail (what it saw, what to do), then the pass that replaces it, verified by the program', async () => {
    const { h, state, checks, tui } = await seeded(fakeChecks(), 100);
    checks.answer('net-config', FAILED);
    await openDetail(tui, h.port, state, NET);
    const t = h.port.t;
    const failed = await tui.press('c', (f) => f.includes(t('ui.check.failedAt', { date: '11/24' })), 'the failure in the detail');
    const lines = failed.split('\n').map((l) => l.trimEnd());
    const at = lines.indexOf(t('ui.check.result'));
    expect(lines.slice(at, at + 5)).toEqual([
      t('ui.check.result'),
      `  ${t('ui.check.failedAt', { date: '11/24' })}`,
      `  ${t('check.input-missing', FAILED.evidence)}`,
      `    • ${t('evidence.input')}: dns`,
      `    • ${t('evidence.step')}: net-config`,
    ]);
    expect(squash(lines.slice(at + 5).join(''))).toContain(squash(`${t('cli.check.fix')} ${t('check.input-missing.fix', FAILED.evidence)}`));

    checks.answer('net-config', PASSED);
    const passed = await tui.press('c', (f) => f.includes(t('ui.check.byProgram', { date: '11/24' })), 'verified in the detail');
    expect(passed).toContain(`  ${t('check.timeout', { seconds: '5' })}`);
    expect(passed).toContain(`    • ${t('evidence.seconds')}: 5`);
    expect(passed).not.toContain(t('ui.check.failedAt', { date: '11/24' }));
    expect(storedEvents(h).map((e) => (e as { type: string }).type).slice(-2)).toEqual(['check-failed', 'check-passed']);
  });

  it('on a done step: checks again, shows what it saw, and records nothing new (it says why)', async () => {
    const { h, state, checks, tui } = await seeded(fakeChecks(), 100);
    checks.answer('net-config', PASSED);
    await openDetail(tui, h.port, state, NET);
    await tui.press('c', (f) => f.includes(h.port.t('ui.check.byProgram', { date: '11/24' })), 'verified');
    const count = storedEvents(h).length;
    await tui.press(keys.down, (f) => !f.includes('✓ 5秒'), 'the message cleared');
    const done = h.port.t('check.note.stillDone', { id: 0, date: '' }).slice(0, 6);
    const again = await tui.press('c', (f) => f.includes(done), 'the result, the record standing');
    expect(again).toContain(`✓ ${h.port.t('check.timeout', { seconds: '5' })}`);
    expect(storedEvents(h)).toHaveLength(count);
    expect(checks.runs).toHaveLength(2);
  });
});

describe('while a check runs', () => {
  it('the message line says so; the keys that record are ignored; q quits at once, the check is told to stop, nothing is recorded and no handle is left', async () => {
    const checks = fakeChecks();
    let stopped = false;
    checks.answer(
      'net-config',
      (_, signal) =>
        new Promise<CheckResult>((_resolve, reject) => {
          // A check that would wait for a long time: only its signal ends it.
          signal.addEventListener('abort', () => {
            stopped = true;
            reject(new Error('stopped'));
          });
        }),
    );
    const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const baseline = handles();
    const { h, state, tui } = await seeded(checks);
    const before = h.raw();
    await selectRow(tui, selectorFor(h.port, state).view(NET).short);
    const title = titleOn(h.port.t, selectorFor(h.port, state).view(NET).title, T1);
    await tui.press('c', (f) => f.includes(h.port.t('ui.check.running', { title })), 'the check running');

    // d would open a form: not while the check runs. Moving still works.
    tui.stdin.write('d');
    const moved = await tui.press(keys.up, (f) => !f.split('\n').find((l) => l.startsWith('›'))?.includes(selectorFor(h.port, state).view(NET).short), 'the selection moved');
    expect(moved).not.toContain(h.port.t('ui.form.doneTitle', { title }));
    expect(moved).toContain(h.port.t('ui.check.running', { title }));

    tui.stdin.write('q');
    await tui.instance.waitUntilExit();
    // Told at once, not by the runner's time limit (5 s).
    await tui.waitFor(() => stopped, 'the check told to stop', 1000);
    expect(h.raw()).toBe(before);
    // Every timer of the run (the runner's, the turning mark's) is gone with it.
    await tui.waitFor(() => handles() <= baseline, 'no timer left', 1000);
  });
});

describe('d on a step with a check', () => {
  function manualFolder(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'seikyu-manual-'));
    folders.push(dir);
    return dir;
  }

  it('without a note: runs the check with what was typed, and records it verified', async () => {
    const { h, state, checks, tui } = await seeded();
    let pass: () => void = () => undefined;
    checks.answer('setup-manual', () => new Promise((resolve) => (pass = () => resolve(result('passed', 'check.timeout', { seconds: '5' }, { facts: { rootFingerprint: 'AB:CD' } })))));
    const folder = manualFolder();
    const form = await openRecordForm(tui, h.port, state, 'setup-manual');
    expect(form).toContain(h.port.t('ui.check.noteLabel'));
    // The folder, today's date, an empty note: the form says the PC is being checked until the check answers.
    await tui.press(`${folder}\r\r\r`, (f) => f.includes(h.port.t('ui.check.runningForm')), 'the check under way');
    await tui.waitFor(() => checks.runs.length === 1, 'the check running');
    pass();
    const saved = await tui.waitFor((f) => f.includes(h.port.t('ui.check.savedVerified', { title: manualTitle(h, state) }).slice(0, 10)), 'saved');
    expect(squash(saved)).toContain(squash(`✓ ${h.port.t('check.timeout', { seconds: '5' })}${h.port.t('ui.check.savedVerified', { title: manualTitle(h, state) })}`));
    expect(checks.runs.map((r) => r.inputs)).toEqual([{ folder }]);
    expect(storedEvents(h).at(-1)).toMatchObject({ type: 'check-passed', step: 'setup-manual', inputs: { folder }, facts: { rootFingerprint: 'AB:CD' }, occurredAt: TODAY });
    expect(saved).toContain('完了（プログラムが確認済み）');
  });

  it('with a note: records it checked by hand, the check not run', async () => {
    const { h, state, checks, tui } = await seeded();
    const folder = manualFolder();
    await openRecordForm(tui, h.port, state, 'setup-manual');
    const saved = await tui.press(`${folder}\r\r別のパソコンで Top.html を開いて確認\r`, (f) => f.includes(h.port.t('ui.saved.done', { title: manualTitle(h, state) })), 'saved');
    expect(checks.runs).toEqual([]);
    expect(storedEvents(h).at(-1)).toMatchObject({ type: 'step-done', step: 'setup-manual', note: '別のパソコンで Top.html を開いて確認', inputs: { folder } });
    expect(saved).toContain('完了（手で確認）');
    const detail = await tui.press(keys.enter, (f) => f.includes('(setup-manual)'), 'the detail');
    expect(detail).toContain(h.port.t('ui.check.byHand', { date: '11/24' }));
    expect(detail).toContain(h.port.t('ui.check.handNote', { note: '別のパソコンで Top.html を開いて確認' }));
  });

  it('a check that fails keeps the form open with what it saw and what to do; the failure is recorded, the step not done', async () => {
    const { h, state, checks, tui } = await seeded();
    const failed = result('failed', 'check.crashed', { message: 'Top.html がありません' }, { fix: 'check.crashed.fix' });
    checks.answer('setup-manual', failed);
    await openRecordForm(tui, h.port, state, 'setup-manual');
    const form = await tui.press(`${manualFolder()}\r\r\r`, (f) => f.includes(`✗ ${h.port.t('check.crashed', failed.evidence)}`), 'the failure in the form');
    const last = storedEvents(h).at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'check-failed', step: 'setup-manual' });
    expect(squash(form)).toContain(squash(expectedLines(h, failed, h.port.t('ui.check.failedNotDone', { id: last.id as number }))));
    expect(form).toContain(h.port.t('ui.form.recordTitle', { title: manualTitle(h, state) }));
    // Leaving the form (what was typed is given up with a second Esc), the detail and the dashboard show the failure recorded.
    await tui.press(keys.esc, (f) => f.includes(h.port.t('ui.form.cancelAgain').slice(0, 12)), 'asked to confirm');
    const detail = await tui.press(keys.esc, (f) => f.includes('(setup-manual)'), 'the detail');
    expect(detail).toContain(h.port.t('ui.check.failedAt', { date: '11/24' }));
    expect(detail).toContain(`    • ${h.port.t('evidence.message')}: Top.html がありません`);
    const dashboard = await tui.press(keys.esc, (f) => f.includes(h.port.t('ui.footer.dashboard')), 'the dashboard');
    expect(rowOf(dashboard, selectorFor(h.port, state).view('setup-manual').short)?.charAt(1)).toBe('✗');
  });

  it('a check that cannot run here records nothing, and says the note records it checked by hand', async () => {
    const { h, state, checks, tui } = await seeded();
    checks.answer('setup-manual', CANNOT);
    const before = h.raw();
    await openRecordForm(tui, h.port, state, 'setup-manual');
    const form = await tui.press(`${manualFolder()}\r\r\r`, (f) => f.includes(`! ${h.port.t('check.other-platform', CANNOT.evidence)}`), 'the result in the form');
    expect(squash(form)).toContain(squash(expectedLines(h, CANNOT, h.port.t('ui.check.cannotRunForm'))));
    expect(h.raw()).toBe(before);
  });

  it('a check that lacks an input says, in the form’s words, which field to fill in', async () => {
    const { h, state, checks, tui } = await seeded();
    const before = h.raw();
    await openRecordForm(tui, h.port, state, 'setup-manual');
    // No folder typed: the check is not run at all, and nothing is recorded.
    const sentence = h.port.t('check.input-missing', { input: 'Online_Setup_Manual のフォルダ', step: 'setup-manual' });
    const form = await tui.press('\r\r\r', (f) => f.includes(`! ${sentence}`), 'the result in the form');
    const fix = h.port.t('ui.check.inputMissingFixForm', { label: 'Online_Setup_Manual のフォルダ' });
    expect(squash(form)).toContain(squash(`! ${sentence}${h.port.t('cli.check.fix')} ${fix}${h.port.t('ui.check.cannotRunForm')}`));
    expect(checks.runs).toEqual([]);
    expect(h.raw()).toBe(before);
  });
});

describe('a check that reads a recorded secret', () => {
  it('asks the passphrase on the screen, then gives the check the password recorded for the certificate', async () => {
    const PASSPHRASE = 'sakura-naika-2026';
    const first = makeHarness({ env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
    await seedLetterAwaited(first);
    const paths = { file: path.join(first.dir, 'cert.p12'), folder: first.dir };
    const loaded = (await first.port.load())!;
    for (const step of stepsBefore(loaded.onboarding, `client-cert@${T1}`, paths, TODAY)) {
      const key = step.terminal === null ? step.step : `${step.step}@${step.terminal}`;
      if (selectorFor(first.port, (await first.port.load())!).view(key).status === 'done') continue;
      await first.port.done({ key, values: { ...step.plain, ...step.secret }, at: TODAY, ...(step.note ? { note: step.note } : {}) });
    }
    const { writeFileSync } = await import('node:fs');
    writeFileSync(paths.file, 'not really a certificate');
    await first.port.done({ key: `client-cert@${T1}`, values: { file: paths.file, password: 'cert-password-1', notAfter: '2029-03-01' }, at: TODAY, note: '証明書ストアで確認' });

    // A later run without the passphrase in its environment.
    const checks = fakeChecks();
    checks.answer('client-cert', PASSED);
    const h = makeHarness({ dir: first.dir, checks: checks.registry });
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 120, rows: 40 });
    await openDetail(tui, h.port, state, `client-cert@${T1}`);
    await tui.press('c', (f) => f.includes('パスフレーズを入力してください'), 'the passphrase asked');
    await tui.press(`${PASSPHRASE}\r`, (f) => f.includes(`✓ ${h.port.t('check.timeout', { seconds: '5' })}`), 'the result');
    expect(checks.runs.map((r) => r.inputs)).toEqual([{ file: paths.file, password: 'cert-password-1', notAfter: '2029-03-01' }]);
    expect(tui.frame()).not.toContain('cert-password-1');
    expect(h.raw()).not.toContain('cert-password-1');
  });
});
