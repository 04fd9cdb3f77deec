import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

/** Facts and words: the 180 days of the notice, needs that are all required, each kind of wait in its words. */

const T = '端末1';
const PASS = 'facts-passphrase-2026';
type Step = { id: string; terminal: string | null; status: string; reason: string; deadline: string | null; deadlineEstimate?: boolean; rootCauses: { id: string; reason: string }[] };

function clinic() {
  const home = tempDir();
  const run = async (args: string[], now = '2026-04-01', stdin = '') => {
    const r = await runInProcess(args, { SEIKYU_HOME: home, SEIKYU_NOW: now, SEIKYU_PASSPHRASE: PASS, SEIKYU_OPERATOR: 'テスト' }, stdin);
    if (r.code !== 0) throw new Error(`seikyu ${args.join(' ')} → ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const step = async (id: string, terminal: string | null = null, now = '2026-04-01', lang = 'ja') => {
    const steps = (JSON.parse(await run(['status', '--json', '--lang', lang], now)) as { steps: Step[] }).steps;
    return steps.find((s) => s.id === id && s.terminal === terminal)!;
  };
  return { run, step };
}

async function letterArrived(issuedOn: string | null) {
  const c = clinic();
  await c.run(['init', '--name', '期限医院', '--code', '0110113719', '--area', 'east']);
  await c.run(['done', 'portal-account', 'email=a@example.jp']);
  await c.run(['done', 'line-contract', 'customerId=CAF0000000001']);
  await c.run(['done', 'claims-notice']);
  await c.run(['done', 'cert-application', '--at', '2026-04-01']);
  // The notice is dated 4/3; the letter arrives on 4/8.
  await c.run(['done', 'cert-letter', 'requestId=R1', ...(issuedOn ? [`issuedOn=${issuedOn}`] : [])], '2026-04-08', 'referenceId=REF-1\n');
  return c;
}

afterAll(removeTempDirs);

describe('the certificate download deadline (180 days)', () => {
  it('with issuedOn: 180 days from the notice’s date, not an estimate', async () => {
    const c = await letterArrived('2026-04-03');
    const cert = await c.step('client-cert', T, '2026-04-08');
    expect(cert.deadline).toBe('2026-09-30');
    expect(cert.deadlineEstimate).toBeUndefined();
    expect(cert.reason).not.toContain('推定');
  });

  it('without issuedOn: 180 days from the application (never later than the real one), said to be an estimate', async () => {
    const c = await letterArrived(null);
    const cert = await c.step('client-cert', T, '2026-04-08');
    // Not 4/8 + 180 = 10/5, a day the notice does not allow.
    expect(cert.deadline).toBe('2026-09-28');
    expect(cert.deadlineEstimate).toBe(true);
    expect(cert.reason).toContain('推定');
    expect((await c.step('client-cert', T, '2026-04-08', 'en')).reason).toContain('estimated');
  });

  it('the hint of issuedOn says the arrival day is not the notice’s date', async () => {
    const c = clinic();
    await c.run(['init', '--name', '期限医院', '--code', '0110113719', '--area', 'east']);
    const show = await c.run(['show', 'cert-letter', '--terminal', T]);
    expect(show).toContain('届いた日ではありません');
  });
});

describe('root causes shared by both alternatives are all required', () => {
  it('line-registration right after init needs the portal account AND the line contract (no または)', async () => {
    const c = clinic();
    await c.run(['init', '--name', '回線医院', '--code', '0110113719', '--area', 'east']);
    const reg = await c.step('line-registration');
    expect(reg.status).toBe('blocked');
    expect(reg.reason).toContain('「ポータルのアカウント登録」が未完了');
    expect(reg.reason).toContain('光回線');
    expect(reg.reason).not.toContain('または');
    expect((await c.step('line-registration', null, '2026-04-01', 'en')).reason).not.toContain(' or ');
  });

  it('keeps "または" between real alternatives', async () => {
    const c = clinic();
    await c.run(['init', '--name', '回線医院', '--code', '0110113719', '--area', 'east']);
    await c.run(['done', 'portal-account', 'email=a@example.jp']);
    await c.run(['done', 'line-contract', 'customerId=CAF0000000001']);
    const reg = await c.step('line-registration');
    expect(reg.reason).toContain('または');
  });
});

describe('each kind of wait in its own words', () => {
  it('card readers are ordered and delivered, not applied for and arriving', async () => {
    const c = clinic();
    await c.run(['init', '--name', '待ち医院', '--code', '0110113719', '--area', 'east']);
    await c.run(['done', 'reader-order', 'count=1', 'model=Caora']);
    await c.run(['done', 'reader-software', `folder=${tempDir()}`, '--note', '確認']);
    const setup = await c.step('reader-setup', T, '2026-04-02');
    const delivery = setup.rootCauses.find((r) => r.id === 'reader-delivery')!;
    expect(delivery.reason).toContain('注文');
    expect(delivery.reason).toContain('納品');
    expect(delivery.reason).not.toMatch(/申請|到着/);
    const en = (await c.step('reader-setup', T, '2026-04-02', 'en')).rootCauses.find((r) => r.id === 'reader-delivery')!;
    expect(en.reason).toContain('ordered');
  });

  it('a line registration completes, an ONS account is approved, a download becomes available', async () => {
    const c = clinic();
    await c.run(['init', '--name', '待ち医院', '--code', '0110113719', '--area', 'east']);
    await c.run(['done', 'portal-account', 'email=a@example.jp']);
    await c.run(['done', 'line-contract', 'customerId=CAF0000000001']);
    await c.run(['done', 'oqs-application']);
    await c.run(['done', 'ons-application']);
    const causes = (await c.step('line-auth', T, '2026-04-02')).rootCauses;
    expect(causes.find((r) => r.id === 'line-registration')!.reason).toContain('完了見込み');
    const apps = (await c.step('ons-apps', null, '2026-04-02')).rootCauses;
    expect(apps.find((r) => r.id === 'ons-approval')!.reason).toContain('承認見込み');
    const login = (await c.step('oqs-login', T, '2026-04-02')).rootCauses;
    expect(login.find((r) => r.id === 'master-account')!.reason).toContain('公開見込み');
  });

  it('a letter is still a letter: requested, expected to arrive', async () => {
    const c = clinic();
    await c.run(['init', '--name', '待ち医院', '--code', '0110113719', '--area', 'east']);
    await c.run(['done', 'portal-account', 'email=a@example.jp']);
    await c.run(['done', 'line-contract', 'customerId=CAF0000000001']);
    await c.run(['done', 'claims-notice']);
    await c.run(['done', 'cert-application']);
    const cert = (await c.step('client-cert', T, '2026-04-02')).rootCauses.find((r) => r.id === 'cert-letter')!;
    expect(cert.reason).toContain('到着見込み');
  });
});
