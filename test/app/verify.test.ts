import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify, type CheckRegistry } from '../../src/app/checks.js';
import { App } from '../../src/cli/app.js';
import { runCheck } from '../../src/cli/commands/check.js';
import { runDone } from '../../src/cli/commands/done.js';
import { runStatus } from '../../src/cli/commands/status.js';
import { describe as describeError } from '../../src/cli/errors.js';
import type { Check, CheckResult } from '../../src/effects/checks/types.js';
import { result } from '../../src/effects/checks/types.js';
import { SeikyuError } from '../../src/i18n/errors.js';
import { translator } from '../../src/i18n/index.js';
import type { NewEvent } from '../../src/machine/events.js';
import { makeProfile } from '../helpers/scenario.js';
import { stepsBefore } from '../helpers/drive.js';

/**
 * Check results enter the log through the one authority: a passed check completes its step as verified
 * (distinct from confirmed by hand), a failed one is recorded with what it saw, a check that cannot run here
 * records nothing, and a result for a step that is not open is shown but not recorded. Fake checks stand in
 * for the real ones (tested on their own in test/effects/checks).
 */

let dir: string;
const now = '2026-11-30';
let outcomes: Map<string, () => CheckResult>;
let runs: string[];

function fake(step: string, needsInputs: string[] = []): Check {
  return {
    step,
    timeoutMs: 2000,
    needsInputs,
    run: async (request) => {
      runs.push(`${step}${request.terminal ? '@' + request.terminal : ''} ${JSON.stringify(request.inputs)}`);
      const outcome = outcomes.get(step);
      if (!outcome) throw new Error(`no outcome set for ${step}`);
      return outcome();
    },
  };
}

const registry: CheckRegistry = async () =>
  new Map(['setup-manual', 'net-config', 'reader-software', 'root-ca', 'closed-network', 'client-cert', 'line-auth', 'reader-detected'].map((s) => [s, fake(s, s === 'client-cert' ? ['file', 'password'] : s.includes('software') || s === 'setup-manual' ? ['folder'] : [])]));

function makeApp(stdin = '') {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const io = {
    stdin: PassThrough.from([Buffer.from(stdin)]) as unknown as NodeJS.ReadStream,
    stdout: out as unknown as NodeJS.WriteStream,
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    env: { SEIKYU_PASSPHRASE: 'verify-test-passphrase' },
  };
  const app = new App(io, 'ja', { now: () => new Date(`${now}T12:00:00+09:00`) }, { dataDir: dir, operator: '事務長', command: 'test', checks: registry });
  return { app, output: () => Buffer.concat(chunks).toString('utf8') };
}

async function record(e: Partial<NewEvent> & Pick<NewEvent, 'type' | 'step' | 'terminal'>): Promise<void> {
  await makeApp().app.append(() => ({ inputs: {}, occurredAt: now, recordedAt: `${now}T12:00:00+09:00`, operator: '事務長', ...e }));
}

async function status() {
  const { app, output } = makeApp();
  await runStatus(app, ['--json']);
  return JSON.parse(output()) as { steps: { id: string; terminal: string | null; status: string; reason: string; verification?: unknown; failure?: unknown; deadline: string | null }[] };
}

async function step(id: string, terminal: string | null = null) {
  return (await status()).steps.find((s) => s.id === id && s.terminal === terminal)!;
}

async function fails(work: Promise<unknown>): Promise<{ exit: number; sentence: string }> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SeikyuError);
  const [exit, sentence] = describeError(error, translator('ja'));
  return { exit, sentence };
}

const documentFile = () => path.join(dir, 'seikyu.json');

