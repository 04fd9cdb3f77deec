import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeHarness, openDetail, removeHarnessDirs, renderTui, seedLetterAwaited, storedEvents, T1, TODAY, unmountAll, keys } from '../helpers/ui.js';
import { revealAction, selectorFor } from '../../src/ui/view-model.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

const PASSPHRASE = 'sakura-naika-2026';
const REQUEST_ID = 'R0246813579';
const REFERENCE_ID = 'REF-7c1e-5521-zz';
const KEY = `cert-letter@${T1}`;

/** The letter recorded by an earlier run (its reference ID encrypted), then a new run of the screen with no passphrase in its environment. */
async function letterRecorded() {
  const first = makeHarness({ env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
  await seedLetterAwaited(first);
  await first.port.done({ key: KEY, values: { requestId: REQUEST_ID, referenceId: REFERENCE_ID }, at: TODAY });
  const h = makeHarness({ dir: first.dir });
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
