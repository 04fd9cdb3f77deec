import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/cli/app.js';
import { describe as describeError } from '../../src/cli/errors.js';
import { SeikyuError } from '../../src/i18n/errors.js';
import { translator } from '../../src/i18n/index.js';
import { decide } from '../../src/machine/authority.js';
import type { NewEvent } from '../../src/machine/events.js';
import { makeProfile } from '../helpers/scenario.js';

/**
 * The authority judges every append, whatever produced the event: events the statechart does not accept,
 * handed straight to the store's append (as a check or an import would), are refused with their reason and
 * nothing is saved.
 */

let dir: string;
let now: string;

function app(): App {
  const stream = () => new PassThrough() as unknown as NodeJS.WriteStream;
  const io = { stdin: new PassThrough() as unknown as NodeJS.ReadStream, stdout: stream(), stderr: stream(), env: { SEIKYU_PASSPHRASE: 'authority-test' } };
  return new App(io, 'ja', { now: () => new Date(`${now}T12:00:00`) }, { dataDir: dir, operator: '事務長', command: 'test' });
}

function event(type: NewEvent['type'], step: string | null, terminal: string | null, extra: Partial<NewEvent> = {}): NewEvent {
  return { type, step, terminal, inputs: {}, occurredAt: now, recordedAt: `${now}T12:00:00+09:00`, operator: '事務長', ...extra };
}

async function record(e: NewEvent, secrets: Record<string, string> = {}): Promise<void> {
  await app().append(() => e, secrets);
}

/** Appends straight to the store and returns the refusal's code and sentence; the file must not change. */
async function refused(e: NewEvent, secrets: Record<string, string> = {}): Promise<{ exit: number; sentence: string }> {
  const file = path.join(dir, 'seikyu.json');
  const before = readFileSync(file);
  const error = await app()
    .append(() => e, secrets)
    .then(() => null, (err: unknown) => err);
  expect(error, `${e.type} ${e.step} was saved`).toBeInstanceOf(SeikyuError);
  expect(readFileSync(file).equals(before)).toBe(true);
  const [exit, sentence] = describeError(error, translator('ja'));
  return { exit, sentence };
}

