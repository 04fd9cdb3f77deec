import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { selectorFor } from '../../src/ui/view-model.js';
import { clinicProfile, keys, makeHarness, openRecordForm, removeHarnessDirs, renderTui, rowOf, rowParts, seedLetterAwaited, storedEvents, T1, TODAY, unmountAll } from '../helpers/ui.js';

afterEach(unmountAll);
afterAll(removeHarnessDirs);

const REQUEST_ID = 'R0246813579';
const REFERENCE_ID = 'REF-9f3c-7781-kk';
const PASSPHRASE = 'tsukuba-clinic-2026';

/** The line of a form field (focused `› ` or not). */
function fieldLine(frame: string, label: string): string | undefined {
  return frame.split('\n').find((l) => l.startsWith(`› ${label}`) || l.startsWith(`  ${label}`));
}

/** A clinic just registered, on the screen with the form of line-contract (お客さまID) open. */
async function lineContractForm() {
  const h = makeHarness();
  await h.port.init(clinicProfile());
  const state = (await h.port.load())!;
  const before = h.raw();
  const tui = renderTui(h.port, state);
  await openRecordForm(tui, h.port, state, 'line-contract');
  return { h, state, before, tui };
}

describe('the record form', () => {
  it('keeps what was typed on one Esc, and cancels on the second', async () => {
    const { h, before, tui } = await lineContractForm();
    await tui.press('CAF12', (f) => f.includes('CAF12'), 'the typed value');
    const warned = await tui.press(keys.esc, (f) => f.includes('もう一度 Esc'), 'the warning');
    expect(warned).toContain('CAF12');
    await tui.press(keys.esc, (f) => !f.includes('CAF12') && f.includes('(line-contract)'), 'the detail again');
    expect(h.raw()).toBe(before);
  });

  it('rejects a malformed お客さまID on Enter, saves nothing, and keeps checking it as it is corrected', async () => {
    const { h, state, before, tui } = await lineContractForm();

    const error = 'お客さまIDの形式が正しくありません。上の説明の形式で入力してください。';
    const typing = await tui.press('ABC', (f) => /^› お客さまID\s+ABC/mu.test(f), 'the typed value');
    expect(typing).not.toContain('お客さまIDの形式が正しくありません');
    const typed = await tui.press(keys.enter, (f) => f.includes('お客さまIDの形式が正しくありません'), 'the format error');
    expect(fieldLine(typed, 'お客さまID')).toMatch(/^› お客さまID\s+ABC/u);
    // The sentence names the field; the expected format is the hint just above it (both may wrap).
    const lines = typed.split('\n');
    const at = lines.findIndex((l) => l.startsWith('お客さまIDの形式'));
    expect(lines.slice(at, at + 3).join('')).toContain(error);
    expect(lines.slice(Math.max(0, at - 2), at).join('')).toContain('CAF＋数字10桁');

    // Enter again on the bad value: still the same field, same form. (Backspace after it shows Enter was handled.)
    tui.stdin.write(keys.enter);
    const after = await tui.press(keys.backspace, (f) => /^› お客さまID\s+AB(?!C)/mu.test(f), 'the value without its last letter');
    expect(after).toContain('光回線（フレッツ）と v6 オプションの契約 を記録する');
    expect(after).toContain('お客さまIDの形式が正しくありません');
    expect(after).not.toContain('保存しました');
    expect(h.raw()).toBe(before);
    expect((await h.port.load())!.events).toHaveLength(state.events.length);
  });

  it('does not call a value wrong while it is still being typed (regression: an error after 9 of 10 digits), and does once the field is left', async () => {
    const { tui } = await lineContractForm();

    for (const part of ['CAF', '123', '456', '789']) {
      const frame = await tui.press(part, (f) => fieldLine(f, 'お客さまID')?.includes(part) === true, `"${part}" typed`);
      expect(frame).not.toContain('お客さまIDの形式が正しくありません');
    }
    // Moving down to the next field is finishing with this one: back on it, its problem is said.
    await tui.press(keys.down, (f) => /^ {2}お客さまID\s+CAF123456789/mu.test(f), 'the next field focused');
    const back = await tui.press(keys.up, (f) => f.includes('お客さまIDの形式が正しくありません'), 'the format error once back');
    expect(fieldLine(back, 'お客さまID')).toMatch(/^› お客さまID\s+CAF123456789/u);
  });

  it('saves a well-formed お客さまID once it is corrected', async () => {
    const { h, state, tui } = await lineContractForm();

    await tui.press('CAF12\r', (f) => f.includes('お客さまIDの形式が正しくありません'), 'the format error');
    await tui.press('34567890', (f) => !f.includes('お客さまIDの形式が正しくありません'), 'the error gone');
    // Enter to the date (today, prefilled), Enter to the note, Enter to save.
    await tui.press('\r\r\r', (f) => f.includes('保存しました: 光回線（フレッツ）と v6 オプションの契約'), 'the saved message');
    const events = (await h.port.load())!.events;
    expect(events).toHaveLength(state.events.length + 1);
    expect(events.at(-1)).toMatchObject({ type: 'step-done', step: 'line-contract', occurredAt: '2026-11-24', inputs: { customerId: 'CAF1234567890' } });
  });

  it('recording the 簡易書留 moves client-cert’s reason on to the next unmet need; secrets never reach the file', async () => {
    const h = makeHarness();
    await seedLetterAwaited(h);
    const state = (await h.port.load())!;
    const clientCert = selectorFor(h.port, state).view(`client-cert@${T1}`);
    const tui = renderTui(h.port, state, { rows: 60 });
    const first = await tui.waitFor((f) => rowOf(f, clientCert.short) !== undefined, 'the client-cert row');
    expect(rowParts(rowOf(first, clientCert.short)!, clientCert.short).reason).toMatch(/^簡易書留（電子証明書取得に関する情報）待ち/u);

    await openRecordForm(tui, h.port, state, `cert-letter@${T1}`);
    await tui.press(`${REQUEST_ID}\r`, (f) => /^› リファレンスID/mu.test(f), 'the reference ID field');
    // The mask has a fixed width: it shows that something was typed, never how long it is.
    await tui.press(REFERENCE_ID, (f) => /^› リファレンスID\s+•{8}(?!•)/mu.test(f), 'the masked reference ID');
    // Enter past the reference ID, the optional issue date, the date and the note: the form saves, and
    // the first secret asks for a new passphrase.
    const asked = await tui.press('\r\r\r\r', (f) => f.includes('パスフレーズを決めてください'), 'the passphrase screen');
    expect(asked).toMatch(/^› パスフレーズ/mu);
    expect(h.raw()).not.toContain(REQUEST_ID);

    await tui.press(`${PASSPHRASE}\r`, (f) => /^› もう一度/mu.test(f), 'the repeat field');
    // A different repeat is refused and saves nothing…
    await tui.press('tsukuba-clinic-2027\r', (f) => f.includes('2回入力したパスフレーズが一致しません'), 'the mismatch');
    expect(h.raw()).not.toContain(REQUEST_ID);
    // …and corrected, the record is saved.
    // Erasing the last character does not change the fixed mask: the save shows it took effect.
    await tui.press(`${keys.backspace}6\r`, (f) => f.includes('保存しました: 「電子証明書取得に関する情報」（簡易書留）の受領［端末1］'), 'the saved message');

    const after = (await h.port.load())!;
    const next = selectorFor(h.port, after).view(`client-cert@${T1}`);
    expect(next.status).toBe('blocked');
    expect(next.reason).not.toContain('簡易書留');
    expect(next.reason).toMatch(/^回線事業者による回線登録の完了待ち/u);

    const dashboard = await tui.press(keys.esc, (f) => f.includes('共通'), 'the dashboard');
    const row = rowParts(rowOf(dashboard, clientCert.short)!, clientCert.short);
    expect(row.reason).not.toContain('簡易書留');
    expect(next.reason.startsWith(row.reason)).toBe(true);
    expect(rowOf(dashboard, selectorFor(h.port, after).view(`cert-letter@${T1}`).short)).toMatch(/^[› ]✓ .*11\/24 完了/u);

    const file = h.raw();
    expect(file).toContain(REQUEST_ID);
    expect(file).not.toContain(REFERENCE_ID);
    expect(file).not.toContain(PASSPHRASE);
    expect(storedEvents(h)).toHaveLength(state.events.length + 1);
    // Nor did any frame show them.
    const everything = tui.stdout.frames.join('\n');
    expect(everything).not.toContain(REFERENCE_ID);
    expect(everything).not.toContain(PASSPHRASE);
  });
});

