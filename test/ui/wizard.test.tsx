import { existsSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { medicalCodeCheckDigit } from '../../src/machine/profile.js';
import { keys, makeHarness, removeHarnessDirs, renderTui, storedEvents, unmountAll } from '../helpers/ui.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

const CHECK_DIGIT = '医療機関コード「1310112341」の検証番号（最後の桁）が合いません（計算上は 2）';

describe('the first-run wizard', () => {
  it('rejects a 医療機関コード with a wrong check digit on Enter, saves nothing, and creates the profile once fixed', async () => {
    const h = makeHarness();
    const tui = renderTui(h.port, null);
    await tui.waitFor((f) => f.includes('はじめに施設の情報を登録します') && /^› 医療機関名/mu.test(f), 'the wizard');

    await tui.press('テスト診療所\r', (f) => /^› 医療機関コード/mu.test(f), 'the code field');
    const typed = await tui.press('1310112341', (f) => /^› 医療機関コード\s+1310112341/mu.test(f), 'the code typed');
    expect(typed).not.toContain('計算上は');
    // Enter on the bad code says why and stays on it, saving nothing; from then on it is checked as it is typed.
    const wrong = await tui.press(keys.enter, (f) => f.includes('計算上は 2'), 'the check digit error');
    expect(wrong.split('\n').join('')).toContain(CHECK_DIGIT);
    expect(wrong).toMatch(/^› 医療機関コード\s+1310112341/mu);
    await tui.press(keys.backspace, (f) => /^› 医療機関コード\s+131011234(?!1)/mu.test(f), 'the code one digit shorter');
    expect(existsSync(h.file)).toBe(false);
    expect(await h.port.load()).toBeNull();

    const right = await tui.press('2', (f) => /^› 医療機関コード\s+1310112342/mu.test(f), 'the fixed code');
    expect(right).not.toContain('計算上は');
    expect(existsSync(h.file)).toBe(false);

    // Enter through 回線事業者, エリア, 接続方式 (defaults) and 端末 (prefilled): the profile is saved.
    await tui.press('\r', (f) => /^› 回線事業者/mu.test(f), 'the carrier field');
    const dashboard = await tui.press('\r\r\r\r', (f) => f.includes('共通') && f.includes('施設情報を保存しました。'), 'the dashboard');
    expect(dashboard.split('\n')[0]).toMatch(/^テスト診療所 /u);
    expect(existsSync(h.file)).toBe(true);
    expect(storedEvents(h)).toEqual([
      expect.objectContaining({
        type: 'profile-created',
        profile: { name: 'テスト診療所', code: '1310112342', carrier: 'ntt', area: 'east', connection: 'ipv6-ipvpn', terminals: [{ name: '端末1', roles: ['claims', 'oqs'] }] },
      }),
    ]);
  });

  it('refuses a carrier that cannot serve the connection type, and saves nothing', async () => {
    const h = makeHarness();
    const tui = renderTui(h.port, null);
    await tui.waitFor((f) => /^› 医療機関名/mu.test(f), 'the wizard');
    await tui.press('テスト診療所\r1310112342\r', (f) => /^› 回線事業者/mu.test(f), 'the carrier field');
    await tui.press('\u001B[C', (f) => f.includes('中部テレコミュニケーション（CTC）'), 'CTC chosen');
    // IPv6 IP-VPN stays the connection type: CTC offers IPv4 only.
    const problem = h.port.t('profile.ipv4Carrier', { carrier: 'ctc' });
    const refused = await tui.press('\r\r\r\r', (f) => f.split('\n').join('').includes(problem), 'the cross-field problem');
    expect(refused).toMatch(/^› 端末/mu);
    expect(refused).not.toContain('施設情報を保存しました');
    expect(existsSync(h.file)).toBe(false);
  });

  it('says in the wizard why the profile could not be saved, and keeps what was typed', async () => {
    const h = makeHarness();
    // The save itself fails (another seikyu holds the data, the disk is full…): the port rejects with one sentence.
    const port = { ...h.port, init: () => Promise.reject(new Error('保存できませんでした。')) };
    const tui = renderTui(port, null);
    await tui.waitFor((f) => /^› 医療機関名/mu.test(f), 'the wizard');
    await tui.press('テスト診療所\r1310112342\r', (f) => /^› 回線事業者/mu.test(f), 'the carrier field');
    const failed = await tui.press('\r\r\r\r', (f) => f.includes('保存できませんでした。'), 'the save error');
    expect(failed).toMatch(/^› 端末/mu);
    expect(failed).toContain('テスト診療所');
    expect(failed).not.toContain('施設情報を保存しました');
    expect(existsSync(h.file)).toBe(false);
  });
});

describe('the NTT area in the wizard', () => {
  const OSAKA = ((body: string) => body + String(medicalCodeCheckDigit(body)))('271011234');

  it('follows the 医療機関コード as it is typed (Osaka: West), and is saved so', async () => {
    const h = makeHarness();
    const tui = renderTui(h.port, null);
    await tui.waitFor((f) => /^› 医療機関名/mu.test(f), 'the wizard');
    const typed = await tui.press(`テスト診療所\r${OSAKA}`, (f) => new RegExp(`^› 医療機関コード\\s+${OSAKA}`, 'mu').test(f), 'the code typed');
    expect(typed).toMatch(/^ {2}NTT のエリア\s+‹ 西日本 ›/mu);
    await tui.press('\r\r\r\r\r', (f) => f.includes('施設情報を保存しました。'), 'the profile saved');
    expect(storedEvents(h)).toEqual([expect.objectContaining({ profile: expect.objectContaining({ code: OSAKA, area: 'west' }) })]);
  });

  it('refuses an area that contradicts the code, with the reason, and saves nothing', async () => {
    const h = makeHarness();
    const tui = renderTui(h.port, null);
    await tui.waitFor((f) => /^› 医療機関名/mu.test(f), 'the wizard');
    await tui.press(`テスト診療所\r${OSAKA}\r\r`, (f) => /^› NTT のエリア\s+‹ 西日本 ›/mu.test(f), 'the area field');
    await tui.press('\u001B[C', (f) => /^› NTT のエリア\s+‹ 東日本 ›/mu.test(f), 'East chosen by hand');
    const reason = h.port.t('profile.areaMismatchWest', { prefecture: '27', prefectureJa: '大阪府', prefectureEn: 'Osaka' });
    await tui.press('\r\r\r', (f) => f.split('\n').join('').includes(reason), 'the contradiction refused');
    expect(existsSync(h.file)).toBe(false);
  });
});