describe('the authority over every append', () => {
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'seikyu-authority-'));
    now = '2026-11-02';
    await record(event('profile-created', 'facility-profile', null, { profile: makeProfile() }));
    await record(event('step-done', 'portal-account', null, { inputs: { email: 'a@b.jp' } }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a step whose needs are not done, naming the root cause', async () => {
    const { exit, sentence } = await refused(event('step-done', 'client-cert', '端末1', { note: 'x' }));
    expect(exit).toBe(4);
    expect(sentence).toContain('まだ実施できません');
  });

  it('refuses a step already done, a skipped step, a milestone and the profile step', async () => {
    expect((await refused(event('step-done', 'portal-account', null, { inputs: { email: 'a@b.jp' } }))).sentence).toContain('完了済み');
    expect((await refused(event('step-done', 'pppoe', '端末1', { note: 'x' }))).sentence).toContain('不要');
    expect((await refused(event('step-done', 'oqs-ready', '端末1'))).sentence).toContain('自動的に完了');
    expect((await refused(event('step-done', 'facility-profile', null))).exit).toBe(4);
  });

  it('refuses a failed check of a step that is not a check, and of a check whose needs are not met', async () => {
    expect((await refused(event('check-failed', 'portal-account', null, { detail: 'x' }))).exit).toBe(4);
    expect((await refused(event('check-failed', 'client-cert', '端末1', { detail: 'x' }))).sentence).toContain('まだ実施できません');
  });

  it('refuses unknown steps and terminals, and a terminal on a facility step', async () => {
    expect((await refused(event('step-done', 'no-such-step', null))).exit).toBe(2);
    expect((await refused(event('step-done', 'cert-application', '端末9'))).exit).toBe(3);
    expect((await refused(event('step-done', 'line-contract', '端末1', { inputs: { customerId: 'CAF1234567890' } }))).exit).toBe(2);
  });

  it('refuses a check step confirmed by hand without a note, and an input that does not fit', async () => {
    expect((await refused(event('step-done', 'setup-manual', null, { inputs: { folder: '/tmp' } }))).sentence).toContain('--note');
    expect((await refused(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF12' } }))).exit).toBe(3);
    expect((await refused(event('step-done', 'line-contract', null))).exit).toBe(3);
    expect((await refused(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890', color: 'red' } }))).exit).toBe(3);
  });

  it('never saves a secret in plain text, even when a producer hands one over unencrypted', async () => {
    await record(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' } }));
    await record(event('step-done', 'oqs-application', null));
    await record(event('step-done', 'cert-application', '端末1'));
    const { exit } = await refused(event('step-done', 'cert-letter', '端末1', { inputs: { requestId: 'R1', referenceId: 'PLAIN-SECRET' } }));
    expect(exit).toBe(3);
    expect(readFileSync(path.join(dir, 'seikyu.json'), 'utf8')).not.toContain('PLAIN-SECRET');
    // The same value handed over as a secret is encrypted and accepted.
    await record(event('step-done', 'cert-letter', '端末1', { inputs: { requestId: 'R1' } }), { referenceId: 'PLAIN-SECRET' });
    expect(readFileSync(path.join(dir, 'seikyu.json'), 'utf8')).not.toContain('PLAIN-SECRET');
  });

  it('refuses control characters in any text an event carries, naming the field', async () => {
    const esc = '\u001b]0;pwned\u0007';
    expect((await refused(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' }, note: `x${esc}` }))).sentence).toContain('note');
    expect((await refused(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' }, operator: `a\u001b[2J` }))).sentence).toContain('operator');
    const profile = makeProfile({ name: `クリニック${esc}` });
    expect((await refused(event('profile-changed', 'facility-profile', null, { profile, change: 'fields:name' }))).sentence).toContain('name');
  });

  it('judges every date, given or defaulted: with the clock set back, "today" cannot be before a need was done', async () => {
    await record(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' }, occurredAt: '2026-11-02' }));
    now = '2026-10-20';
    const { exit, sentence } = await refused(event('step-done', 'oqs-application', null));
    expect(exit).toBe(3);
    expect(sentence).toContain('前提');
  });

  it('refuses a date in the future and an expectation in the past', async () => {
    expect((await refused(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' }, occurredAt: '2026-12-01' }))).exit).toBe(3);
    await record(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' } }));
    await record(event('step-done', 'oqs-application', null));
    expect((await refused(event('expected', 'master-account', null, { by: '2026-11-01' }))).exit).toBe(3);
    expect((await refused(event('expected', 'portal-account', null, { by: '2026-12-01' }))).exit).toBe(4);
  });

  it('refuses an undo of an unknown record, of an undo, and of a step a later one stands on', async () => {
    expect((await refused(event('undone', null, null, { target: 99 }))).exit).toBe(3);
    await record(event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' } }));
    await record(event('step-done', 'oqs-application', null));
    expect((await refused(event('undone', null, null, { target: 3 }))).sentence).toContain('#3');
    await record(event('undone', 'oqs-application', null, { target: 4 }));
    expect((await refused(event('undone', null, null, { target: 5 }))).exit).toBe(4);
  });

  it('refuses a second registration and a profile that is not valid', async () => {
    expect((await refused(event('profile-created', 'facility-profile', null, { profile: makeProfile() }))).exit).toBe(5);
    expect((await refused(event('profile-changed', 'facility-profile', null, { profile: makeProfile({ code: '0110113710' }), change: 'fields:code' }))).exit).toBe(3);
    expect((await refused(event('profile-changed', 'facility-profile', null, { profile: makeProfile(), change: 'fields:name' }))).exit).toBe(3);
  });

  it('accepts what the chart accepts, and decide says so without saving anything', async () => {
    const loaded = await app().load();
    const ground = { procedure: app().procedure, onboarding: loaded.onboarding, events: loaded.doc.events, today: now };
    expect(decide(ground, event('step-done', 'line-contract', null, { inputs: { customerId: 'CAF1234567890' } }))).toEqual({ ok: true });
    expect(decide(ground, event('step-done', 'oqs-application', null))).toMatchObject({ ok: false, refusal: { code: 'blocked', key: 'oqs-application' } });
  });
});
