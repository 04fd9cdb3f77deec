import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDownloads, removeTempDirs, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

/**
 * After onboarding: the claim window in status/next, "ready" said plainly, then what follows (renewals, the
 * next window); optional steps apart; the 確認試験 refused outside its window. One clinic driven to both
 * milestones in process (the clock pinned with SEIKYU_NOW, Japan time).
 */

const T = '端末1';
const PASS = 'after-onboarding-2026';
let home: string;
let files: { manual: string; ons: string; reader: string; cert: string };

async function seikyu(args: string[], now: string, stdin = '') {
  return runInProcess(args, { SEIKYU_HOME: home, SEIKYU_NOW: now, SEIKYU_PASSPHRASE: PASS, SEIKYU_OPERATOR: 'テスト' }, stdin);
}
async function ok(args: string[], now: string, stdin = '') {
  const r = await seikyu(args, now, stdin);
  if (r.code !== 0) throw new Error(`seikyu ${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return r;
}
async function json(args: string[], now: string) {
  return JSON.parse((await ok([...args, '--json'], now)).stdout) as Record<string, unknown> & { steps?: { id: string; status: string; deadline: string | null; reason: string }[] };
}

const makeFiles = makeDownloads;

beforeAll(async () => {
  home = tempDir();
  files = makeFiles();
  const d = '2026-11-02';
  await ok(['init', '--name', 'あと医院', '--code', '0110113719', '--area', 'east'], d);
  await ok(['done', 'portal-account', 'email=a@example.jp'], d);
  await ok(['done', 'line-contract', 'customerId=CAF0000000001'], d);
  await ok(['done', 'claims-notice'], d);
}, 60_000);
afterAll(removeTempDirs);

describe('claim window before claims-ready', () => {
  it('status --json and next --json give the first window the notice allows (filed 11/2 → 1/5–1/10), with its hours', async () => {
    const [status, next] = await Promise.all([json(['status'], '2026-11-03'), json(['next'], '2026-11-03')]);
    const expected = {
      from: '2027-01-05',
      to: '2027-01-10',
      first: true,
      hours: [
        { from: '2027-01-05', to: '2027-01-07', opens: '08:00', closes: '21:00' },
        { from: '2027-01-08', to: '2027-01-10', opens: '08:00', closes: '24:00' },
      ],
    };
    expect(status.claimWindow).toEqual(expected);
    expect(next.claimWindow).toEqual(expected);
    expect(status.onboarded).toBe(false);
  });

  it('next (text) shows it', async () => {
    const { stdout } = await ok(['next'], '2026-11-03');
    expect(stdout).toContain('最初の請求期間: 2027/1/5〜2027/1/10');
  });
});

describe('driven to both milestones', () => {
  beforeAll(async () => {
    const d = '2026-12-18';
    const run = (args: string[], stdin = '') => ok(args, d, stdin);
    await run(['done', 'net-config', '--note', '手で確認']);
    await run(['done', 'oqs-application', '--at', '2026-11-02']);
    await run(['done', 'cert-application', '--at', '2026-12-01']);
    await run(['done', 'ons-application']);
    await run(['done', 'reader-order', 'count=1', 'model=Caora']);
    await run(['done', 'reader-software', `folder=${files.reader}`, '--note', '確認']);
    await run(['done', 'setup-manual', `folder=${files.manual}`, '--note', '確認']);
    await run(['done', 'ons-approval', 'onsId=x@example.jp']);
    await run(['done', 'master-account', 'accountId=ABC02468'], 'password=Mstr#Pw-5521q\n');
    await run(['done', 'line-registration', '--note', '電話で完了']);
    await run(['done', 'line-auth', '--note', '認証成功']);
    await run(['done', 'closed-network', '--note', '接続できた']);
    await run(['done', 'cert-letter', 'requestId=R1', 'issuedOn=2026-12-10'], 'referenceId=REF-1\n');
    await run(['done', 'root-ca', '--note', '拇印を確認']);
    await run(['done', 'ons-apps', `folder=${files.ons}`, '--note', '展開できた']);
    await run(['done', 'client-cert', `file=${files.cert}`, 'notAfter=2030-03-09', '--note', '個人ストア'], 'password=7351\n');
    await run(['done', 'mpki-client']);
    await run(['done', 'claims-setup']);
    await run(['done', 'oqs-login']);
    await run(['done', 'oqs-accounts', '--confirmed']);
    await run(['done', 'oqs-apps']);
    await run(['done', 'claims-settings'], 'initialPassword=Init!Pw-0426z\n');
    await run(['done', 'reader-delivery']);
    await run(['done', 'claims-login']);
    await run(['done', 'reader-setup', '--confirmed']);
    await run(['done', 'reader-detected', '--note', 'リーダーを検出']);
    await run(['done', 'oqs-test']);
  }, 120_000);

  it('status and next say 準備完了; progress is whole without the optional steps', async () => {
    const [status, next, text, statusText] = await Promise.all([
      json(['status'], '2026-12-18'),
      json(['next'], '2026-12-18'),
      ok(['next'], '2026-12-18'),
      ok(['status'], '2026-12-18'),
    ]);
    expect(status.onboarded).toBe(true);
    const p = status.progress as { done: number; total: number };
    expect(p.done).toBe(p.total);
    expect(statusText.stdout).toContain('準備完了');
    expect(text.stdout).toContain('準備完了');
    // What follows: the next monthly window (not the first any more) and the certificate's renewal.
    expect(next.claimWindow).toMatchObject({ from: '2027-01-05', to: '2027-01-10', first: false });
    expect(text.stdout).toContain('次の請求期間: 2027/1/5〜2027/1/10');
    expect(text.stdout).toContain('cert-renewal');
    // Optional steps are listed apart, never under "can be done now".
    expect((next.ready as { id: string }[]).map((v) => v.id)).toEqual([]);
    expect((next.optional as { id: string }[]).map((v) => v.id).sort()).toEqual(['claims-test', 'reader-subsidy']);
    expect(text.stdout).toContain('任意の手順');
  });

  it('cert-renewal appears under deadlines with deadline = notAfter from 90 days before, saying the days left', async () => {
    const before = await json(['next'], '2029-12-08'); // 91 days before 2030-03-09
    expect((before.deadlines as unknown[]).length).toBe(0);
    const due = await json(['next'], '2029-12-09');
    expect(due.deadlines).toEqual([expect.objectContaining({ id: 'cert-renewal', terminal: T, deadline: '2030-03-09', reminder: 90 })]);
    expect((due.deadlines as { reason: string }[])[0]!.reason).toContain('あと90日');
  });

  it('the 確認試験 is refused outside 5th–end of month 8:00–21:00 (Japan time), saying when it opens', async () => {
    const early = await seikyu(['done', 'claims-test'], '2027-01-04T12:00:00+09:00');
    expect(early.code, early.stderr).toBe(4);
    expect(early.stderr).toContain('1/5 08:00');
    const late = await seikyu(['done', 'claims-test'], '2026-12-18T21:30:00+09:00');
    expect(late.code).toBe(4);
    expect(late.stderr).toContain('12/19 08:00');
    const inside = await seikyu(['done', 'claims-test'], '2026-12-18T20:59:00+09:00');
    expect(inside.code, inside.stderr).toBe(0);
  });
});
