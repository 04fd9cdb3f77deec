import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, label, makeDownloads, procedureData, removeTempDirs, requireBuild, type CliResult, type HistoryEventJson, type RunOptions, type StatusJson } from '../helpers/cli.js';

/**
 * One clinic, one PC (端末1, both roles, NTT East, IPv6 IP-VPN), driven through the whole procedure by the
 * compiled program over about six weeks: the order a clinic would really follow, dates back-dated with
 * --at, the clock moved forward with SEIKYU_NOW.
 */

const T = '端末1';
const PASSPHRASE = 'tsukuba-clinic-2026';
const SECRETS = {
  masterPassword: 'Mstr#Pw-5521q',
  referenceId: 'REF-9f3c-7781-kk',
  initialPassword: 'Init!Pw-0426z',
  certPassword: '7351',
};
const withPassphrase = (input: string): RunOptions => ({ input, env: { SEIKYU_PASSPHRASE: PASSPHRASE } });


/**
 * A second clinic whose letter came on 4/6 (notice dated 4/4). Set up in the background from the start,
 * while the main walkthrough runs (each call costs a process start).
 */
async function setUpDeadlineClinic(): Promise<Cli> {
  const cli = Cli.fresh('2026-04-01');
  await cli.ok(['init', '--name', '期限テスト医院', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn']);
  await cli.ok(['done', 'portal-account', 'email=a@example.jp']);
  await cli.ok(['done', 'line-contract', 'customerId=CAF0000000001']);
  await cli.ok(['done', 'claims-notice']);
  await cli.ok(['done', 'cert-application']);
  await cli.ok(['done', 'cert-letter', 'requestId=R1', 'issuedOn=2026-04-04', '--at', '2026-04-06'], {
    now: '2026-04-06',
    input: 'referenceId=ref-1\n',
    env: { SEIKYU_PASSPHRASE: PASSPHRASE },
  });
  return cli;
}
let deadlineFixture: Promise<Cli>;

// Each call starts a process (~250 ms, several times that on a busy machine).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

beforeAll(() => {
  requireBuild();
  deadlineFixture = setUpDeadlineClinic();
  // Reported by the tests that use it; not an unhandled rejection meanwhile.
  deadlineFixture.catch(() => {});
});

const facilityIds = new Set(procedureData.steps.filter((s) => s.scope === 'facility').map((s) => s.id));

describe('onboarding of one clinic, start to finish, through the compiled program', () => {
  let cli: Cli;
  let files: ReturnType<typeof makeDownloads>;
  /** Every output the program printed, to look for secrets at the end. */
  const printed: string[] = [];
  const done = async (args: string[], options: RunOptions = {}): Promise<CliResult> => {
    const result = await cli.ok(['done', ...args], options);
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const next = (options: RunOptions = {}) => cli.next(options);
  const status = (options: RunOptions = {}): Promise<StatusJson> => cli.status(options);
  const find = (s: StatusJson, id: string, terminal: string | null = null) => s.steps.find((v) => v.id === id && v.terminal === terminal)!;

  beforeAll(() => {
    cli = Cli.fresh('2026-04-01');
    files = makeDownloads();
  });

  it('week 1 (4/1): registers the facility; status --json has its stable fields', async () => {
    const init = await cli.ok(['init', '--name', 'つくば内科クリニック', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn']);
    expect(init.stdout).toContain('つくば内科クリニック');
    expect(init.stdout).toContain(cli.file);

    const [s, n] = await Promise.all([status(), next()]);
    expect(s.facility).toEqual({
      name: 'つくば内科クリニック',
      code: '0110113719',
      carrier: 'ntt',
      area: 'east',
      connection: 'ipv6-ipvpn',
      terminals: [{ name: T, roles: ['claims', 'oqs'] }],
    });
    expect(s.today).toBe('2026-04-01');
    // 35 step instances for one PC with both roles; pppoe does not apply to IPv6.
    expect(s.steps).toHaveLength(37);
    expect(s.progress).toEqual({ done: 1, total: 33 });
    for (const step of s.steps) {
      expect(Object.keys(step)).toEqual(
        expect.arrayContaining(['id', 'terminal', 'title', 'status', 'reason', 'blockedBy', 'rootCauses', 'since', 'expectedBy', 'deadline']),
      );
      expect(step.terminal, step.id).toBe(facilityIds.has(step.id) ? null : T);
      expect(typeof step.title).toBe('string');
      expect(step.title).not.toBe('');
      expect(['done', 'ready', 'blocked', 'waiting', 'overdue', 'failed', 'skipped']).toContain(step.status);
      expect(typeof step.reason).toBe('string');
      expect(Array.isArray(step.blockedBy)).toBe(true);
      expect(Array.isArray(step.rootCauses)).toBe(true);
      for (const field of ['since', 'expectedBy', 'deadline'] as const) {
        expect(step[field] === null || /^\d{4}-\d{2}-\d{2}$/.test(step[field]!), `${step.id}.${field}`).toBe(true);
      }
      if (step.status === 'blocked') expect(step.blockedBy.length, step.id).toBeGreaterThan(0);
      else expect(step.blockedBy, step.id).toEqual([]);
    }
    expect(find(s, 'facility-profile')).toMatchObject({ status: 'done', since: '2026-04-01' });
    expect(find(s, 'pppoe', T)).toMatchObject({ status: 'skipped', blockedBy: [], rootCauses: [] });
    expect(find(s, 'oqs-application')).toMatchObject({
      status: 'blocked',
      blockedBy: [
        { id: 'portal-account', terminal: null, status: 'ready' },
        { id: 'line-contract', terminal: null, status: 'ready' },
      ],
    });
    // cert-application needs the portal account and either use application.
    expect(find(s, 'cert-application', T).blockedBy).toEqual([
      { id: 'portal-account', terminal: null, status: 'ready' },
      { anyOf: [expect.objectContaining({ id: 'oqs-application' }), expect.objectContaining({ id: 'claims-notice' })] },
    ]);

    expect(n.progress).toEqual({ done: 1, total: 33 });
    expect(n.chase).toEqual([]);
    expect(n.waiting).toEqual([]);
    expect(n.ready.map(label)).toEqual(['portal-account', 'line-contract', 'setup-manual', 'ons-application', 'reader-order', 'reader-software', `net-config@${T}`]);
  });

  it('week 1: records the portal account, the line contract and the network settings', async () => {
    await done(['portal-account', 'email=uketsuke@tsukuba-naika.example.jp', '--at', '2026-03-30']);
    const line = await done(['line-contract', 'customerId=CAF0246813579', '--at', '2026-03-31']);
    // What the record opened up.
    expect(line.stdout).toContain('oqs-application');
    expect(line.stdout).toContain('claims-notice');
    await done(['net-config', '--terminal', T, '--note', 'DNS 2404:1a8:f583:d00::53:1 / ::53:2 とプロキシを手で確認']);

    const s = await status();
    expect(find(s, 'portal-account')).toMatchObject({ status: 'done', since: '2026-03-30' });
    expect(find(s, 'line-contract')).toMatchObject({ status: 'done', since: '2026-03-31' });
    expect(find(s, 'net-config', T)).toMatchObject({ status: 'done', since: '2026-04-01' });
    expect(find(s, 'oqs-application')).toMatchObject({ status: 'ready', since: '2026-04-01' });
    expect(s.progress).toEqual({ done: 4, total: 33 });
  });

  it('week 2 (4/6): applications filed; cert-letter waits from the day cert-application was done', async () => {
    cli.now = '2026-04-06';
    await done(['oqs-application', '--at', '2026-04-02']);
    await done(['claims-notice', '--at', '2026-04-02']);
    const cert = await done(['cert-application', '--at', '2026-04-03']);
    expect(cert.stdout).toContain('cert-letter');
    await done(['ons-application', '--at', '2026-04-03']);
    await done(['reader-order', 'count=1', 'model=Caora 顔認証付きカードリーダー', '--at', '2026-04-03']);
    await done(['reader-software', `folder=${files.reader}`, '--note', 'マニュアル7冊とソフトを確認', '--at', '2026-04-04']);

    const [sameDayStatus, s, n] = await Promise.all([status({ now: '2026-04-03' }), status(), next()]);
    // On the day of the application itself the letter is already awaited.
    const sameDay = find(sameDayStatus, 'cert-letter', T);
    // Seven business days from Friday 4/3 (mail is counted in business days): Tuesday 4/14.
    expect(sameDay).toMatchObject({ status: 'waiting', since: '2026-04-03', expectedBy: '2026-04-14', blockedBy: [] });
    expect(sameDay.reason).toContain('経過0日');

    const letter = find(s, 'cert-letter', T);
    expect(letter).toMatchObject({ status: 'waiting', since: '2026-04-03', expectedBy: '2026-04-14', deadline: null });
    expect(letter.reason).toContain('3〜7営業日');
    // The monthly cycle: filed by the 20th → the settings letter by the 15th of the next month.
    expect(find(s, 'claims-settings')).toMatchObject({ status: 'waiting', since: '2026-04-02', expectedBy: '2026-05-15' });
    expect(find(s, 'line-registration')).toMatchObject({ status: 'waiting', since: '2026-04-02', expectedBy: '2026-04-12' });

    // client-cert is held up by the registered letter: it is named as a root cause, waits first.
    const client = find(s, 'client-cert', T);
    expect(client.status).toBe('blocked');
    expect(client.blockedBy.map((b) => ('id' in b ? label(b) : 'anyOf'))).toEqual([`cert-letter@${T}`, `closed-network@${T}`, `root-ca@${T}`]);
    expect(client.rootCauses[0]).toMatchObject({ id: 'cert-letter', terminal: T, status: 'waiting' });
    expect(client.rootCauses[0]!.reason).toContain('簡易書留');
    expect(client.reason).toContain('簡易書留');

    expect(n.chase).toEqual([]);
    expect(n.waiting.map(label).sort()).toEqual(['cert-letter@端末1', 'claims-settings', 'line-registration', 'master-account', 'ons-approval', 'reader-delivery'].sort());
    // Waits in the order they are expected.
    const by = n.waiting.map((w) => w.expectedBy!);
    expect([...by].sort()).toEqual(by);
    expect(n.ready.map(label)).toEqual(['setup-manual']);
  });

  it('week 3 (4/15): the letter is overdue; an expected date from the post office makes it wait again', async () => {
    cli.now = '2026-04-15';
    // The last day of the window still counts as waiting; the day after, it is overdue.
    const [lastDay, dayAfter, today, n0] = await Promise.all([status({ now: '2026-04-14' }), status({ now: '2026-04-15' }), status(), next()]);
    expect(find(lastDay, 'cert-letter', T).status).toBe('waiting');
    expect(find(dayAfter, 'cert-letter', T).status).toBe('overdue');

    const letter = find(today, 'cert-letter', T);
    expect(letter).toMatchObject({ status: 'overdue', since: '2026-04-03', expectedBy: '2026-04-14' });
    expect(letter.reason).toMatch(/\d{4}-\d{3,4}-\d{4}/); // says whom to call
    expect(n0.chase.map(label)).toContain(`cert-letter@${T}`);

    const expectResult = await cli.ok(['expect', 'cert-letter', '--by', '2026-04-17', '--note', '郵便局に確認: 4/17 までに配達']);
    printed.push(expectResult.stdout);
    expect(expectResult.stdout).toContain('2026-04-17');
    const [afterExpect, n] = await Promise.all([status(), next()]);
    const again = find(afterExpect, 'cert-letter', T);
    expect(again).toMatchObject({ status: 'waiting', since: '2026-04-03', expectedBy: '2026-04-17' });
    expect(n.chase.map(label)).not.toContain(`cert-letter@${T}`);
    expect(n.waiting.map(label)).toContain(`cert-letter@${T}`);

    // The other waits ended during the week: recorded with the day they really ended.
    await done(['ons-approval', 'onsId=tsukuba-naika@example.jp', '--at', '2026-04-07']);
    await done(['master-account', 'accountId=ABC02468', '--at', '2026-04-09'], withPassphrase(`password=${SECRETS.masterPassword}\n`));
    await done(['line-registration', '--at', '2026-04-10', '--note', 'NTT から登録完了の電話']);
    await done(['line-auth', '--note', 'www.lineauth.mnw で認証成功']);
    await done(['closed-network', '--note', 'www.cert.download.rece に接続できた']);

    const s = await status();
    for (const id of ['ons-approval', 'master-account', 'line-registration']) expect(find(s, id).status, id).toBe('done');
    expect(find(s, 'closed-network', T)).toMatchObject({ status: 'done', since: '2026-04-15' });
    expect(find(s, 'ons-apps')).toMatchObject({ status: 'ready', since: '2026-04-07' });
  });

  it('week 3 (4/16): the letter arrives; the certificate is downloaded before its deadline', async () => {
    cli.now = '2026-04-16';
    await done(['cert-letter', 'requestId=R0123456789', 'issuedOn=2026-04-13', '--at', '2026-04-15'], withPassphrase(`referenceId=${SECRETS.referenceId}\n`));
    let s = await status();
    expect(find(s, 'cert-letter', T)).toMatchObject({ status: 'done', since: '2026-04-15' });
    // 180 days from the date printed on the notice.
    expect(find(s, 'client-cert', T)).toMatchObject({ status: 'blocked', deadline: '2026-10-10' });
    expect(find(s, 'client-cert', T).rootCauses.map(label)).toEqual(['setup-manual']);

    await done(['setup-manual', `folder=${files.manual}`, '--note', '支払基金のホームページからダウンロード、crt と Top.html を確認']);
    await done(['root-ca', '--note', 'certmgr.msc で拇印を確認']);
    await done(['ons-apps', `folder=${files.ons}`, '--note', 'zip 4つを展開できた']);
    s = await status();
    const client = find(s, 'client-cert', T);
    expect(client).toMatchObject({ status: 'ready', deadline: '2026-10-10' });
    expect(client.reason).toContain('期限');

    const installed = await done(['client-cert', `file=${files.cert}`, 'notAfter=2029-07-15', '--note', 'PKCS#12 を個人ストアにインストール'], withPassphrase(`password=${SECRETS.certPassword}\n`));
    expect(installed.stdout).toContain('claims-setup');
    const [n, afterCert] = await Promise.all([next(), status()]);
    expect(find(afterCert, 'client-cert', T)).toMatchObject({ status: 'done', deadline: null });
    expect(n.ready.map(label)).toEqual(expect.arrayContaining([`mpki-client@${T}`, `claims-setup@${T}`, `oqs-login@${T}`]));
    expect(n.waiting.map(label).sort()).toEqual(['claims-settings', 'reader-delivery']);

    await done(['mpki-client']);
    await done(['claims-setup', '--terminal', T]);
    await done(['oqs-login']);
    await done(['oqs-accounts', '--confirmed']);
    await done(['oqs-apps']);
    s = await status();
    expect(find(s, 'oqs-apps', T).status).toBe('done');
    // What is left waits for the post and the card reader.
    expect(find(s, 'claims-login', T).rootCauses.map(label)).toEqual(['claims-settings']);
    expect(find(s, 'oqs-test', T).rootCauses.map(label)).toEqual(['reader-delivery']);
  });

  it('week 7 (5/14): the settings letter and the card reader arrive; both systems are ready', async () => {
    cli.now = '2026-05-14';
    await done(['claims-settings', '--at', '2026-05-13'], withPassphrase(`initialPassword=${SECRETS.initialPassword}\n`));
    await done(['reader-delivery', '--at', '2026-05-11']);
    const login = await done(['claims-login']);
    expect(login.stdout).toContain('オンライン請求 準備完了［端末1］');
    await done(['claims-test', '--note', '確認試験は正常終了']);
    await done(['reader-setup', '--confirmed']);
    await done(['reader-detected', '--note', 'PC/SC のリーダーが一覧に表示され、カードの ATR を読めた']);
    const test = await done(['oqs-test']);
    expect(test.stdout).toContain('オンライン資格確認 準備完了［端末1］');

    const [s, n, nextText] = await Promise.all([status(), next(), cli.ok(['next'])]);
    expect(find(s, 'claims-ready', T)).toMatchObject({ status: 'done', since: '2026-05-14' });
    expect(find(s, 'oqs-ready', T)).toMatchObject({ status: 'done', since: '2026-05-14' });
    expect(s.progress.done).toBe(s.progress.total);
    expect(s.progress).toEqual({ done: 33, total: 33 });
    expect(s.steps.filter((v) => v.status === 'blocked')).toEqual([]);
    // What is left: a step the profile skips, and the optional subsidy claim.
    expect(s.steps.filter((v) => v.status !== 'done').map(label)).toEqual([`pppoe@${T}`, 'reader-subsidy']);

    expect(n).toMatchObject({ chase: [], ready: [], waiting: [], progress: { done: 33, total: 33 } });
    // Both milestones done: next says so plainly and turns to what follows (renewals, claim windows).
    expect(nextText.stdout).toContain('準備完了: オンライン請求・オンライン資格確認の準備はすべて完了しています。');
    expect(nextText.stdout).toContain('これからの予定');
  });

  it('the history keeps every record in order, with dates as they happened and secrets by name only', async () => {
    const { events } = await cli.json<{ events: HistoryEventJson[] }>(['history', '--json']);
    const stepEvents = events.filter((e) => e.type === 'step-done');
    // 34 steps done: facility-profile by init, the two milestones by themselves, 31 by `done`.
    expect(stepEvents).toHaveLength(31);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ type: 'profile-created', step: 'facility-profile', occurredAt: '2026-04-01', operator: 'テスト担当' });
    expect(events.find((e) => e.type === 'expected')).toMatchObject({ step: 'cert-letter', terminal: T, by: '2026-04-17', occurredAt: '2026-04-15' });
    const byStep = (id: string) => stepEvents.find((e) => e.step === id)!;
    expect(byStep('portal-account')).toMatchObject({ occurredAt: '2026-03-30', inputs: { email: 'uketsuke@tsukuba-naika.example.jp' }, secretInputs: [] });
    expect(byStep('line-contract').inputs).toEqual({ customerId: 'CAF0246813579' });
    expect(byStep('master-account')).toMatchObject({ inputs: { accountId: 'ABC02468' }, secretInputs: ['password'] });
    expect(byStep('ons-approval').inputs).toEqual({ onsId: 'tsukuba-naika@example.jp' });
    expect(byStep('reader-order').inputs).toEqual({ count: '1', model: 'Caora 顔認証付きカードリーダー' });
    expect(byStep('cert-letter')).toMatchObject({ terminal: T, occurredAt: '2026-04-15', inputs: { requestId: 'R0123456789', issuedOn: '2026-04-13' }, secretInputs: ['referenceId'] });
    expect(byStep('claims-settings')).toMatchObject({ inputs: {}, secretInputs: ['initialPassword'] });
    expect(byStep('client-cert')).toMatchObject({ inputs: { file: files.cert }, secretInputs: ['password'], note: 'PKCS#12 を個人ストアにインストール' });
    expect(byStep('setup-manual').inputs).toEqual({ folder: files.manual });
    expect(byStep('ons-apps').inputs).toEqual({ folder: files.ons });
    expect(byStep('reader-software').inputs).toEqual({ folder: files.reader });
    // Check steps confirmed by hand carry their note.
    for (const id of ['net-config', 'line-auth', 'closed-network', 'root-ca', 'reader-detected']) expect(byStep(id).note, id).toBeTruthy();

    const text = (await cli.ok(['history'])).stdout;
    expect(text).toContain('referenceId=＊＊＊');
    expect(text).toContain('requestId=R0123456789');
  });

  it('neither the passphrase nor any secret value is ever saved in clear or printed', async () => {
    const [statusText, statusJson, historyText, historyJson] = await Promise.all(
      [['status'], ['status', '--json'], ['history'], ['history', '--json']].map(async (args) => (await cli.ok(args)).stdout),
    );
    const outputs = {
      'seikyu.json': readFileSync(cli.file, 'utf8'),
      'seikyu.json.bak': readFileSync(cli.backup, 'utf8'),
      status: statusText!,
      'status --json': statusJson!,
      history: historyText!,
      'history --json': historyJson!,
      'done/expect outputs': printed.join('\n'),
    };
    // The document really holds the encrypted values (so the check below is not vacuous).
    expect(outputs['seikyu.json']).toContain('R0123456789');
    expect(outputs['seikyu.json']).toContain('"referenceId"');
    for (const [where, text] of Object.entries(outputs)) {
      for (const secret of [PASSPHRASE, ...Object.values(SECRETS)]) {
        expect(text.includes(secret), `${where} must not contain ${secret}`).toBe(false);
      }
    }
  });
});

describe('the certificate download deadline', () => {
  let cli: Cli;
  beforeAll(async () => {
    cli = await deadlineFixture;
  });

  it('counts 180 days from the date on the notice', async () => {
    const client = await cli.step('client-cert', T, { now: '2026-04-06' });
    expect(client.deadline).toBe('2026-10-01');
    expect(client.reason).toContain('あと178日');
  });

  // BUG (src/machine/selectors.ts reason()): once the deadline has passed, the reason still reads
  // "（期限 10/1、あと-14日）" — a negative count of days left — instead of saying the deadline is past.
  it('says the deadline has passed instead of counting negative days', async () => {
    const client = await cli.step('client-cert', T, { now: '2026-10-15' });
    expect(client.deadline).toBe('2026-10-01');
    expect(client.reason).not.toMatch(/あと-\d+日/);
    expect(client.reason).toContain('10/1 を14日過ぎています');
  });

  it('puts a deadline within its warning period first in next, and not before', async () => {
    const early = await cli.json<{ deadlines: { id: string }[] }>(['next', '--json'], { now: '2026-07-01' });
    expect(early.deadlines.map((s) => s.id)).toEqual([]);
    const near = await cli.json<{ deadlines: { id: string; deadline: string }[] }>(['next', '--json'], { now: '2026-08-15' });
    expect(near.deadlines).toEqual([expect.objectContaining({ id: 'client-cert', deadline: '2026-10-01' })]);
  });
});
