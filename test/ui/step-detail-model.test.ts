import { afterAll, describe, expect, it } from 'vitest';
import type { MessageKey } from '../../src/i18n/index.js';
import { applicableInputs } from '../../src/machine/inputs.js';
import { buildStepDetail, sectionHeadings, type DetailSection } from '../../src/ui/step-detail-model.js';
import { renderDetailLines } from '../../src/ui/step-detail.js';
import { detailActions, selectorFor } from '../../src/ui/view-model.js';
import type { UiState } from '../../src/ui/port.js';
import { recordCommand, showLines } from '../../src/cli/commands/show.js';
import { makeHarness, removeHarnessDirs, seedLetterAwaited, T1, TODAY, type Harness } from '../helpers/ui.js';

afterAll(removeHarnessDirs);

const REQUEST_ID = 'R0246813579';
const REFERENCE_ID = 'REF-9f3c-7781-kk';
const PASSPHRASE = 'tsukuba-clinic-2026';

/** Every heading either screen may print, so the headings are read from what was rendered, not from the model. */
const HEADINGS: MessageKey[] = [
  'ui.detail.values',
  'ui.detail.why',
  'ui.detail.unblocks',
  'ui.detail.inputs',
  'ui.detail.confirm',
  'ui.detail.check',
  'ui.check.result',
  'ui.detail.desk',
  'ui.detail.links',
  'ui.detail.history',
  'ui.detail.actions',
  'cli.show.record',
];

interface Rendered {
  sections: DetailSection[];
  tui: string[];
  show: string[];
}

/** The model of one step, and what the TUI (at 80 columns) and `seikyu show` make of it. */
function render(h: Harness, state: UiState, key: string): Rendered {
  const { port } = h;
  const selector = selectorFor(port, state);
  const view = selector.view(key);
  const sections = buildStepDetail({
    t: port.t,
    lang: port.lang,
    today: port.today(),
    onboarding: state.onboarding,
    events: state.events,
    selector,
    view,
    desk: view.step.contact ? port.desk(view.step.contact) : null,
  });
  const tui = renderDetailLines(port.t, sections, detailActions(port, state, view), 80).map((l) => l.text);
  const record = recordCommand(view, applicableInputs(view.step, state.onboarding.profile), false);
  const show = showLines(port.t, sections, record, (v) => [`${v.id}: ${v.status}`]);
  return { sections, tui, show };
}

/** The headings in rendered lines: a known heading right after an empty line. */
function headingsIn(h: Harness, lines: readonly string[]): string[] {
  const known = new Set(HEADINGS.map((k) => h.port.t(k)));
  return lines.filter((line, i) => known.has(line) && lines[i - 1] === '');
}

/** The lines of a section: after its heading, up to the next empty line. */
function sectionOf(lines: readonly string[], heading: string): string[] {
  const at = lines.indexOf(heading);
  expect(at, `${heading} in\n${lines.join('\n')}`).toBeGreaterThan(0);
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end === -1 ? undefined : end);
}

async function letterAwaited(): Promise<{ h: Harness; state: UiState }> {
  const h = makeHarness();
  await seedLetterAwaited(h);
  return { h, state: (await h.port.load())! };
}