describe('the passphrase asked by a later run', () => {
  // A wrong passphrase makes the program ask again, with why, over the record form that is still open (its
  // values kept); the sentence must show and nothing be saved until the right one is typed.
  it('says so when the passphrase is wrong, and saves nothing', async () => {
    const first = makeHarness({ env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
    await seedLetterAwaited(first);
    await first.port.done({ key: 'oqs-application', values: {}, at: TODAY });
    await first.port.done({ key: `cert-letter@${T1}`, values: { requestId: REQUEST_ID, referenceId: REFERENCE_ID }, at: TODAY });
    // A later run of the program on the same data: the secrets exist, the passphrase is asked.
    const h = makeHarness({ dir: first.dir });
    const state = (await h.port.load())!;
    const before = h.raw();
    const tui = renderTui(h.port, state);
    await openRecordForm(tui, h.port, state, 'master-account');
    await tui.press('master01\r', (f) => /^› マスタアカウントのパスワード/mu.test(f), 'the password field');
    await tui.press('Mstr#Pw-5521q\r\r\r', (f) => f.includes('パスフレーズを入力してください'), 'the passphrase screen');

    tui.stdin.write('wrong-passphrase\r');
    await tui.waitFor((f) => f.includes('パスフレーズが違います。') && f.includes('パスフレーズを入力してください'), 'the passphrase asked again, with why', 2000);
    expect(h.raw()).toBe(before);

    // The right one, typed next, goes to the passphrase screen (not into a field of the form) and saves.
    tui.stdin.write(`${PASSPHRASE}\r`);
    await tui.waitFor((f) => f.includes('保存しました'), 'the save', 5000);
    const saved = storedEvents(h).at(-1) as { step: string; note?: string };
    expect(saved).toMatchObject({ step: 'master-account', inputs: { accountId: 'master01' } });
    expect(saved.note).toBeUndefined();
    expect(h.raw()).not.toContain(PASSPHRASE);
    expect(h.raw()).not.toContain('wrong-passphrase');
  });
});
