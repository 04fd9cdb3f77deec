import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { detailActions, selectorFor } from '../../src/ui/view-model.js';
import { fakeChecks, makeHarness, openDetail, removeHarnessDirs, renderTui, seedLetterAwaited, storedEvents, T1, unmountAll, type Tui } from '../helpers/ui.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

/** The message line (above the footer) once it shows `prefix`. */
async function messageAfter(tui: Tui, input: string, prefix: string): Promise<string> {
  const frame = await tui.press(input, (f) => f.split('\n').some((l) => l.startsWith(prefix)), `a message starting ${prefix}`);
  const lines = frame.split('\n');
  const index = lines.findIndex((l) => l.startsWith(prefix));
  // The message takes the two lines above the footer (a long one wraps onto the second).
  expect(index).toBe(lines.length - 3);
  return (lines[index]!.trimEnd() + lines[index + 1]!.trim()).trimEnd();
}

describe('the detail of a step', () => {
  it('shows a blocked step’s chain down to its root causes, the letter first', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { rows: 60 });
    const frame = await openDetail(tui, h.port, state, `client-cert@${T1}`);

    const lines = frame.split('\n').map((l) => l.trimEnd());
    const start = lines.indexOf('なぜまだできないか');
    expect(start, frame).toBeGreaterThan(0);
    const section = lines.slice(start + 1, lines.indexOf('', start));
    expect(section).toEqual([
      '  ◷ 簡易書留（電子証明書取得に関する情報）待ち（11/24申請、12/3頃到着見込み）',
      '  ⋯ 「閉域網への接続確認［端末1］」が未完了',
      '    ⋯ 「回線認証［端末1］」が未完了',
      '      ◷ 回線事業者による回線登録の完了待ち（11/24申込、12/4頃完了見込み）',
      '      ➜ 「IPv6 DNS とプロキシの設定［端末1］」が未完了',
      '  ⋯ 「ルート証明書の登録［端末1］」が未完了',
      '    ➜ 「Online_Setup_Manual の入手」が未完了',
    ]);
  });

  it('has no “why” section for a step that can be done now', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { rows: 60 });
    const frame = await openDetail(tui, h.port, state, 'setup-manual');
    expect(frame).toContain('➜ 実施可能: 実施できます');
    expect(frame).not.toContain('なぜまだできないか');
  });
});

describe('a command that cannot run now says why', () => {
  it('d on a blocked step shows that its needs are not met, and opens no form', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 160 });
    await openDetail(tui, h.port, state, `client-cert@${T1}`);
    const view = selectorFor(h.port, state).view(`client-cert@${T1}`);
    const action = detailActions(h.port, state, view).find((a) => a.command === 'done')!;

    const message = await messageAfter(tui, 'd', '完了にする: 前提が済んでいません: ');
    expect(message).toBe(`${action.label}: ${action.disabled}`);
    expect(message).toContain('簡易書留（電子証明書取得に関する情報）待ち');
    expect(tui.frame()).not.toContain('を完了にする');
    expect(storedEvents(h)).toHaveLength(state.events.length);
  });

  it('e on a done step shows why there is no date to expect', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 160 });
    await openDetail(tui, h.port, state, 'portal-account');

    expect(await messageAfter(tui, 'e', '予定日を記録する: ')).toBe('予定日を記録する: 外部からの連絡を待つ手順ではありません');
    // portal-account is an action (its e-mail is noted with it), so its d marks it done.
    expect(await messageAfter(tui, 'd', '完了にする: ')).toBe('完了にする: 完了済みです（#2）。訂正するには u で取り消します');
    expect(tui.frame()).not.toContain('の予定日');
  });

  it('e on a done wait step says it is already done', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    await h.port.done({ key: 'line-registration', values: {}, at: '2026-11-24' });
    const after = (await h.port.load())!;
    const tui = renderTui(h.port, after, { columns: 160 });
    await openDetail(tui, h.port, after, 'line-registration');
    expect(await messageAfter(tui, 'e', '予定日を記録する: ')).toBe('予定日を記録する: すでに完了しています');
  });

  it('c on a check step that does not apply to the facility says why, and runs nothing', async () => {
    const checks = fakeChecks(['pppoe']);
    const h = makeHarness({ checks: checks.registry });
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 160 });
    // PPPoE is for IPv4 IP-VPN; this clinic uses IPv6 IP-VPN.
    await openDetail(tui, h.port, state, `pppoe@${T1}`);
    const message = await messageAfter(tui, 'c', '自動確認: ');
    expect(message).toBe(`自動確認: この施設では不要です: ${selectorFor(h.port, state).view(`pppoe@${T1}`).reason}`);
    // The detail's list of actions gives the same reason.
    const view = selectorFor(h.port, state).view(`pppoe@${T1}`);
    expect(detailActions(h.port, state, view).find((a) => a.command === 'check')).toEqual({ command: 'check', label: '自動確認', disabled: `この施設では不要です: ${view.reason}` });
    expect(checks.runs).toEqual([]);
    expect(storedEvents(h)).toHaveLength(state.events.length);
  });

  it('c on a step without a check says there is nothing to check', async () => {
    const h = makeHarness({ checks: fakeChecks().registry });
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 160 });
    await openDetail(tui, h.port, state, 'line-registration');
    expect(await messageAfter(tui, 'c', '自動確認: ')).toBe('自動確認: この手順には、このパソコンで確かめることがありません');
  });
});
