import { afterAll, describe, expect, it } from 'vitest';
import { doneForm, doneRequest, expectForm, passphraseFields, typedPassphrase } from '../../src/ui/form-fields.js';
import { selectorFor } from '../../src/ui/view-model.js';
import { makeHarness, removeHarnessDirs, seedLetterAwaited, T1, TODAY } from '../helpers/ui.js';

afterAll(removeHarnessDirs);

/** The forms as data, without a screen. */

async function seeded() {
  const h = makeHarness();
  await seedLetterAwaited(h);
  const state = (await h.port.load())!;
  return { port: h.port, state, view: (key: string) => selectorFor(h.port, state).view(key) };
}

describe('the d form', () => {
  it('has a field per input (secrets masked), then the date (today) and an optional note', async () => {
    const { port, state, view } = await seeded();
    const form = doneForm(port, state, view(`cert-letter@${T1}`));
    expect(form.title).toBe(port.t('ui.form.recordTitle', { title: '「電子証明書取得に関する情報」（簡易書留）の受領［端末1］' }));
    expect(form.fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['input:requestId', 'text', true],
      ['input:referenceId', 'secret', true],
      ['input:issuedOn', 'text', false],
      ['at', 'text', true],
      ['note', 'text', false],
    ]);
    expect(form.fields.find((f) => f.key === 'at')!.initial).toBe(TODAY);
  });

  it('on a step with a check, asks no input and no note: empty, the program checks; a note records how it was checked by hand', async () => {
    const { port, state, view } = await seeded();
    const form = doneForm(port, state, view('setup-manual'));
    expect(form.fields.map((f) => [f.key, f.required])).toEqual([
      ['input:folder', false],
      ['at', true],
      ['note', false],
    ]);
    expect(form.fields.find((f) => f.key === 'note')).toMatchObject({ label: port.t('ui.check.noteLabel'), hint: port.t('ui.check.noteHint') });
    // A typed value is still checked as it is typed.
    expect(form.fields[0]!.validate!('/no/such/folder')).toBe(port.checkInput('setup-manual', 'folder', '/no/such/folder'));
    // Without a note the save runs the check (and says so meanwhile); with one it is a plain record.
    expect(form.submit({ 'input:folder': '', at: TODAY, note: '' }).busy).toBe(port.t('ui.check.runningForm'));
    expect(form.submit({ 'input:folder': '', at: TODAY, note: '支払基金のページで確認' })).toMatchObject({ saved: port.t('ui.saved.done', { title: view('setup-manual').title }) });
  });

  it('keeps a step without a check as it was: its required inputs required, a plain optional note', async () => {
    const { port, state, view } = await seeded();
    const form = doneForm(port, state, view('portal-account'));
    expect(form.fields.find((f) => f.key === 'input:email')!.required).toBe(true);
    expect(form.fields.find((f) => f.key === 'note')).toEqual({ key: 'note', label: port.t('ui.form.note'), kind: 'text', required: false });
    expect(form.submit({ 'input:email': 'a@example.jp', at: TODAY, note: '' }).busy).toBeUndefined();
  });

  it('refuses a date in the future or not a date, and checks inputs as the command line does', async () => {
    const { port, state, view } = await seeded();
    const fields = doneForm(port, state, view(`cert-letter@${T1}`)).fields;
    const at = fields.find((f) => f.key === 'at')!;
    expect(at.validate!('2026-11-25')).toBe(port.t('err.date.future', { value: '2026-11-25' }));
    expect(at.validate!('11/24')).toBe(port.t('err.date.format', { value: '11/24' }));
    expect(at.validate!(` ${TODAY} `)).toBeNull();
    const requestId = fields.find((f) => f.key === 'input:requestId')!;
    expect(requestId.validate!('R0246813579')).toBe(port.checkInput('cert-letter', 'requestId', 'R0246813579'));
  });

  it('sends the typed inputs, leaving out the empty ones and an empty note', () => {
    expect(doneRequest('cert-letter@端末1', { 'input:requestId': 'R1', 'input:issuedOn': ' ', 'confirm:0': 'yes', at: ` ${TODAY} `, note: '  ' })).toEqual({
      key: 'cert-letter@端末1',
      at: TODAY,
      values: { requestId: 'R1' },
    });
    expect(doneRequest('net-config@端末1', { at: TODAY, note: ' nslookup で確認 ' }).note).toBe('nslookup で確認');
  });
});

describe('the e form', () => {
  it('takes one date, in the future too', async () => {
    const { port, view } = await seeded();
    const form = expectForm(port, view('line-registration'));
    expect(form.fields.map((f) => f.key)).toEqual(['by']);
    expect(form.fields[0]!.validate!('2026-12-10')).toBeNull();
    expect(form.fields[0]!.validate!('12/10')).toBe(port.t('err.date.format', { value: '12/10' }));
    expect(form.submit({ by: ' 2026-12-10 ' }).saved).toContain('2026-12-10');
  });
});

describe('the passphrase form', () => {
  const t = makeHarness().port.t;

  it('asks a new passphrase twice, at least 8 characters', () => {
    const fields = passphraseFields(t, true);
    expect(fields.map((f) => f.key)).toEqual(['passphrase', 'repeat']);
    expect(fields[0]!.validate!('short')).toBe(t('err.secret.tooShort'));
    expect(typedPassphrase(true, { passphrase: 'long-enough', repeat: 'long-enough' })).toBe('long-enough');
    expect(typedPassphrase(true, { passphrase: 'long-enough', repeat: 'long-enougH' })).toBeNull();
  });

  it('asks an existing passphrase once, whatever its length', () => {
    const fields = passphraseFields(t, false);
    expect(fields.map((f) => f.key)).toEqual(['passphrase']);
    expect(fields[0]!.validate!('short')).toBeNull();
    expect(typedPassphrase(false, { passphrase: 'short' })).toBe('short');
  });
});
