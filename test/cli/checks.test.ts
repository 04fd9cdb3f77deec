import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProcedure } from '../../src/effects/procedure-loader.js';
import type { StoredEvent } from '../../src/machine/events.js';
import { replay } from '../../src/machine/replay.js';
import { makeTestPki, type TestPki } from '../helpers/certs.js';
import { Cli, removeTempDirs, requireBuild } from '../helpers/cli.js';
import { stepsBefore } from '../helpers/drive.js';
import { makeSetupManual, removeTempDirs as removeFolders } from '../helpers/folders.js';

/**
 * The checks end to end, through the compiled program as a user runs it: the real setup-manual and client-cert
 * checks on certificates made with openssl during the run, and `seikyu check` on this PC as it is.
 */

const PASS = { SEIKYU_PASSPHRASE: 'checks-e2e-passphrase' };
let pki: TestPki;
/** The day the program believes it is: after the test certificates were made (they are valid from now). */
let today: string;

function dayAfter(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A facility brought to client-cert: setup-manual verified by its check, every other need recorded by hand. */
async function facilityAtClientCert(): Promise<Cli> {
  const cli = Cli.fresh(today);
  await cli.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
  const manual = makeSetupManual(pki.root.pem);
  const setup = await cli.run(['done', 'setup-manual', `folder=${manual.folder}`]);
  expect(setup.code, setup.stderr).toBe(0);
  expect(setup.stdout).toContain('プログラムが確認済み');
  const events = (JSON.parse(readFileSync(cli.file, 'utf8')) as { events: StoredEvent[] }).events;
  const onboarding = replay(loadProcedure(), events)!;
  for (const step of stepsBefore(onboarding, 'client-cert@端末1', { file: pki.p12.good, folder: manual.folder }, today)) {
    if (step.step === 'setup-manual') continue;
    const args = ['done', step.step, ...(step.terminal ? ['--terminal', step.terminal] : []), ...Object.entries(step.plain).map(([k, v]) => `${k}=${v}`)];
    if (step.note) args.push('--note', step.note);
    const input = Object.entries(step.secret).map(([k, v]) => `${k}=${v}\n`).join('');
    await cli.ok(args, { input, env: PASS });
  }
  return cli;
}

describe('checks through the command line', () => {
  beforeAll(async () => {
    requireBuild();
    pki = await makeTestPki();
    today = dayAfter(1);
  }, 60_000);
  afterAll(() => {
    removeTempDirs();
    removeFolders();
  });

  it('done client-cert with the good p12 (password on stdin) is done, verified, its expiry recorded and the renewal dated from it', async () => {
    const cli = await facilityAtClientCert();
    const result = await cli.run(['done', 'client-cert', `file=${pki.p12.good}`], { input: `password=${pki.password}\n`, env: PASS });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\[✓\] 電子証明書のインストール［端末1］ — /m);
    expect(result.stdout).toContain(pki.goodNotAfterJapan);
    expect(result.stdout).toContain('プログラムが確認済み');
    const status = await cli.status();
    const cert = status.steps.find((s) => s.id === 'client-cert')! as unknown as { status: string; verification: { by: string; facts: Record<string, string> } };
    expect(cert.status).toBe('done');
    expect(cert.verification.by).toBe('check');
    expect(cert.verification.facts.notAfter).toBe(pki.goodNotAfterJapan);
    expect(status.steps.find((s) => s.id === 'cert-renewal')!.deadline).toBe(pki.goodNotAfterJapan);
    // The password is stored encrypted only.
    expect(readFileSync(cli.file, 'utf8')).not.toContain(`"${pki.password}"`);
    // Checked again, with the recorded password: it passes and the record stands.
    const before = readFileSync(cli.file);
    const again = await cli.run(['check', 'client-cert'], { env: PASS });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^\[✓\] 電子証明書のインストール［端末1］ — /m);
    expect(again.stdout).toContain('完了の記録（#');
    // A wrong passphrase is said as such (exit 7), not taken for a password never recorded.
    const wrong = await cli.run(['check', 'client-cert'], { env: { SEIKYU_PASSPHRASE: 'not-the-passphrase' } });
    expect(wrong.code).toBe(7);
    expect(wrong.stderr).toContain('パスフレーズ');
    // No passphrase to be had (no terminal): the check says it cannot read the password, and checks nothing.
    const none = await cli.run(['check', 'client-cert'], { env: { SEIKYU_PASSPHRASE: '' } });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/^\[!\] 電子証明書のインストール［端末1］ — 記録したパスワードは暗号化されていて/m);
    expect(readFileSync(cli.file).equals(before)).toBe(true);
  }, 120_000);

  it('a mistyped certificate password fails the done (exit 4) but is not recorded as a failure', async () => {
    const cli = await facilityAtClientCert();
    const before = readFileSync(cli.file);
    const result = await cli.run(['done', 'client-cert', `file=${pki.p12.good}`], { input: 'password=not-the-password\n', env: PASS });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('入力の誤りなので、失敗としては記録していません');
    expect(readFileSync(cli.file).equals(before)).toBe(true);
  }, 120_000);

  it("done client-cert with a stranger's p12 fails with that reason, is recorded as failed and exits 4", async () => {
    const cli = await facilityAtClientCert();
    const result = await cli.run(['done', 'client-cert', `file=${pki.p12.stranger}`], { input: `password=${pki.password}\n`, env: PASS });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/^\[✗\] /m);
    expect(result.stderr).toContain('完了にはしていません');
    const cert = (await cli.status()).steps.find((s) => s.id === 'client-cert')!;
    expect(cert.status).toBe('failed');
    expect(cert.reason).toContain('Stranger Root CA');
    // A wrong file is not kept as the step's input, and no password is recorded with a failure.
    const last = (JSON.parse(readFileSync(cli.file, 'utf8')) as { events: StoredEvent[] }).events.at(-1)!;
    expect(last).toMatchObject({ type: 'check-failed', step: 'client-cert', inputs: {} });
  }, 120_000);

  it('seikyu check on a fresh PC prints one line per check, blocked ones apart, and an exit code that matches', async () => {
    const cli = Cli.fresh(today);
    await cli.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
    const result = await cli.run(['check']);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('テスト診療所・端末1 の確認');
    const marks = lines.filter((l) => /^\[[✓✗!-]\] /.test(l));
    // Every check step that applies appears once: run, or left out with why.
    for (const title of ['Online_Setup_Manual の入手', 'IPv6 DNS とプロキシの設定［端末1］', '閉域網への接続確認［端末1］', '電子証明書のインストール［端末1］', 'カードリーダーの接続確認［端末1］']) {
      expect(marks.filter((l) => l.includes(`] ${title} — `)), title).toHaveLength(1);
    }
    expect(marks.find((l) => l.includes('閉域網への接続確認')!)).toMatch(/^\[-\] .*前提待ち/);
    // The folder checks are left out: no folder was given yet, and the line says how to give it.
    expect(marks.find((l) => l.includes('Online_Setup_Manual'))).toMatch(/^\[-\] .*seikyu done setup-manual/);
    const failed = marks.some((l) => l.startsWith('[✗]'));
    const passed = marks.some((l) => l.startsWith('[✓]'));
    expect(result.code).toBe(failed ? 4 : 0);
    expect(result.stdout).toMatch(failed ? /件の確認で問題が見つかりました/ : passed ? /問題は見つかりませんでした/ : /確認できたものはありません/);
    // An exploratory run records only what passed: a fresh PC's failures are not on record.
    const events = (JSON.parse(readFileSync(cli.file, 'utf8')) as { events: StoredEvent[] }).events;
    expect(events.filter((e) => e.type === 'check-failed')).toEqual([]);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  }, 120_000);

  it('seikyu check --json gives every result with its outcome', async () => {
    const cli = Cli.fresh(today);
    await cli.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
    const result = await cli.run(['check', '--json']);
    const json = JSON.parse(result.stdout) as { terminal: string; results: { step: string; outcome: string }[]; summary: { failed: number } };
    expect(json.terminal).toBe('端末1');
    expect(json.results.map((r) => r.step)).toEqual(expect.arrayContaining(['setup-manual', 'net-config', 'closed-network', 'client-cert']));
    for (const r of json.results) expect(['passed', 'failed', 'cannot-run', 'not-run']).toContain(r.outcome);
    expect(result.code).toBe(json.summary.failed > 0 ? 4 : 0);
  }, 120_000);

  it('a check step named that has no such step is refused with a suggestion, nothing saved', async () => {
    const cli = Cli.fresh(today);
    await cli.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
    const before = cli.snapshot();
    const result = await cli.run(['check', 'client-certs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('client-cert');
    expect(cli.snapshot()).toEqual(before);
    const notCheck = await cli.run(['check', 'portal-account']);
    expect(notCheck.code).toBe(2);
    expect(notCheck.stderr).toContain('確認がありません');
    void path;
  }, 60_000);
});
