import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeHarness, openDetail, removeHarnessDirs, renderTui, seedLetterAwaited, selectRow, storedEvents, T1, TODAY, unmountAll, keys } from '../helpers/ui.js';
import { revealAction, selectorFor } from '../../src/ui/view-model.js';
import type { Lang } from '../../src/machine/procedure-schema.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

const PASSPHRASE = 'sakura-naika-2026';
const REQUEST_ID = 'R0246813579';
const REFERENCE_ID = 'REF-7c1e-5521-zz';
const KEY = `cert-letter@${T1}`;

/** The letter recorded by an earlier run (its reference ID encrypted), then a new run of the screen with no passphrase in its environment. */
async function letterRecorded(lang: Lang = 'ja', referenceId = REFERENCE_ID) {
  const first = makeHarness({ lang, env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
  await seedLetterAwaited(first);
  await first.port.done({ key: KEY, values: { requestId: REQUEST_ID, referenceId }, at: TODAY });
  const h = makeHarness({ lang, dir: first.dir });
  const state = (await h.port.load())!;
  return { h, state };
}

describe('r on a step’s detail', () => {
  it('shows the recorded secret after the passphrase, hides it at the next key, and records the reveal without the value', async () => {
    const { h, state } = await letterRecorded();
    const tui = renderTui(h.port, state, { rows: 60 });
    const detail = await openDetail(tui, h.port, state, KEY);
    expect(detail).toContain(`r  ${h.port.t('ui.action.reveal')}`);
    expect(detail).not.toContain(REFERENCE_ID);

    await tui.press('r', (f) => f.includes('パスフレーズを入力してください'), 'the passphrase screen');
    const shown = await tui.press(`${PASSPHRASE}\r`, (f) => f.includes(REFERENCE_ID), 'the secret shown');
    expect(shown).toContain(h.port.t('ui.detail.revealed'));
    expect(shown.split('\n').find((l) => l.includes(REFERENCE_ID))).toMatch(/リファレンスID/u);

    // Recorded: who, when, which key — never the value.
    const last = storedEvents(h).at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'secret-revealed', step: 'cert-letter', terminal: T1, key: 'referenceId' });
    expect(h.raw()).not.toContain(REFERENCE_ID);
    expect(h.raw()).not.toContain(PASSPHRASE);

    // Any key hides it, even one that does nothing here.
    const hidden = await tui.press('x', (f) => !f.includes(REFERENCE_ID), 'the secret hidden');
    expect(hidden).toContain(h.port.t('cli.secret.masked'));
    // Shown again (the passphrase is not asked twice in a run), then leaving the detail hides it too, and no message keeps it.
    await tui.press('r', (f) => f.includes(REFERENCE_ID), 'the secret shown again');
    const back = await tui.press(keys.esc, (f) => f.includes(h.port.t('ui.footer.dashboard')), 'the dashboard');
    expect(back).not.toContain(REFERENCE_ID);
    const again = await tui.press(keys.enter, (f) => f.includes('(cert-letter)'), 'the detail again');
    expect(again).not.toContain(REFERENCE_ID);
    expect(storedEvents(h).filter((e) => (e as { type: string }).type === 'secret-revealed')).toHaveLength(2);
  });

  it('a wrong passphrase shows nothing and records nothing', async () => {
    const { h, state } = await letterRecorded();
    const before = h.raw();
    const tui = renderTui(h.port, state, { rows: 60 });
    await openDetail(tui, h.port, state, KEY);
    await tui.press('r', (f) => f.includes('パスフレーズを入力してください'), 'the passphrase screen');
    await tui.press('wrong-passphrase\r', (f) => f.includes('パスフレーズが違います。'), 'asked again, with why');
    await tui.press(keys.esc, (f) => !f.includes('パスフレーズを入力してください'), 'the passphrase given up');
    expect(tui.frame()).not.toContain(REFERENCE_ID);
    expect(h.raw()).toBe(before);
  });

  it('says why there is nothing to show: a step without secrets, a secret not recorded yet (the authority’s reason)', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const selector = selectorFor(h.port, state);
    const letter = revealAction(h.port, state, selector.view(KEY));
    expect(letter.disabled).not.toBeNull();
    expect(revealAction(h.port, state, selector.view('portal-account')).disabled).toBe(h.port.t('ui.disabled.noSecret'));
    const tui = renderTui(h.port, state, { columns: 200, rows: 60 });
    await openDetail(tui, h.port, state, KEY);
    await tui.press('r', (f) => f.includes(`${letter.label}: ${letter.disabled!}`), 'the reason on the message line');
  });
});

