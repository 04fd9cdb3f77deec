import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/machine/procedure-schema.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { titleOn } from '../../src/i18n/describe.js';
import { detailActions, selectorFor } from '../../src/ui/view-model.js';
import { rowsFor } from '../../src/ui/screen-data.js';
import type { UiPrefs } from '../../src/ui/port.js';
import { PREFS_FILE, WATCH_DEBOUNCE_MS, WATCH_POLL_MS } from '../../src/cli/tui.js';
import {
  clinicProfile,
  keys,
  makeHarness,
  misplacedDashboardLine,
  removeHarnessDirs,
  renderTui,
  rowOf,
  selectedLine,
  selectRow,
  storedEvents,
  T1,
  unmountAll,
  waitForFrame,
  widest,
  type Harness,
  type Tui,
} from '../helpers/ui.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

/** 10:00 in Japan, whatever the machine's time zone: the desks are open. */
const JST_NOW = '2026-11-24T10:00:00+09:00';

/**
 * Mid-onboarding on 2026-11-24: the common track done; the eligibility application went in on 11/5, so the
 * line registration and the master account notice are late; the billing notice was filed on 11/10; the
 * certificate was applied for on 11/20 (its letter is awaited); the DNS check of 端末1 failed.
 */
async function seedMidOnboarding(h: Harness): Promise<void> {
  await h.port.init(clinicProfile());
  await h.port.done({ key: 'portal-account', values: { email: 'clinic@example.jp' }, at: '2026-11-01' });
  await h.port.done({ key: 'line-contract', values: { customerId: 'CAF0246813579' }, at: '2026-11-01' });
  await h.port.done({ key: 'oqs-application', values: {}, at: '2026-11-05' });
  await h.port.done({ key: 'claims-notice', values: {}, at: '2026-11-10' });
  // The manual as downloaded: a folder with Top.html and crt/ (the step checks that it is there).
  const manual = path.join(h.dir, 'Online_Setup_Manual');
  mkdirSync(path.join(manual, 'crt'), { recursive: true });
  writeFileSync(path.join(manual, 'Top.html'), '<html></html>');
  await h.port.done({ key: 'setup-manual', values: { folder: manual }, at: '2026-11-12', note: '支払基金のホームページから入手' });
  await h.port.done({ key: 'reader-order', values: { count: '1', model: 'Caora' }, at: '2026-11-18' });
  await h.port.done({ key: `cert-application@${T1}`, values: {}, at: '2026-11-20' });
  await h.app.append(() => ({ type: 'check-failed', step: 'net-config', terminal: T1, inputs: {}, detail: 'DNS サーバーが応答しません', ...h.app.stamp() }));
}

async function midOnboarding(lang: Lang, columns = 80) {
  const h = makeHarness({ lang, now: JST_NOW });
  await seedMidOnboarding(h);
  const state = (await h.port.load())!;
  const tui = renderTui(h.port, state, { columns, rows: 24 });
  return { h, state, tui };
}


const left = '\u001B[D';
const right = '\u001B[C';

