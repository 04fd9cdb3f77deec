import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dashboardViews, keys, makeHarness, removeHarnessDirs, renderTui, seedLetterAwaited, selectedLine, unmountAll } from '../helpers/ui.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

describe('keys that arrive in one read', () => {
  it('are each handled on the state the previous one left: "jj" then Enter opens the third step', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const steps = dashboardViews(h.port, state);
    const tui = renderTui(h.port, state, { rows: 40 });
    await tui.waitFor((f) => selectedLine(f)?.slice(3).startsWith(steps[0]!.short) === true, 'the first step selected');
    const frame = await tui.press('jj\r', (f) => f.split('\n').join('').includes(`(${steps[2]!.id})`), `the detail of ${steps[2]!.id}`);
    expect(frame).toContain(h.port.t('ui.footer.detail'));
    // Back on the dashboard, the step opened is the one selected.
    const back = await tui.press(keys.esc, (f) => f.includes(h.port.t('ui.footer.dashboard')), 'the dashboard');
    expect(selectedLine(back)?.slice(3).startsWith(steps[2]!.short)).toBe(true);
  });

  it('a filter and a move in one read: the move is on the filtered list', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const shown = dashboardViews(h.port, state, true);
    const tui = renderTui(h.port, state, { rows: 40 });
    await tui.waitFor((f) => f.includes(h.port.t('ui.footer.dashboard')), 'the dashboard');
    await tui.press('fj', (f) => selectedLine(f)?.slice(3).startsWith(shown[1]!.short) === true, 'the second step needing action selected');
  });
});
