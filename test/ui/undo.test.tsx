import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { titleOn } from '../../src/i18n/describe.js';
import { selectorFor } from '../../src/ui/view-model.js';
import { makeHarness, openDetail, removeHarnessDirs, renderTui, seedLetterAwaited, storedEvents, T1, unmountAll } from '../helpers/ui.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

/** Done today, and nothing done after it needs it: it can be undone. */
const KEY = `cert-application@${T1}`;

describe('u on a step', () => {
  it('asks before undoing, naming the record; any key but y keeps it', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 120 });
    await openDetail(tui, h.port, state, KEY);

    const asked = await tui.press('u', (f) => f.includes('y: 取り消す'), 'the undo question');
    const view = selectorFor(h.port, state).view(KEY);
    expect(asked.replace(/\s/g, '')).toContain(h.port.t('ui.undo.confirm', { title: titleOn(h.port.t, view.title, view.terminal), id: 5 }).replace(/\s/g, ''));
    expect(asked).toMatch(/^#5 {2}2026-11-24/mu);
    await tui.press('n', (f) => f.includes('(cert-application)') && !f.includes('y: 取り消す'), 'the detail again');
    expect(storedEvents(h)).toHaveLength(state.events.length);
  });

  it('y undoes it, says so, and the step is to do again', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 120 });
    await openDetail(tui, h.port, state, KEY);
    await tui.press('u', (f) => f.includes('y: 取り消す'), 'the undo question');
    const done = await tui.press('y', (f) => f.includes('取り消しを保存しました。'), 'the undo saved');
    expect(done).toMatch(/^➜ 実施可能/mu);
    expect(storedEvents(h).at(-1)).toMatchObject({ type: 'undone', target: 5 });
  });
});