/** The frame as compared: every line without its trailing blanks. */
function trimmed(frame: string): string {
  return frame
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

async function dashboard(h: Harness, tui: Tui): Promise<string> {
  // At 60 columns the footer is cut: its beginning is enough.
  return tui.waitFor((f) => f.includes(h.port.t('ui.footer.dashboard').slice(0, 12)) && selectedLine(f) !== undefined, 'the dashboard');
}

const FRAME_JA = `テスト診療所  #######....................... 8/33
2026-11-24  遅延2件: 回線登録の完了待ち、マスタアカウント通知書
開始見込み: 請求 11/26〜12/15、資格確認 11/26〜1/17  初回の請求 2027/1/5〜1/10

対応が必要
›‼ 回線登録の完了待ち             予定（11/15）を9日過ぎています。ネットワー…
    電話 0120-220-571・受付中（17:00まで）・ネットワークサポートデスク
 ‼ マスタアカウント通知書         予定（11/15）を9日過ぎています。オンライン…
    電話 0800-080-4583・受付中（18:00まで）・オンライン資格確認・ポータル コー…
 ✗ IPv6 DNS とプロキシの設定      確認に失敗しました: DNS サーバーが応答しま…
いまできること
 ➜ ONS の登録申請                 実施できます
 ➜ リーダーのマニュアルとソフト   実施できます
 ➜ ルート証明書の登録             実施できます
待っているもの（見込みの早い順）
 ◷ 証明書情報の簡易書留           経過4日 / 目安3〜7営業日（12/2頃まで）
 ◷ 請求ユーザ設定情報の受領       経過14日 / 目安20日締めで翌月15日頃（12/15…
 ◷ カードリーダーの納品待ち       経過6日 / 目安7〜60日（2027/1/17頃まで）
 ▸ 共通 ✓ 4/4
オンライン資格確認（申請）


↑↓ 移動  Enter 詳細  d 記録  e 予定日  u 取消  f 要対応  ? ヘルプ  q 終了`;

const FRAME_EN = `テスト診療所  #######....................... 8/33
2026-11-24  2 overdue: Line registration; Master account notice
Ready: billing 11/26–12/15; eligibility 11/26–1/17  first claims 2027/1/5–1/10

Needs you
›‼ Line registration              late by 9 days (expected 11/15). Call the N…
    call 0120-220-571, open now (until 17:00): the Network Support Desk
 ‼ Master account notice          late by 9 days (expected 11/15). Call the o…
    call 0800-080-4583, open now (until 18:00): the online eligibility and por…
 ✗ IPv6 DNS and proxy             the check failed: DNS サーバーが応答しませ…
Can be done now
 ➜ ONS application                can be done now
 ➜ Card reader software           can be done now
 ➜ Root certificate               can be done now
Waiting for (soonest first)
 ◷ Certificate letter             day 4 / usually 3–7 business days (expected…
 ◷ Billing user settings          day 14 / usually filed by day 20 of a month…
 ◷ Card reader delivery           day 6 / usually 7–60 days (expected by 2027…
 ▸ Common ✓ 4/4
Online eligibility (applications)


↑↓ move  Enter open  d done  e date  u undo  f filter  ? help  q quit`;

describe('the first screen (80×24, mid-onboarding)', () => {
  it.each([
    ['ja', FRAME_JA],
    ['en', FRAME_EN],
  ] as const)('opens on what needs the operator (%s): late waits with whom to call, failed checks, what can be done, what is on its way, done tracks folded', async (lang, expected) => {
    const { h, tui } = await midOnboarding(lang);
    const frame = await dashboard(h, tui);
    expect(trimmed(frame)).toBe(expected);
  });

  it('names every overdue wait in the header, and starts the cursor on the first of them, not on a done row', async () => {
    const { h, state, tui } = await midOnboarding('ja', 120);
    const frame = await dashboard(h, tui);
    const selector = selectorFor(h.port, state);
    const late = ['line-registration', 'master-account'].map((id) => selector.view(id));
    for (const view of late) expect(frame.split('\n')[1]).toContain(view.short);
    expect(selectedLine(frame)).toMatch(/^›‼ 回線登録の完了待ち/u);
  });
});

describe('done tracks', () => {
  const folded = (h: Harness, open: boolean) => `${open ? '▾' : '▸'} ${h.port.t('ui.track.folded', { track: h.port.t('track.common'), done: 4, total: 4 })}`;

  it('fold to one line; Enter or → opens one, ← on any of its steps or Enter on its line folds it', async () => {
    const h = makeHarness({ now: JST_NOW });
    await seedMidOnboarding(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { rows: 60 });
    const first = await dashboard(h, tui);
    const portal = selectorFor(h.port, state).view('portal-account').short;
    expect(first).toContain(folded(h, false));
    expect(rowOf(first, portal)).toBeUndefined();

    await selectRow(tui, h.port.t('ui.track.folded', { track: h.port.t('track.common'), done: 4, total: 4 }));
    const opened = await tui.press(keys.enter, (f) => f.includes(folded(h, true)), 'the common track opened');
    expect(rowOf(opened, portal)).toBeDefined();
    await selectRow(tui, portal);
    const closed = await tui.press(left, (f) => f.includes(folded(h, false)), 'the track folded by ←');
    expect(rowOf(closed, portal)).toBeUndefined();
    expect(selectedLine(closed)).toBe(`›${folded(h, false)}`);
    await tui.press(right, (f) => f.includes(folded(h, true)), 'the track opened by →');
    await tui.press(keys.enter, (f) => f.includes(folded(h, false)), 'the track folded by Enter on its line');
  });
});

describe('d, e and u on the selected row of the dashboard', () => {
  it('d opens the record form of the selected step at once, e its expected date, without the detail', async () => {
    const { h, state, tui } = await midOnboarding('ja', 80);
    await dashboard(h, tui);
    const view = selectorFor(h.port, state).view(`cert-letter@${T1}`);
    await selectRow(tui, view.short);
    const title = titleOn(h.port.t, view.title, view.terminal);
    const form = await tui.press('d', (f) => f.includes(h.port.t('ui.form.recordTitle', { title })), 'the record form');
    expect(form).not.toContain(`(${view.id})`);
    await tui.press(keys.esc, (f) => f.includes(h.port.t('ui.footer.dashboard')), 'the dashboard again');
    await tui.press('e', (f) => f.includes(h.port.t('ui.form.expectTitle', { title })), 'the expected date form');
  });

  it('d records a step that can be done now from its row, and the selection stays on it', async () => {
    const { h, state, tui } = await midOnboarding('ja', 80);
    await dashboard(h, tui);
    const view = selectorFor(h.port, state).view('ons-application');
    await selectRow(tui, view.short);
    await tui.press('d', (f) => f.includes(h.port.t('ui.form.doneTitle', { title: view.title })), 'the done form');
    const saved = await tui.press('\r\r', (f) => f.includes(h.port.t('ui.saved.done', { title: view.title })), 'the record saved');
    expect(storedEvents(h).at(-1)).toMatchObject({ type: 'step-done', step: 'ons-application' });
    expect(selectedLine(saved)).toMatch(new RegExp(`^›✓ ${view.short}`, 'u'));
  });

  it('d on a blocked row says why, in the words the detail uses (the authority’s), and opens nothing', async () => {
    const h = makeHarness({ now: JST_NOW });
    await seedMidOnboarding(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { columns: 200, rows: 60 });
    await dashboard(h, tui);
    const view = selectorFor(h.port, state).view(`client-cert@${T1}`);
    const action = detailActions(h.port, state, view).find((a) => a.command === 'done')!;
    expect(action.disabled).not.toBeNull();
    await selectRow(tui, view.short);
    const said = await tui.press('d', (f) => f.split('\n').join('').includes(`${action.label}: ${action.disabled!}`.slice(0, 60)), 'the reason');
    expect(said).not.toContain(h.port.t('ui.footer.formBase'));
  });

  it('u on a done row asks, and y undoes its last record', async () => {
    const h = makeHarness({ now: JST_NOW });
    await seedMidOnboarding(h);
    const state = (await h.port.load())!;
    const tui = renderTui(h.port, state, { rows: 60 });
    await dashboard(h, tui);
    const view = selectorFor(h.port, state).view(`cert-application@${T1}`);
    await selectRow(tui, view.short);
    await tui.press('u', (f) => f.includes('y: 取り消す'), 'the undo question');
    await tui.press('y', (f) => f.includes('取り消しを保存しました。'), 'the undo saved');
    expect(storedEvents(h).at(-1)).toMatchObject({ type: 'undone' });
  });
});

describe('another seikyu writes while the screen is open', () => {
  it('shows its record without a key, the selection staying on its step', async () => {
    const { h, state, tui } = await midOnboarding('ja', 80);
    await dashboard(h, tui);
    const selector = selectorFor(h.port, state);
    const software = selector.view('reader-software').short;
    await selectRow(tui, software);
    const ons = selector.view('ons-application');
    // A second program on the same folder (its own port and store): `seikyu done ons-application`.
    const other = makeHarness({ dir: h.dir, now: JST_NOW });
    await other.port.done({ key: 'ons-application', values: {} });
    const after = await tui.waitFor((f) => rowOf(f, ons.short)?.startsWith(' ◷') === true || rowOf(f, ons.short) === undefined, 'the record shown', 4000);
    expect(selectedLine(after)?.slice(3).startsWith(software)).toBe(true);
  });

  it('keeps an open form and what was typed in it, and says when its step was recorded meanwhile', async () => {
    const { h, state, tui } = await midOnboarding('ja', 80);
    await dashboard(h, tui);
    const view = selectorFor(h.port, state).view('ons-application');
    await selectRow(tui, view.short);
    await tui.press('d', (f) => f.includes(h.port.t('ui.form.doneTitle', { title: view.title })), 'the done form');
    await tui.press('\r', (f) => /^› メモ/mu.test(f), 'the note field');
    await tui.press('電話で確認', (f) => f.includes('電話で確認'), 'the note typed');
    const other = makeHarness({ dir: h.dir, now: JST_NOW });
    await other.port.done({ key: 'ons-application', values: {} });
    const told = await tui.waitFor((f) => f.split('\n').join('').includes(h.port.t('ui.refresh.doneElsewhere', { title: view.title }).slice(0, 30)), 'the notice', 4000);
    expect(told).toContain('電話で確認');
    expect(told).toContain(h.port.t('ui.form.doneTitle', { title: view.title }));
  });

  it('does not read the document again after its own saves', async () => {
    const { h, tui } = await midOnboarding('ja', 80);
    await dashboard(h, tui);
    let calls = 0;
    const stop = h.port.watch(() => calls++);
    await h.port.done({ key: 'ons-application', values: {} });
    // Proving that nothing comes takes a while: one change notice and one look at the file, and a margin.
    await new Promise((resolve) => setTimeout(resolve, WATCH_POLL_MS + WATCH_DEBOUNCE_MS + 200));
    expect(calls).toBe(0);
    const other = makeHarness({ dir: h.dir, now: JST_NOW });
    await other.port.expect(`cert-letter@${T1}`, '2026-11-26');
    await waitForFrame(() => String(calls), (c) => c !== '0', 'the change of the other program', 4000);
    stop();
    expect(calls).toBe(1);
  });
});

describe('what the screen keeps for the next run', () => {
  const prefsFile = (h: Harness) => path.join(h.dir, PREFS_FILE);
  const kept = (h: Harness): UiPrefs | null => (existsSync(prefsFile(h)) ? (JSON.parse(readFileSync(prefsFile(h), 'utf8')) as UiPrefs) : null);

  it('the filter, the selected step and the open tracks, in a private file beside the document, never in it', async () => {
    const h = makeHarness({ now: JST_NOW });
    await seedMidOnboarding(h);
    const state = (await h.port.load())!;
    const before = h.raw();
    let tui = renderTui(h.port, state, { rows: 40 });
    await dashboard(h, tui);
    const common = h.port.t('ui.track.folded', { track: h.port.t('track.common'), done: 4, total: 4 });
    await selectRow(tui, common);
    await tui.press(keys.enter, (f) => f.includes(`▾ ${common}`), 'the common track opened');
    const software = selectorFor(h.port, state).view('reader-software').short;
    await selectRow(tui, software, 80, 'up');
    await tui.press('f', (f) => f.includes(h.port.t('ui.filterOn')), 'the filter on');
    tui.stdin.write('q');
    await waitForFrame(() => JSON.stringify(kept(h)), (k) => k.includes('"onlyAction":true') && k.includes('reader-software'), 'the prefs written on quitting');
    tui.unmount();
    expect(kept(h)).toEqual({ onlyAction: true, selectedKey: 'reader-software', open: ['track:common'] });
    expect(statSync(prefsFile(h)).mode & 0o777).toBe(0o600);
    expect(h.raw()).toBe(before);

    // The next run: a new program on the same folder.
    const again = makeHarness({ dir: h.dir, now: JST_NOW });
    const prefs = await again.port.loadPrefs();
    tui = renderTui(again.port, await again.port.load(), { rows: 40 }, prefs);
    const frame = await dashboard(again, tui);
    expect(frame).toContain(h.port.t('ui.filterOn'));
    expect(selectedLine(frame)?.slice(3).startsWith(software)).toBe(true);
    await tui.press('f', (f) => f.includes(`▾ ${common}`), 'the common track still open');
  });

  it('ignores a kept file that is not what it writes', async () => {
    const h = makeHarness({ now: JST_NOW });
    await seedMidOnboarding(h);
    for (const text of ['not json', '[]', '{"onlyAction":"yes","selectedKey":null,"open":[]}', '{"onlyAction":true,"selectedKey":3,"open":[]}', '{"onlyAction":true,"selectedKey":null,"open":[1]}']) {
      writeFileSync(path.join(h.dir, PREFS_FILE), text);
      expect(await h.port.loadPrefs(), text).toBeNull();
    }
    // A kept step that no longer exists: the cursor starts where it would without it.
    const tui = renderTui(h.port, await h.port.load(), { rows: 40 }, { onlyAction: false, selectedKey: 'no-such-step', open: ['track:nothing'] });
    expect(selectedLine(await dashboard(h, tui))).toMatch(/^›‼ 回線登録の完了待ち/u);
  });
});

describe.each([60, 120])('at %i columns', (columns) => {
  it.each(['ja', 'en'] as const)('every line fits and keeps its row (%s); the late waits and whom to call are there', async (lang) => {
    const { h, state, tui } = await midOnboarding(lang, columns);
    const frame = await dashboard(h, tui);
    expect(widest(frame).width, widest(frame).line).toBeLessThanOrEqual(columns);
    expect(frame.split('\n')).toHaveLength(23);
    const headings = [h.port.t('ui.section.attention'), h.port.t('ui.section.now'), h.port.t('ui.section.waiting'), h.port.t('track.oqs')];
    const notes = frame.split('\n').filter((l) => l.startsWith('    '));
    expect(misplacedDashboardLine(frame, [...headings, ...notes.map((l) => l.trimEnd())])).toBeNull();
    const selector = selectorFor(h.port, state);
    for (const id of ['line-registration', 'master-account']) {
      const row = rowOf(frame, selector.view(id).short.slice(0, 8));
      expect(row, `${id} in\n${frame}`).toMatch(/^[› ]‼ /u);
    }
    // The phone numbers of the desks to call come first on their lines, so they are never cut.
    expect(notes.some((l) => l.includes('0120-220-571'))).toBe(true);
    expect(notes.some((l) => l.includes('0800-080-4583'))).toBe(true);
    if (columns === 120) for (const id of ['line-registration', 'master-account']) expect(frame.split('\n')[1]).toContain(selector.view(id).short);
  });
});

describe('a deadline within its warning', () => {
  it('comes among what needs the operator, with its date, even while the step still waits on others', async () => {
    const h = makeHarness({ now: JST_NOW, env: { SEIKYU_PASSPHRASE: 'sakura-naika-2026' } });
    await h.port.init(clinicProfile());
    await h.port.done({ key: 'portal-account', values: { email: 'clinic@example.jp' }, at: '2026-05-01' });
    await h.port.done({ key: 'line-contract', values: { customerId: 'CAF0246813579' }, at: '2026-05-01' });
    await h.port.done({ key: 'claims-notice', values: {}, at: '2026-05-10' });
    await h.port.done({ key: `cert-application@${T1}`, values: {}, at: '2026-05-20' });
    await h.port.done({ key: `cert-letter@${T1}`, values: { requestId: 'R0246813579', referenceId: 'REF-1', issuedOn: '2026-06-01' }, at: '2026-06-03' });
    const state = (await h.port.load())!;
    const view = selectorFor(h.port, state).view(`client-cert@${T1}`);
    if (view.deadline === null) throw new Error(`no deadline: ${view.reason}`);
    const rows = rowsFor(h.port, state, selectorFor(h.port, state).views(), false, []);
    const attention = rows.findIndex((r) => r.kind === 'heading' && r.text === h.port.t('ui.section.attention'));
    const now = rows.findIndex((r) => r.kind === 'heading' && r.text === h.port.t('ui.section.now'));
    const at = rows.findIndex((r) => r.kind === 'step' && r.view.key === view.key);
    expect(attention).toBe(0);
    expect(at).toBeGreaterThan(attention);
    expect(now === -1 || at < now).toBe(true);
    const row = rows[at] as { reason: string };
    expect(row.reason.startsWith(h.port.t('ui.row.deadline', { date: '11/28', reason: '' }))).toBe(true);
  });
});
