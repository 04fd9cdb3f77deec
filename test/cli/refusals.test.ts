import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, removeTempDirs, requireBuild, tempDir, type RunOptions } from '../helpers/cli.js';

/**
 * Every refusal of the compiled program: one line on stderr starting with `seikyu: `, no stack trace, the
 * documented exit code (2 usage, 3 input, 4 refused by the procedure, 5 not initialized / already,
 * 6 store unavailable, 7 passphrase), and the saved document left byte for byte as it was
 * (`Cli.refuse` checks all of that and returns the message).
 */

const USAGE = 2;
const INPUT = 3;
const REFUSED = 4;
const STATE = 5;
const STORE = 6;
const SECRET = 7;

const PASS = 'first-passphrase-1';
const pass = (input = '', passphrase = PASS): RunOptions => ({ input, env: { SEIKYU_PASSPHRASE: passphrase } });
const INIT = ['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn'];

/** The 検証番号 of a 医療機関コード for 埼玉・千葉・東京・神奈川: Luhn over 郡市区 + 医療機関番号 (6 digits). */
function shortBodyCheckDigit(code9: string): number {
  const body = code9.slice(3, 9);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    const product = i % 2 === 0 ? digit * 2 : digit;
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}
/** The same, with the 9-digit body used everywhere else: wrong for Tokyo. */
function longBodyCheckDigit(code9: string): number {
  let sum = 0;
  for (let i = 0; i < code9.length; i++) {
    const digit = Number(code9[code9.length - 1 - i]);
    const product = i % 2 === 0 ? digit * 2 : digit;
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}
const TOKYO_BODY = '131012345';
const TOKYO_CODE = TOKYO_BODY + shortBodyCheckDigit(TOKYO_BODY);
const TOKYO_CODE_9_DIGIT_RULE = TOKYO_BODY + longBodyCheckDigit(TOKYO_BODY);

// Each call starts a process (~250 ms, several times that on a busy machine).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

beforeAll(() => requireBuild());

describe.concurrent('before anything is registered', () => {
  let empty: Cli;
  beforeAll(() => {
    empty = Cli.fresh('2026-04-01');
  });

  it('status, done and profile say to run init first (exit 5), creating nothing', async () => {
    expect(await empty.refuse(['status'], STATE)).toContain('seikyu init');
    await empty.refuse(['done', 'portal-account', 'email=a@example.jp'], STATE);
    await empty.refuse(['profile', 'add-terminal', '受付:oqs'], STATE);
    expect(empty.snapshot()).toEqual({ doc: null, bak: null });
  });

  it('refuses a 医療機関コード whose check digit is wrong, naming the expected digit', async () => {
    const message = await empty.refuse([...INIT.slice(0, 3), '--code', '0110113718', ...INIT.slice(5)], INPUT);
    expect(message).toContain('0110113718');
    expect(message).toContain('9');
    expect(message).toContain('検証番号');
    await empty.refuse(['init', '--name', 'x', '--code', '011011371', '--area', 'east', '--connection', 'ipv6-ipvpn'], INPUT);
  });

  it('checks a Tokyo code with the 6-digit rule: the 9-digit rule\'s digit is refused, the right one accepted', async () => {
    expect(TOKYO_CODE).not.toBe(TOKYO_CODE_9_DIGIT_RULE);
    const message = await empty.refuse(['init', '--name', '東京クリニック', '--code', TOKYO_CODE_9_DIGIT_RULE, '--area', 'east', '--connection', 'ipv6-ipvpn'], INPUT);
    expect(message).toContain(`計算上は ${TOKYO_CODE.at(-1)}`);
    const tokyo = Cli.fresh('2026-04-01');
    expect((await tokyo.ok(['init', '--name', '東京クリニック', '--code', TOKYO_CODE, '--area', 'east', '--connection', 'ipv6-ipvpn'])).stdout).toContain('東京クリニック');
    expect(JSON.parse(readFileSync(tokyo.file, 'utf8')).profile.code).toBe(TOKYO_CODE);
  });

  it('refuses NTT + ipv4-ipvpn with an oqs terminal, saying why', async () => {
    const message = await empty.refuse(['init', '--name', 'x', '--code', '0110113719', '--area', 'east', '--connection', 'ipv4-ipvpn'], INPUT);
    expect(message).toContain('ipv6-ipvpn');
    await empty.refuse(['init', '--name', 'x', '--code', '0110113719', '--area', 'east', '--connection', 'ipv4-ipvpn', '--terminal', '受付:oqs', '--terminal', '事務:claims'], INPUT);
  });

  it('refuses other malformed profiles', async () => {
    // The area follows from the code (01 北海道: East); a contradicting --area is refused with the reason.
    expect(await empty.refuse(['init', '--name', 'x', '--code', '0110113719', '--area', 'west'], INPUT)).toContain('北海道');
    expect(await empty.refuse(['init', '--name', 'x', '--code', '0110113719', '--area', 'east', '--connection', 'isdn'], USAGE)).toContain('isdn');
    // Roles cannot be asked off a terminal.
    await empty.refuse(['init', '--name', 'x', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn', '--terminal', '受付'], USAGE);
    expect(await empty.refuse(['init', '--name', 'x', '--code', '0110113719', '--carrier', 'ctc', '--connection', 'ipv6-ipvpn'], INPUT)).toContain('ipv4-ipvpn');
  });
});

describe.concurrent('on a facility just registered', () => {
  let cli: Cli;
  beforeAll(async () => {
    cli = Cli.fresh('2026-04-01');
    await cli.ok(INIT);
  });

  it('init twice: exit 5, naming the facility already there', async () => {
    expect(await cli.refuse(INIT, STATE)).toContain('テスト診療所');
  });

  it('a malformed input names the field and the expected format', async () => {
    const customer = await cli.refuse(['done', 'line-contract', 'customerId=ABC'], INPUT);
    expect(customer).toContain('customerId');
    expect(customer).toContain('お客さまID');
    expect(customer).toContain('CAF');
    const email = await cli.refuse(['done', 'portal-account', 'email=uketsuke.example.jp'], INPUT);
    expect(email).toContain('email');
    expect(email).toContain('uketsuke@example.jp');
    expect(await cli.refuse(['done', 'reader-order', 'count=0', 'model=x'], INPUT)).toContain('count');
  });

  it('an unknown input key lists the step\'s inputs; a step without inputs takes none', async () => {
    const unknown = await cli.refuse(['done', 'portal-account', 'mail=a@example.jp'], INPUT);
    expect(unknown).toContain('mail');
    expect(unknown).toContain('email');
    expect(await cli.refuse(['done', 'ons-application', 'id=1'], INPUT)).toContain('id');
    expect(await cli.refuse(['done', 'portal-account', 'a@example.jp'], USAGE)).toContain('a@example.jp');
  });

  it('an unknown step suggests a near miss', async () => {
    const near = await cli.refuse(['done', 'cert-leter'], USAGE);
    expect(near).toContain('cert-leter');
    expect(near).toContain('「cert-letter」');
    expect(await cli.refuse(['done', 'frobnicate'], USAGE)).not.toContain('もしかして');
  });

  it('an unknown terminal lists the registered ones', async () => {
    const message = await cli.refuse(['done', 'net-config', '--terminal', '端末9', '--note', 'x'], INPUT);
    expect(message).toContain('端末9');
    expect(message).toContain('端末1');
  });

  it('a facility step does not take --terminal', async () => {
    expect(await cli.refuse(['done', 'portal-account', '--terminal', '端末1', 'email=a@example.jp'], USAGE)).toContain('--terminal');
  });

  it('a skipped step (pppoe on IPv6) says why it does not apply', async () => {
    const message = await cli.refuse(['done', 'pppoe', '--note', 'x'], REFUSED);
    expect(message).toContain('IPv4');
  });

  it('a milestone is not recorded by hand; nor is the facility profile', async () => {
    expect(await cli.refuse(['done', 'claims-ready'], REFUSED)).toContain('オンライン請求 準備完了');
    expect(await cli.refuse(['done', 'facility-profile'], REFUSED)).toContain('seikyu profile');
  });

  it('--at in the future, malformed, or before the needed step was done', async () => {
    expect(await cli.refuse(['done', 'portal-account', 'email=a@example.jp', '--at', '2026-04-02'], INPUT)).toContain('2026-04-02');
    expect(await cli.refuse(['done', 'portal-account', 'email=a@example.jp', '--at', '2026-02-30'], INPUT)).toContain('2026-02-30');
  });

  it('accepts a date before the day the profile was entered: things done before that keep their real dates', async () => {
    const copy = cli.clone();
    await copy.ok(['done', 'portal-account', 'email=a@example.jp', '--at', '2026-03-02']);
    const step = await copy.step('portal-account', null);
    expect(step).toMatchObject({ status: 'done', since: '2026-03-02' });
  });

  it('a check step confirmed by hand needs a note that says something', async () => {
    expect(await cli.refuse(['done', 'net-config', '--note', ' '], REFUSED)).toContain('--note');
    await cli.refuse(['done', 'reader-software', `folder=${os.tmpdir()}`, '--note', '   '], REFUSED);
  });

  it('a folder input must exist', async () => {
    const missing = path.join(os.tmpdir(), 'seikyu-no-such-folder-' + process.pid);
    expect(await cli.refuse(['done', 'setup-manual', `folder=${missing}`, '--note', 'x'], INPUT)).toContain(missing);
  });

  it('expect only on a wait step, with a date from today on', async () => {
    expect(await cli.refuse(['expect', 'net-config', '--by', '2026-05-01'], REFUSED)).toContain('IPv6 DNS');
    await cli.refuse(['expect', 'cert-letter'], USAGE);
    expect(await cli.refuse(['expect', 'cert-letter', '--by', '2026-03-31'], INPUT)).toContain('2026-03-31');
  });

  it('undo: nothing to undo, an unknown or unreadable id, the registration itself', async () => {
    expect(await cli.refuse(['undo'], REFUSED)).not.toBe('');
    expect(await cli.refuse(['undo', '99'], INPUT)).toContain('#99');
    expect(await cli.refuse(['undo', 'abc'], INPUT)).toContain('abc');
    expect(await cli.refuse(['undo', '#1'], REFUSED)).toContain('seikyu profile set');
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    expect(await cli.refuse(['frobnicate'], USAGE)).toContain('frobnicate');
    expect(await cli.refuse(['status', '--frob'], USAGE)).toContain('--frob');
    await cli.refuse(['history', 'extra'], USAGE);
    await cli.refuse(['status', '--lang', 'fr'], USAGE);
  });

  it('--lang en (or SEIKYU_LANG=en) gives English messages', async () => {
    const english = await cli.refuse(['--lang', 'en', 'done', 'net-config', '--note', ''], REFUSED);
    expect(english).toContain('--note');
    expect(english).toMatch(/^seikyu: [\x20-\x7e]*"Set the IPv6 DNS and the proxy"/);
    expect(english).not.toMatch(/[ぁ-んァ-ン]/);
    expect(await cli.refuse(['done', 'cert-leter'], USAGE, { env: { SEIKYU_LANG: 'en' } })).toContain('Did you mean "cert-letter"?');
    expect((await cli.ok(['status', '--lang', 'en'])).stdout).toContain('Facility profile');
  });

  it('--help on every command exits 0 with its usage and changes nothing', async () => {
    const before = cli.snapshot();
    for (const command of ['init', 'status', 'next', 'done', 'expect', 'undo', 'history', 'profile']) {
      const result = await cli.run([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stderr, command).toBe('');
      expect(result.stdout, command).toContain(`seikyu ${command}`);
    }
    const main = await cli.run(['--help']);
    expect(main).toMatchObject({ code: 0, stderr: '' });
    expect(main.stdout).toContain('終了コード');
    expect(cli.snapshot()).toEqual(before);
  });
});

describe.concurrent('while the certificate letter is on its way', () => {
  let cli: Cli;
  let onsApplication: number;
  let undoOfIt: number;
  const idOf = (stdout: string) => Number(/#(\d+)/.exec(stdout)![1]);

  beforeAll(async () => {
    cli = Cli.fresh('2026-04-01');
    await cli.ok(INIT);
    await cli.ok(['done', 'portal-account', 'email=uketsuke@example.jp']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579']);
    await cli.ok(['done', 'oqs-application']);
    await cli.ok(['done', 'claims-notice']);
    await cli.ok(['done', 'cert-application']);
    await cli.ok(['done', 'reader-order', 'count=2', 'model=Caora']);
    const folder = tempDir('seikyu-reader-');
    await cli.ok(['done', 'reader-software', `folder=${folder}`, '--note', 'ファイルを確認']);
    onsApplication = idOf((await cli.ok(['done', 'ons-application'])).stdout);
    // "#9（…）を取り消しました（#10）。": the undo record is the last number.
    undoOfIt = Number([...(await cli.ok(['undo'])).stdout.matchAll(/#(\d+)/g)].at(-1)![1]);
    cli.now = '2026-04-03';
    // The first secret sets the passphrase.
    await cli.ok(['done', 'master-account', 'accountId=ABC02468'], pass('password=master-secret-pw\n'));
    await cli.ok(['done', 'reader-delivery', '--at', '2026-04-02']);
  });

  it('a blocked step names the root cause: the registered letter being waited for', async () => {
    const message = await cli.refuse(['done', 'client-cert', 'file=/tmp', '--note', 'x'], REFUSED);
    expect(message).toContain('電子証明書のダウンロードとインストール');
    expect(message).toContain('簡易書留');
    expect(message).toContain('待ち');
    expect(message).toContain('4/10'); // expected by: seven business days after Wednesday 4/1
  });

  it('an already-done step says how to correct it', async () => {
    const message = await cli.refuse(['done', 'portal-account', 'email=other@example.jp'], REFUSED);
    expect(message).toContain('seikyu undo 2');
    expect(message).toContain('2026-04-01');
  });

  it('a step with a confirm list needs --confirmed off a terminal', async () => {
    const message = await cli.refuse(['done', 'reader-setup'], REFUSED);
    expect(message).toContain('--confirmed');
    expect(message).toContain('出荷時パスワード');
  });

  it('a secret given as an argument is refused without echoing it', async () => {
    const message = await cli.refuse(['done', 'claims-settings', 'initialPassword=Arg-Secret-991'], INPUT);
    expect(message).toContain('initialPassword');
    expect(message).not.toContain('Arg-Secret-991');
  });

  it('a secret missing from standard input is named', async () => {
    const message = await cli.refuse(['done', 'claims-settings'], INPUT, pass(''));
    expect(message).toContain('initialPassword');
    expect(await cli.refuse(['done', 'cert-letter', 'requestId=R1'], INPUT, pass('\n# nothing here\nreferenceId=   \n'))).toContain('referenceId');
  });

  it('standard input must hold KEY=VALUE lines of the step\'s inputs', async () => {
    expect(await cli.refuse(['done', 'claims-settings'], INPUT, pass('just-a-password\n'))).toContain('1');
    expect(await cli.refuse(['done', 'claims-settings'], INPUT, pass('initialPassword=a\nbogus=1\n'))).toContain('bogus');
  });

  it('a secret without any passphrase, or with another one, is refused with exit 7', async () => {
    expect(await cli.refuse(['done', 'claims-settings'], SECRET, { input: 'initialPassword=Init-1\n' })).toContain('SEIKYU_PASSPHRASE');
    const wrong = await cli.refuse(['done', 'claims-settings'], SECRET, pass('initialPassword=Init-1\n', 'another-passphrase'));
    expect(wrong).toContain('パスフレーズ');
    expect(wrong).not.toContain('another-passphrase');
  });

  it('networkId does not apply to an IPv6 connection', async () => {
    const message = await cli.refuse(['done', 'claims-settings', 'networkId=31415926@tk271828'], INPUT, pass('initialPassword=Init-1\n'));
    expect(message).toContain('networkId');
  });

  it('--at before the step it needs was done names that step', async () => {
    const message = await cli.refuse(['done', 'cert-letter', 'requestId=R1', '--at', '2026-03-31'], INPUT, pass('referenceId=Ref-1\n'));
    expect(message).toContain('電子証明書発行申請');
    expect(message).toContain('4/1');
  });

  it('expect on a step already done', async () => {
    await cli.refuse(['expect', 'master-account', '--by', '2026-04-20'], REFUSED);
  });

  it('undo of an undone record, of an undo, or of a step others depend on', async () => {
    expect(await cli.refuse(['undo', String(onsApplication)], REFUSED)).toContain(`#${undoOfIt}`);
    expect(await cli.refuse(['undo', String(undoOfIt)], REFUSED)).toContain(`#${undoOfIt}`);
    const message = await cli.refuse(['undo', '2'], REFUSED);
    expect(message).toContain('オンライン資格確認 利用申請');
  });

  it('undo of cert-letter once client-cert is done names client-cert', async () => {
    const dep = cli.clone();
    dep.now = '2026-04-10';
    const manual = tempDir('seikyu-manual-');
    mkdirSync(path.join(manual, 'crt'));
    writeFileSync(path.join(manual, 'crt', 'OnlineBillingNWCommonRootCA-G1.crt'), 'x');
    writeFileSync(path.join(manual, 'Top.html'), 'x');
    const certFile = path.join(manual, 'client.pfx');
    writeFileSync(certFile, 'x');
    const letter = idOf((await dep.ok(['done', 'cert-letter', 'requestId=R1', 'issuedOn=2026-04-05', '--at', '2026-04-07'], pass('referenceId=Ref-1\n'))).stdout);
    await dep.ok(['done', 'line-registration', '--at', '2026-04-06']);
    await dep.ok(['done', 'net-config', '--note', 'x']);
    await dep.ok(['done', 'line-auth', '--note', 'x']);
    await dep.ok(['done', 'closed-network', '--note', 'x']);
    await dep.ok(['done', 'setup-manual', `folder=${manual}`, '--note', 'x']);
    await dep.ok(['done', 'root-ca', '--note', 'x']);
    await dep.ok(['done', 'client-cert', `file=${certFile}`, 'notAfter=2029-07-15', '--note', 'x'], pass('password=1234\n'));
    const message = await dep.refuse(['undo', String(letter)], REFUSED);
    expect(message).toContain(`#${letter}`);
    expect(message).toContain('電子証明書のダウンロードとインストール');
  });

  // BUG (src/cli/commands/done.ts, checkValue): issuedOn (the date printed on the notice) is only checked to be
  // a real date; a date in the future — after the day the letter was received — is accepted, and the
  // 180-day download deadline is then counted from it (issuedOn=2027-01-01 → deadline 2027-06-30), while
  // --at refuses a future date with exit 3.
  it('refuses an issuedOn date in the future', async () => {
    const copy = cli.clone();
    await copy.refuse(['done', 'cert-letter', 'requestId=R1', 'issuedOn=2027-01-01'], INPUT, pass('referenceId=Ref-1\n'));
  });
});

describe.concurrent('with two terminals, one per role', () => {
  let cli: Cli;
  beforeAll(async () => {
    cli = Cli.fresh('2026-04-01');
    await cli.ok([...INIT, '--terminal', '受付:oqs', '--terminal', '事務:claims']);
    await cli.ok(['done', 'portal-account', 'email=uketsuke@example.jp']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579']);
    await cli.ok(['done', 'claims-notice']);
  });

  it('a per-terminal step needs --terminal, listing both', async () => {
    const message = await cli.refuse(['done', 'net-config', '--note', 'x'], USAGE);
    expect(message).toContain('受付');
    expect(message).toContain('事務');
    await cli.refuse(['expect', 'cert-letter', '--by', '2026-04-20'], USAGE);
  });

  it('a step of the other role is refused on a terminal', async () => {
    const message = await cli.refuse(['done', 'claims-setup', '--terminal', '受付'], REFUSED);
    expect(message).toContain('受付');
    expect(message).toContain('オンライン資格確認');
  });
});

describe.concurrent('on an IPv4 (PPPoE) connection', () => {
  let cli: Cli;
  beforeAll(async () => {
    cli = Cli.fresh('2026-04-01');
    await cli.ok(['init', '--name', '東京歯科', '--code', TOKYO_CODE, '--area', 'east', '--connection', 'ipv4-ipvpn', '--terminal', '事務:claims']);
    await cli.ok(['done', 'portal-account', 'email=jimu@example.jp']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579']);
    await cli.ok(['done', 'claims-notice']);
  });

  it('networkId must match its format; networkPassword too', async () => {
    const goodSecrets = 'networkPassword=Ab3dEf7h\ninitialPassword=Init-1\n';
    const id = await cli.refuse(['done', 'claims-settings', 'networkId=1234@tk123456'], INPUT, pass(goodSecrets));
    expect(id).toContain('networkId');
    expect(id).toContain('31415926@tk271828');
    expect(await cli.refuse(['done', 'claims-settings', 'networkId=31415926@tk271828'], INPUT, pass('networkPassword=abc\ninitialPassword=Init-1\n'))).toContain('networkPassword');
    expect(await cli.refuse(['done', 'claims-settings'], INPUT, pass(goodSecrets))).toContain('networkId');
  });

  it('line authentication does not apply; PPPoE waits for the settings letter', async () => {
    await cli.refuse(['done', 'line-auth', '--note', 'x'], REFUSED);
    expect(await cli.refuse(['done', 'pppoe', '--note', 'x'], REFUSED)).toContain('オンライン請求ユーザ設定情報');
  });
});

describe.concurrent('a damaged seikyu.json', () => {
  it('is refused with exit 6, left as it is, and the message points to the backup', async () => {
    const cli = Cli.fresh('2026-04-01');
    await cli.ok(INIT);
    await cli.ok(['done', 'portal-account', 'email=uketsuke@example.jp']);
    const full = readFileSync(cli.file);
    writeFileSync(cli.file, full.subarray(0, Math.floor(full.length / 2)));
    const message = await cli.refuse(['status'], STORE);
    expect(message).toContain(cli.file);
    expect(message).toContain(cli.backup);
    await cli.refuse(['done', 'line-contract', 'customerId=CAF0246813579'], STORE);

    rmSync(cli.backup);
    const noBackup = await cli.refuse(['next'], STORE);
    expect(noBackup).toContain(cli.file);
    expect(noBackup).not.toContain('.bak');

    writeFileSync(cli.file, '{"format": 1, "events": "not a list"}');
    await cli.refuse(['status'], STORE);
  });
});