describe('check results through the authority', () => {
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'seikyu-verify-'));
    outcomes = new Map();
    runs = [];
    await record({ type: 'profile-created', step: 'facility-profile', terminal: null, profile: makeProfile() });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('completes a step as verified when its check passes, with the evidence and when in status --json', async () => {
    outcomes.set('net-config', () => result('passed', 'check.timeout', { dns: '2404:1a8:f583:d00::53:1' }, { facts: { proxyMode: 'on' } }));
    const { app } = makeApp();
    const loaded = await app.load();
    const instance = loaded.onboarding.plan.byKey.get('net-config@端末1')!;
    const v = await verify(app.service, app.checks, loaded, instance);
    expect(v.recorded?.event.type).toBe('check-passed');
    const view = await step('net-config', '端末1');
    expect(view.status).toBe('done');
    expect(view.verification).toEqual({ by: 'check', at: now, recordedAt: expect.stringMatching(/^2026-11-30T/), reason: 'check.timeout', evidence: { dns: '2404:1a8:f583:d00::53:1' }, facts: { proxyMode: 'on' } });
    expect(view.reason).toContain('プログラムが確認済み');
  });

  it('tells a step confirmed by hand from a verified one', async () => {
    await record({ type: 'step-done', step: 'net-config', terminal: '端末1', note: '別のパソコンで ipconfig を確認' });
    const view = await step('net-config', '端末1');
    expect(view.verification).toMatchObject({ by: 'hand', at: now, note: '別のパソコンで ipconfig を確認' });
    expect(view.reason).toContain('手で確認');
  });

  it('records a failed check with what it saw, and the step shows failed with the sentence', async () => {
    outcomes.set('net-config', () => result('failed', 'check.input-missing', { input: 'folder', step: 'net-config' }, { fix: 'check.input-missing.fix' }));
    const { app } = makeApp();
    const loaded = await app.load();
    const v = await verify(app.service, app.checks, loaded, loaded.onboarding.plan.byKey.get('net-config@端末1')!);
    expect(v.recorded?.event).toMatchObject({ type: 'check-failed', reason: 'check.input-missing', evidence: { input: 'folder', step: 'net-config' }, inputs: {} });
    const view = await step('net-config', '端末1');
    expect(view.status).toBe('failed');
    expect(view.reason).toContain('確認に必要な「folder」がまだ記録されていません');
    // The check's own advice, not a help desk's number.
    expect(view.reason).toContain('対処: seikyu done net-config で');
    expect(view.reason).not.toContain('問い合わせ');
    expect(view.failure).toMatchObject({ reason: 'check.input-missing', evidence: { input: 'folder' } });
  });

  it('does not record the same failure twice, but records a different one', async () => {
    let input = 'folder';
    outcomes.set('net-config', () => result('failed', 'check.input-missing', { input, step: 'net-config' }));
    const { app } = makeApp();
    const key = 'net-config@端末1';
    const first = await verify(app.service, app.checks, await app.load(), (await app.load()).onboarding.plan.byKey.get(key)!);
    expect(first.recorded).not.toBeNull();
    const again = await verify(app.service, app.checks, await app.load(), (await app.load()).onboarding.plan.byKey.get(key)!);
    expect(again.recorded).toBeNull();
    expect(again.notRecorded).toMatchObject({ key: 'check.note.sameFailure', params: { id: first.recorded!.event.id } });
    input = 'file';
    const other = await verify(app.service, app.checks, await app.load(), (await app.load()).onboarding.plan.byKey.get(key)!);
    expect(other.recorded?.event.evidence).toMatchObject({ input: 'file' });
  });

  it('records nothing when a check cannot run here', async () => {
    outcomes.set('net-config', () => result('cannot-run', 'check.other-platform', { platforms: 'Windows', platform: 'linux' }));
    const before = readFileSync(documentFile());
    const { app } = makeApp();
    const loaded = await app.load();
    const v = await verify(app.service, app.checks, loaded, loaded.onboarding.plan.byKey.get('net-config@端末1')!);
    expect(v.recorded).toBeNull();
    expect(readFileSync(documentFile()).equals(before)).toBe(true);
  });

  it('shows but does not record a result for a blocked step, saying why', async () => {
    outcomes.set('closed-network', () => result('passed', 'check.timeout', {}));
    const before = readFileSync(documentFile());
    const { app } = makeApp();
    const loaded = await app.load();
    const v = await verify(app.service, app.checks, loaded, loaded.onboarding.plan.byKey.get('closed-network@端末1')!);
    expect(v.result.outcome).toBe('passed');
    expect(v.recorded).toBeNull();
    expect(v.notRecorded?.key).toBe('err.blocked');
    expect(readFileSync(documentFile()).equals(before)).toBe(true);
  });

  it('refuses check-passed on a step without a check, and a by-hand done of a check step without a note', async () => {
    const { app } = makeApp();
    const base = { inputs: {}, occurredAt: now, recordedAt: `${now}T12:00:00+09:00`, operator: '事務長' };
    const notCheck = await fails(app.append(() => ({ ...base, type: 'check-passed', step: 'portal-account', terminal: null })));
    expect(notCheck.exit).toBe(4);
    const noNote = await fails(app.append(() => ({ ...base, type: 'step-done', step: 'net-config', terminal: '端末1' })));
    expect(noNote.sentence).toContain('--note');
  });

  it('turns the fact notAfter of a passed certificate check into the input that dates the renewal', async () => {
    // Drive the facility to client-cert: its needs are recorded by hand (checked on another PC).
    const { app: a } = makeApp();
    for (const d of stepsBefore((await a.load()).onboarding, 'client-cert@端末1', { file: documentFile(), folder: dir }, now)) {
      await a.append(() => ({ type: 'step-done', step: d.step, terminal: d.terminal, inputs: d.plain, ...(d.note ? { note: d.note } : {}), occurredAt: now, recordedAt: `${now}T12:00:00+09:00`, operator: '事務長' }), d.secret);
    }
    outcomes.set('client-cert', () => result('passed', 'check.timeout', { file: '/tmp/good.p12', notAfter: '2029-03-01' }, { facts: { notAfter: '2029-03-01', fingerprint: 'AB:CD' } }));
    const { app, output } = makeApp('password=1234\n');
    await runDone(app, ['client-cert', 'file=' + documentFile()]);
    expect(output()).toContain('プログラムが確認済み');
    expect(runs.at(-1)).toContain('"password":"1234"');
    const doc = JSON.parse(readFileSync(documentFile(), 'utf8')) as { events: NewEvent[] };
    const passed = doc.events.at(-1)!;
    expect(passed).toMatchObject({ type: 'check-passed', step: 'client-cert', inputs: { notAfter: '2029-03-01', file: documentFile() }, facts: { notAfter: '2029-03-01' } });
    // The password is kept encrypted, never in plain text.
    expect(typeof passed.inputs.password).toBe('object');
    expect(readFileSync(documentFile(), 'utf8')).not.toContain('"1234"');
    const renewal = await step('cert-renewal', '端末1');
    expect(renewal.deadline).toBe('2029-03-01');
  });

  it('done on a check step that fails records the failure and exits 4 with the fix', async () => {
    outcomes.set('setup-manual', () => result('failed', 'check.input-missing', { input: 'folder', step: 'setup-manual' }, { fix: 'check.input-missing.fix' }));
    const { app, output } = makeApp();
    const { exit, sentence } = await fails(runDone(app, ['setup-manual', `folder=${dir}`]));
    expect(exit).toBe(4);
    expect(sentence).toContain('完了にはしていません');
    expect(output()).toMatch(/^\[✗\] /m);
    expect(output()).toContain('対処: seikyu done setup-manual で「Online_Setup_Manual のフォルダ」を指定すると');
    expect((await step('setup-manual')).status).toBe('failed');
  });

  it('seikyu check runs what can run now, leaves blocked steps out with why, and exits 4 on a failure', async () => {
    outcomes.set('net-config', () => result('failed', 'check.other-platform', { platforms: 'Windows', platform: 'linux' }));
    outcomes.set('setup-manual', () => result('cannot-run', 'check.timeout', { seconds: '5' }, { fix: 'check.timeout.fix' }));
    outcomes.set('reader-software', () => result('passed', 'check.timeout', { folder: '/x' }));
    const before = readFileSync(documentFile());
    const { app, output } = makeApp();
    const { exit } = await fails(runCheck(app, []));
    expect(exit).toBe(4);
    const text = output();
    expect(text).toMatch(/^\[✗\] IPv6 DNS とプロキシの設定［端末1］ — /m);
    // A run over every check records only what passed: an exploratory run does not turn steps not yet done into failures.
    expect(text).toContain('まとめての確認では、合格だけを記録します。失敗として記録するには seikyu check net-config');
    expect(readFileSync(documentFile()).equals(before)).toBe(true);
    // A folder not recorded yet: nothing to look at, said how to give it.
    expect(text).toMatch(/^\[-\] Online_Setup_Manual の入手 — 確認に使う「Online_Setup_Manual のフォルダ」がまだ記録されていません。seikyu done setup-manual/m);
    expect(text).toMatch(/^\[-\] 閉域網への接続確認［端末1］ — まだ確認しません（前提待ち: /m);
    expect(text).toContain('1件の確認で問題が見つかりました');
    // Blocked steps and steps without their input were not run.
    expect(runs.some((r) => r.startsWith('closed-network') || r.startsWith('setup-manual'))).toBe(false);
    // Named, the failure is recorded.
    const named = makeApp();
    expect((await fails(runCheck(named.app, ['net-config', 'net-config']))).exit).toBe(4);
    expect(named.output().match(/^\[✗\]/gm)).toHaveLength(1);
    expect(named.output()).toContain('確認の失敗として記録しました');
    expect((await step('net-config', '端末1')).status).toBe('failed');
  });

  it('seikyu check on a step done by hand leaves it alone unless named; on a done step, the record stands', async () => {
    const { app: a } = makeApp();
    await a.append(() => ({ type: 'step-done', step: 'net-config', terminal: '端末1', inputs: {}, note: '別のパソコンで確認', occurredAt: now, recordedAt: `${now}T12:00:00+09:00`, operator: '事務長' }));
    outcomes.set('net-config', () => result('failed', 'check.other-platform', { platforms: 'Windows', platform: 'linux' }));
    const bare = makeApp();
    await runCheck(bare.app, []).catch(() => undefined);
    expect(bare.output()).toMatch(/^\[-\] IPv6 DNS とプロキシの設定［端末1］ — 手で確認済み/m);
    const named = makeApp();
    expect((await fails(runCheck(named.app, ['net-config']))).exit).toBe(4);
    expect(named.output()).toContain('完了の記録（#');
    expect(named.output()).not.toContain('undo');
    expect((await step('net-config', '端末1')).status).toBe('done');
  });

  it('says nothing was checked when every check that ran could not run here', async () => {
    outcomes.set('net-config', () => result('cannot-run', 'check.other-platform', { platforms: 'Windows', platform: 'linux' }));
    outcomes.set('reader-software', () => result('cannot-run', 'check.other-platform', { platforms: 'Windows', platform: 'linux' }));
    const { app, output } = makeApp();
    await runCheck(app, []);
    expect(output()).toContain('確認できたものはありません（ここでは確認できないもの 1件）');
    expect(output()).not.toContain('問題は見つかりませんでした');
  });

  it('seikyu check --json gives each result with its outcome, sentence, evidence and whether it was recorded', async () => {
    outcomes.set('net-config', () => result('passed', 'check.timeout', { dns: 'x' }, { facts: { dns: 'x' } }));
    const { app, output } = makeApp();
    await runCheck(app, ['--json']);
    const json = JSON.parse(output()) as { results: { step: string; outcome: string; recorded: number | null; message: string }[]; summary: Record<string, number> };
    const net = json.results.find((r) => r.step === 'net-config')!;
    expect(net.outcome).toBe('passed');
    expect(net.recorded).toEqual(expect.any(Number));
    expect(json.summary).toMatchObject({ passed: 1, failed: 0, cannotRun: 0, notRun: json.results.length - 1 });
    // Results first, in the order they ran, then what was left out, with the same fields.
    expect(json.results[0]!.step).toBe('net-config');
    const left = json.results.find((r) => r.step === 'closed-network')!;
    expect(left).toMatchObject({ outcome: 'not-run', code: 'blocked', recorded: null, evidence: {} });
    expect(json.results.find((r) => r.step === 'setup-manual')).toMatchObject({ outcome: 'not-run', code: 'needs-input' });
  });
});