/** Text without white space: the detail wraps a long value by cell, and continuation lines are indented. */
const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * The lines of a frame above the message line (the detail's body, with the header), found by the message's
 * first words: what the operator can read of the detail while the message is shown.
 */
function aboveMessage(frame: string, message: string): string[] {
  const lines = frame.split('\n');
  const start = message.slice(0, 16);
  const at = lines.findIndex((l) => l.startsWith(start));
  expect(at, `the message "${start}…" in the frame:\n${frame}`).toBeGreaterThan(0);
  return lines.slice(0, at);
}

describe('a revealed value is scrolled into view (the reveal is recorded only for a value the operator can see)', () => {
  // The bug: at 80×24 in English the long label pushed the value onto the next line, below the body's last
  // line; `r` recorded a reveal while the value was drawn nowhere, and the next key hid it again.
  const cases: { name: string; lang: Lang; columns: number; rows: number; value: string }[] = [
    { name: '80×24, English, a value that wraps under its label', lang: 'en', columns: 80, rows: 24, value: 'UXSECRET-9f3a-77Qx-long' },
    { name: '80×24, Japanese', lang: 'ja', columns: 80, rows: 24, value: 'UXSECRET-9f3a-77Qx-long' },
    { name: '60×16, English, a value of several lines', lang: 'en', columns: 60, rows: 16, value: `LONG-${'x7Qa'.repeat(60)}-END` },
    { name: '60×16, Japanese, a value of several lines', lang: 'ja', columns: 60, rows: 16, value: `LONG-${'x7Qa'.repeat(60)}-END` },
  ];
  it.each(cases)('$name', async ({ lang, columns, rows, value }) => {
    const { h, state } = await letterRecorded(lang, value);
    const referenceLabel = selectorFor(h.port, state).view(KEY).step.inputs.find((i) => i.key === 'referenceId')!.label[lang];
    const tui = renderTui(h.port, state, { columns, rows });
    // As `openDetail`, but a small terminal may not show the first track's heading: the dashboard's footer says it is there.
    await tui.waitFor((f) => f.includes(h.port.t('ui.footer.dashboard').slice(0, 10)), 'the dashboard');
    await selectRow(tui, selectorFor(h.port, state).view(KEY).short);
    const detail = await tui.press(keys.enter, (f) => f.split('\n').join('').includes('(cert-letter)'), 'the detail');
    expect(squash(detail)).not.toContain(squash(value));

    await tui.press('r', (f) => f.includes(h.port.t('ui.passphrase.enter').slice(0, 12)), 'the passphrase screen');
    const shown = await tui.press(`${PASSPHRASE}\r`, (f) => f.includes(h.port.t('ui.revealed').slice(0, 16)), 'the reveal');
    // The reveal was recorded…
    expect(storedEvents(h).at(-1)).toMatchObject({ type: 'secret-revealed', step: 'cert-letter', key: 'referenceId' });
    // …so the whole value is on the screen, above the message line, with its label and the note that it shows until the next key.
    expect(shown.split('\n').length).toBeLessThanOrEqual(rows);
    const body = aboveMessage(shown, h.port.t('ui.revealed'));
    expect(squash(body.join('\n')), `the value above the message:\n${shown}`).toContain(squash(value));
    expect(squash(body.join('\n')), `the value's label in view:\n${shown}`).toContain(squash(`${referenceLabel}${h.port.t('ui.detail.secretMark')}:`));
    expect(squash(body.join('\n'))).toContain(squash(h.port.t('ui.detail.revealed')));

    // The next key hides it and leaves the mask in its place, still in view.
    const hidden = await tui.press('x', (f) => !squash(f).includes(squash(value).slice(0, 12)), 'the secret hidden');
    expect(hidden).toContain(h.port.t('cli.secret.masked'));
  });

  it('a value taller than the body starts at its label: as much of it as the body holds, from its beginning', async () => {
    const value = `HUGE-${'k3Zp'.repeat(150)}-END`;
    const { h, state } = await letterRecorded('en', value);
    const referenceLabel = selectorFor(h.port, state).view(KEY).step.inputs.find((i) => i.key === 'referenceId')!.label.en;
    const tui = renderTui(h.port, state, { columns: 60, rows: 16 });
    await tui.waitFor((f) => f.includes(h.port.t('ui.footer.dashboard').slice(0, 10)), 'the dashboard');
    await selectRow(tui, selectorFor(h.port, state).view(KEY).short);
    await tui.press(keys.enter, (f) => f.split('\n').join('').includes('(cert-letter)'), 'the detail');
    await tui.press('r', (f) => f.includes(h.port.t('ui.passphrase.enter').slice(0, 12)), 'the passphrase screen');
    const shown = await tui.press(`${PASSPHRASE}\r`, (f) => f.includes(h.port.t('ui.revealed').slice(0, 16)), 'the reveal');
    const body = squash(aboveMessage(shown, h.port.t('ui.revealed')).join('\n'));
    expect(body, shown).toContain(squash(`${referenceLabel}${h.port.t('ui.detail.secretMark')}:${value.slice(0, 200)}`));
  });
});
