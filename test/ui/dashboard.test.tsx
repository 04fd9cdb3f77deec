import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../src/machine/selectors.js';
import { keymap, type Binding, type Command } from '../../src/ui/keymap.js';
import { historyLines } from '../../src/ui/history-view.js';
import { selectorFor } from '../../src/ui/view-model.js';
import { truncate } from '../../src/ui/text.js';
import { dashboardViews, keys, makeHarness, removeHarnessDirs, renderTui, rowOf, rowParts, seedEveryStatus, seedLetterAwaited, T1, unmountAll, selectedLine } from '../helpers/ui.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

/** One step instance in each status, in the state `seedEveryStatus` makes. */
const example: Record<Status, { key: string; glyph: string }> = {
  done: { key: 'portal-account', glyph: '✓' },
  ready: { key: 'ons-application', glyph: '➜' },
  blocked: { key: `client-cert@${T1}`, glyph: '⋯' },
  waiting: { key: `cert-letter@${T1}`, glyph: '◷' },
  overdue: { key: 'line-registration', glyph: '‼' },
  failed: { key: `net-config@${T1}`, glyph: '✗' },
  skipped: { key: `pppoe@${T1}`, glyph: '-' },
};

describe('the dashboard', () => {
  it('shows every status with its glyph and the reason the selector gives', async () => {
    const h = makeHarness();
    await seedEveryStatus(h);
    const state = (await h.port.load())!;
    const selector = selectorFor(h.port, state);
    const tui = renderTui(h.port, state, { rows: 60 });
    const frame = await tui.waitFor((f) => f.includes('共通') && f.includes('オンライン資格確認（端末）'), 'the whole dashboard');

    for (const [status, { key, glyph }] of Object.entries(example)) {
      const view = selector.view(key);
      expect(view.status, `the seed puts ${key} in ${status}`).toBe(status);
      const line = rowOf(frame, view.short);
      expect(line, `a row for ${view.short}`).toBeDefined();
      const shown = rowParts(line!, view.short);
      expect(shown.glyph, `the glyph of ${key}`).toBe(glyph);
      // Rows truncate the reason: what is shown is its beginning, and not a trivially short one.
      expect(view.reason.startsWith(shown.reason), `${JSON.stringify(shown.reason)} begins ${JSON.stringify(view.reason)}`).toBe(true);
      expect([...shown.reason].length).toBeGreaterThanOrEqual(Math.min([...view.reason].length, 20));
    }
    // The facts behind the reasons, in words an operator reads.
    expect(rowOf(frame, selector.view(example.overdue.key).short)).toContain('予定（11/11）を13日過ぎています');
    expect(rowOf(frame, selector.view(example.failed.key).short)).toContain('確認に失敗しました: DNS サーバーが応答しません');
    expect(rowOf(frame, selector.view(example.waiting.key).short)).toContain('経過0日 / 目安3〜7営業日（12/3頃まで）');
  });

  it('f shows only the steps that need action, and f again shows them all', async () => {
    const h = makeHarness();
    await seedEveryStatus(h);
    const state = (await h.port.load())!;
    const selector = selectorFor(h.port, state);
    const short = (status: Status) => selector.view(example[status].key).short;
    const tui = renderTui(h.port, state, { rows: 60 });
    await tui.waitFor((f) => rowOf(f, short('blocked')) !== undefined, 'the blocked row');

    const filtered = await tui.press('f', (f) => f.includes('要対応のものだけ表示しています'), 'the filter line');
    for (const status of ['ready', 'overdue', 'failed'] as const) expect(rowOf(filtered, short(status)), `${status} stays`).toBeDefined();
    for (const status of ['blocked', 'done', 'waiting', 'skipped'] as const) expect(rowOf(filtered, short(status)), `${status} is hidden`).toBeUndefined();
    const glyphs = filtered.split('\n').filter((l) => /^[› ]\S /u.test(l)).map((l) => l[1]);
    expect(new Set(glyphs)).toEqual(new Set(['➜', '‼', '✗']));

    const all = await tui.press('f', (f) => !f.includes('要対応のものだけ表示しています'), 'the filter to be off');
    expect(rowOf(all, short('blocked'))).toBeDefined();
  });

  it('counts every key of a burst: seven Downs in one read move the selection seven steps', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const steps = dashboardViews(h.port, state);
    const tui = renderTui(h.port, state, { rows: 60 });
    await tui.waitFor((f) => selectedLine(f)?.slice(3).startsWith(steps[0]!.short) === true, 'the first step selected');
    await tui.press(keys.down.repeat(7), (f) => selectedLine(f)?.slice(3).startsWith(steps[7]!.short) === true, 'the eighth step selected');
  });

  it('h shows the history with every event, newest last', async () => {
    const h = makeHarness();
    await seedEveryStatus(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state);
    await tui.waitFor((f) => f.includes('共通'), 'the dashboard');

    const frame = await tui.press('h', (f) => f.includes(`記録（${state.events.length}件）`), 'the history');
    const lines = frame.split('\n');
    const expected = historyLines(h.port.t, state).map((l) => truncate(l.text, 99));
    const at = expected.map((text) => lines.findIndex((l) => l.trimEnd() === text));
    expect(at.every((i) => i !== -1), `every event line in\n${frame}`).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(frame).toContain('#1  2026-11-24  施設情報を登録: テスト診療所');
    expect(frame).toContain('確認失敗  net-config［端末1］: DNS サーバーが応答しません');

    await tui.press(keys.esc, (f) => f.includes('共通') && !f.includes('記録（'), 'the dashboard again');
  });

  it('? lists every key binding of the keymap, scrolling down to the last', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const tui = renderTui(h.port, await h.port.load());
    await tui.waitFor((f) => f.includes('共通'), 'the dashboard');

    const seen = new Set<string>();
    let frame = await tui.press('?', (f) => f.includes('キー操作'), 'the help');
    const bindings = Object.entries(keymap) as [Command, Binding][];
    // Grouped by screen (headings), and the form's keys last.
    const sections = ['一覧', '手順の詳細', '記録の一覧', '入力フォーム', `  ${h.port.t('ui.footer.form')}`];
    const missing = () => [
      ...bindings.filter(([, b]) => ![...seen].some((line) => line.includes(h.port.t(b.description)) && line.includes(b.keys))).map(([command]) => command),
      ...sections.filter((line) => !seen.has(line)),
    ];
    for (let moves = 0; ; moves++) {
      for (const line of frame.split('\n')) seen.add(line.trimEnd());
      if (missing().length === 0) break;
      expect(moves, `still missing ${missing().join(', ')} after scrolling`).toBeLessThan(60);
      const before = frame;
      frame = await tui.press(keys.down, (f) => f !== before, 'the help to scroll');
    }
    expect(missing()).toEqual([]);

    await tui.press(keys.esc, (f) => f.includes('共通') && !f.includes('キー操作'), 'the dashboard again');
  });

  it('speaks English when the App is in English (seikyu --lang en)', async () => {
    const h = makeHarness({ lang: 'en' });
    await seedLetterAwaited(h);
    const tui = renderTui(h.port, await h.port.load(), { rows: 60 });
    const frame = await tui.waitFor((f) => f.includes('Common'), 'the English dashboard');
    for (const heading of ['Common', 'Online eligibility (applications)', `Client certificate [${T1}]`, 'Online billing (applications)', `Terminal network and certificate [${T1}]`]) {
      expect(frame.split('\n').map((l) => l.trimEnd())).toContain(heading);
    }
    expect(frame).toContain('↑↓ move  Enter open  d done  e date  u undo  f filter  ? help  q quit');
    expect(frame).toContain('can be done now');
    expect(frame).not.toMatch(/共通|実施できます|終了/u);

    const help = await tui.press('?', (f) => f.includes('Keys'), 'the English help');
    expect(help).toContain('List');
    expect(help).not.toContain('キー操作');
  });
});