async function letterRecorded(): Promise<{ h: Harness; state: UiState }> {
  const h = makeHarness({ env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
  await seedLetterAwaited(h);
  await h.port.done({ key: `cert-letter@${T1}`, values: { requestId: REQUEST_ID, referenceId: REFERENCE_ID }, at: TODAY });
  return { h, state: (await h.port.load())! };
}

/** net-config of 端末1 verified by its check (what it saw recorded with it). */
async function verified(): Promise<{ h: Harness; state: UiState }> {
  const { h } = await letterAwaited();
  await h.app.append(() => ({ type: 'check-passed', step: 'net-config', terminal: T1, inputs: {}, reason: 'check.timeout', evidence: { seconds: '5' }, facts: {}, ...h.app.stamp() }));
  return { h, state: (await h.port.load())! };
}

/** net-config of 端末1 checked by hand, the note saying how. */
async function byHand(): Promise<{ h: Harness; state: UiState }> {
  const { h } = await letterAwaited();
  await h.port.done({ key: `net-config@${T1}`, values: {}, at: TODAY, note: 'nslookup で確認' });
  return { h, state: (await h.port.load())! };
}

/** net-config of 端末1 failed its check. */
async function failedCheck(): Promise<{ h: Harness; state: UiState }> {
  const { h } = await letterAwaited();
  await h.app.append(() => ({ type: 'check-failed', step: 'net-config', terminal: T1, inputs: {}, reason: 'check.input-missing', evidence: { input: 'dns', step: 'net-config' }, ...h.app.stamp() }));
  return { h, state: (await h.port.load())! };
}

describe('one step-detail model, two renderers', () => {
  it.each([
    ['a blocked step', `client-cert@${T1}`, letterAwaited, ['ui.detail.why', 'ui.detail.unblocks', 'ui.detail.inputs', 'ui.detail.check', 'ui.detail.desk', 'ui.detail.links', 'ui.detail.history']],
    ['a waiting step', `cert-letter@${T1}`, letterAwaited, ['ui.detail.unblocks', 'ui.detail.inputs', 'ui.detail.desk', 'ui.detail.history']],
    ['a done step with a secret', `cert-letter@${T1}`, letterRecorded, ['ui.detail.unblocks', 'ui.detail.inputs', 'ui.detail.desk', 'ui.detail.history']],
    ['a step verified by its check', `net-config@${T1}`, verified, ['ui.detail.values', 'ui.detail.unblocks', 'ui.detail.check', 'ui.check.result', 'ui.detail.desk', 'ui.detail.history']],
    ['a failed check', `net-config@${T1}`, failedCheck, ['ui.detail.values', 'ui.detail.unblocks', 'ui.detail.check', 'ui.check.result', 'ui.detail.desk', 'ui.detail.history']],
  ] as const)('%s: the TUI and `seikyu show` print the same sections, in the same order', async (_, key, seed, expected) => {
    const { h, state } = await seed();
    const { sections, tui, show } = render(h, state, key);
    const t = h.port.t;
    const shared = expected.map((k) => t(k));
    expect(sectionHeadings(t, sections)).toEqual(shared);
    // Then each adds what it offers to do: the TUI its keys, the command line how to record (when there is
    // something to record by hand).
    expect(headingsIn(h, tui)).toEqual([...shared, t('ui.detail.actions')]);
    const done = selectorFor(h.port, state).view(key).status === 'done';
    expect(headingsIn(h, show)).toEqual(done ? shared : [...shared, t('cli.show.record')]);
  });

  it('shows what the check looks at in both (it was only on the TUI)', async () => {
    const { h, state } = await letterAwaited();
    const { tui, show } = render(h, state, `client-cert@${T1}`);
    const heading = h.port.t('ui.detail.check');
    expect(sectionOf(show, heading).join('')).toContain('Online Billing NW Common Root CA');
    // The TUI wraps it (at a space, which the break takes): compare without white space.
    expect(sectionOf(tui, heading).join('').replace(/\s/g, '')).toContain('OnlineBillingNWCommonRootCA');
  });

  it('says how a check step was done in both: verified by the program with what it saw, or by hand with how', async () => {
    const t = (await letterAwaited()).h.port.t;
    const byProgram = render(...Object.values(await verified()) as [Harness, UiState], `net-config@${T1}`);
    const program = [`  ${t('ui.check.byProgram', { date: '11/24' })}`, `  ${t('check.timeout', { seconds: '5' })}`, `    • ${t('evidence.seconds')}: 5`];
    expect(sectionOf(byProgram.show, t('ui.check.result'))).toEqual(program);
    expect(sectionOf(byProgram.tui, t('ui.check.result'))).toEqual(program);

    const hand = render(...Object.values(await byHand()) as [Harness, UiState], `net-config@${T1}`);
    const how = [`  ${t('ui.check.byHand', { date: '11/24' })}`, `  ${t('ui.check.handNote', { note: 'nslookup で確認' })}`];
    expect(sectionOf(hand.show, t('ui.check.result'))).toEqual(how);
    expect(sectionOf(hand.tui, t('ui.check.result'))).toEqual(how);
  });

  it('shows a failed check in both: what it saw, and what to do (its sentence’s fix in the catalog)', async () => {
    const { h, state } = await failedCheck();
    const t = h.port.t;
    const { tui, show } = render(h, state, `net-config@${T1}`);
    const evidence = { input: 'dns', step: 'net-config' };
    const lines = [
      `  ${t('ui.check.failedAt', { date: '11/24' })}`,
      `  ${t('check.input-missing', evidence)}`,
      `    • ${t('evidence.input')}: dns`,
      `    • ${t('evidence.step')}: net-config`,
      `  ${t('cli.check.fix')} ${t('check.input-missing.fix', evidence)}`,
    ];
    expect(sectionOf(show, t('ui.check.result'))).toEqual(lines);
    // The TUI wraps the fix at 80 columns.
    expect(sectionOf(tui, t('ui.check.result')).slice(0, 4)).toEqual(lines.slice(0, 4));
    expect(sectionOf(tui, t('ui.check.result')).slice(4).join('').replace(/\s/g, '')).toBe(lines[4]!.replace(/\s/g, ''));
  });

  it('lists the inputs with the keys the command takes in `show`, with their labels in both', async () => {
    const { h, state } = await letterAwaited();
    const { tui, show } = render(h, state, `cert-letter@${T1}`);
    const heading = h.port.t('ui.detail.inputs');
    expect(sectionOf(show, heading)[0]).toBe('  requestId  リクエストID');
    expect(sectionOf(show, heading)).toContain('  referenceId  リファレンスID（秘密・暗号化して保存）');
    expect(sectionOf(tui, heading)[0]).toBe('  リクエストID');
  });

  it('shows a recorded value in both, a secret only as its mask, and never the secret', async () => {
    const { h, state } = await letterRecorded();
    const { tui, show } = render(h, state, `cert-letter@${T1}`);
    const heading = h.port.t('ui.detail.inputs');
    expect(sectionOf(show, heading)).toEqual([
      `  requestId  リクエストID: ${REQUEST_ID}`,
      '  referenceId  リファレンスID（秘密・暗号化して保存）: ＊＊＊',
      '  issuedOn  発行日（通知書の日付）（任意）',
      expect.stringMatching(/^ {6}通知書に印字された日付/u),
    ]);
    expect(sectionOf(tui, heading).slice(0, 2)).toEqual([`  リクエストID: ${REQUEST_ID}`, '  リファレンスID（秘密・暗号化して保存）: ＊＊＊']);
    for (const lines of [tui, show]) expect(lines.join('\n')).not.toContain(REFERENCE_ID);
  });

  it('says when a wait is expected in both (it was only on the TUI)', async () => {
    const { h, state } = await letterAwaited();
    const { tui, show } = render(h, state, `cert-letter@${T1}`);
    // Seven business days from Tuesday 11/24 (mail is counted in business days).
    const expected = h.port.t('ui.detail.expected', { since: '11/24', by: '12/3' });
    expect(show).toContain(expected);
    expect(tui).toContain(expected);
  });

  it('ends `show` with the command that records the step, secrets asked rather than given', async () => {
    const { h, state } = await letterAwaited();
    const { show } = render(h, state, `cert-letter@${T1}`);
    expect(sectionOf(show, h.port.t('cli.show.record'))).toEqual([
      '  seikyu done cert-letter requestId=…',
      `  ${h.port.t('cli.show.secrets', { keys: 'referenceId' })}`,
    ]);
    expect(show.at(-2)).toBe('  seikyu done cert-letter requestId=…');
  });
});
