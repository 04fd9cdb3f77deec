import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, removeTempDirs, requireBuild, tempDir, type RunOptions } from '../helpers/cli.js';
import { requireTmux, TmuxSession } from '../helpers/tmux.js';

/**
 * The handoff: `seikyu export --format json` writes a bundle another person imports with `seikyu import`. Driven
 * through the built program on real data folders; every refusal leaves the current document byte for byte as it was.
 */

const STORE_PASS = 'store-passphrase-01';
const HANDOFF_PASS = 'handoff-passphrase-02';
const REFERENCE_ID = 'REF-7c1e-Secret-42';
const T = '端末1';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
beforeAll(requireBuild);
afterAll(removeTempDirs);

type Json = Record<string, unknown>;

/** The documented canonical form: keys sorted, no white space. Written here again so the definition is tested, not assumed. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function digestOf(bundle: Json): string {
  const { digest: _digest, ...content } = bundle;
  return `sha256:${createHash('sha256').update(canonical(content)).digest('hex')}`;
}

/** A bundle changed on purpose and sealed again with a correct digest: only the change itself can be refused. */
function resealed(file: string, change: (bundle: Json) => void): string {
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as Json;
  change(bundle);
  bundle.digest = digestOf(bundle);
  const out = path.join(tempDir('seikyu-bundle-'), 'changed.json');
  writeFileSync(out, JSON.stringify(bundle, null, 2));
  return out;
}

const withStore = (extra: Record<string, string> = {}, input = ''): RunOptions => ({ input, env: { SEIKYU_PASSPHRASE: STORE_PASS, ...extra } });

/** A clinic with a recorded secret (the リファレンスID), an expected date and an undone record. */
let base: Cli;
/** Its default bundle (no secrets) and its bundle with secrets. */
let plainBundle: string;
let secretBundle: string;
/** Another clinic, with its own registration. */
let otherBundle: string;

async function clinic(name: string, code: string): Promise<Cli> {
  const cli = Cli.fresh('2026-11-24');
  await cli.ok(['init', '--name', name, '--code', code, '--area', 'east']);
  await cli.ok(['done', 'portal-account', 'email=clinic@example.jp', '--at', '2026-11-18']);
  await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-18']);
  await cli.ok(['done', 'oqs-application', '--at', '2026-11-19']);
  await cli.ok(['done', 'claims-notice', '--at', '2026-11-19']);
  await cli.ok(['undo']);
  await cli.ok(['done', 'cert-application', '--at', '2026-11-20']);
  await cli.ok(['expect', 'master-account', '--by', '2026-12-01']);
  await cli.ok(['done', 'cert-letter', 'requestId=R0246813579', 'issuedOn=2026-11-24'], withStore({}, `referenceId=${REFERENCE_ID}\n`));
  return cli;
}

beforeAll(async () => {
  base = await clinic('さくら内科クリニック', '0110113719');
  plainBundle = path.join(tempDir('seikyu-out-'), 'handoff.json');
  await base.ok(['export', '--format', 'json', '-o', plainBundle]);
  secretBundle = path.join(tempDir('seikyu-out-'), 'handoff-secrets.json');
  await base.ok(['export', '--include-secrets', '-o', secretBundle], withStore({ SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS }));
  const other = Cli.fresh('2026-11-24');
  await other.ok(['init', '--name', 'ひまわり歯科', '--code', '0110113719', '--area', 'east']);
  otherBundle = path.join(tempDir('seikyu-out-'), 'other.json');
  await other.ok(['export', '-o', otherBundle]);
});

/** Every way the secret could be written out: as typed, in base64, in hex. */
function secretForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
}

async function statusAndHistory(cli: Cli): Promise<[string, string]> {
  return [(await cli.ok(['status', '--json'])).stdout, (await cli.ok(['history', '--json'])).stdout];
}

describe('seikyu export --format json', () => {
  it('writes a versioned bundle: format, versions, facility id, profile, every event, every step as status --json, who and when, a digest over the canonical form', async () => {
    const bundle = JSON.parse(readFileSync(plainBundle, 'utf8')) as Json;
    const doc = JSON.parse(readFileSync(base.file, 'utf8')) as { events: { id: number }[]; profile: unknown };
    const status = await base.status();
    expect(bundle).toMatchObject({ kind: 'medical-seikyu/handoff', format: 1, program: { name: 'medical-seikyu' }, exportedAt: '2026-11-24T12:00:00+09:00', exportedBy: 'テスト担当' });
    expect(typeof bundle.procedureVersion).toBe('number');
    expect(bundle.profile).toEqual(doc.profile);
    expect((bundle.events as { id: number }[]).map((e) => e.id)).toEqual(doc.events.map((e) => e.id));
    expect(bundle.steps).toEqual(status.steps);
    expect(bundle.digest).toBe(digestOf(bundle));
    expect(bundle.facilityId).toBe(createHash('sha256').update(canonical(doc.events[0])).digest('hex'));
    expect(statSync(plainBundle).mode & 0o777).toBe(0o600);
  });

  it('keeps the facility id across exports, days and imports', async () => {
    const first = JSON.parse(readFileSync(plainBundle, 'utf8')) as Json;
    const later = JSON.parse((await base.ok(['export'], { now: '2026-12-02' })).stdout) as Json;
    expect(later.exportedAt).toBe('2026-12-02T12:00:00+09:00');
    const copy = Cli.fresh('2026-11-24');
    await copy.ok(['import', plainBundle, '--yes']);
    const again = JSON.parse((await copy.ok(['export'])).stdout) as Json;
    expect(new Set([first.facilityId, later.facilityId, again.facilityId]).size).toBe(1);
  });

  it('leaves every secret out by default, marked "recorded, not exported": not as typed, not in base64, not in hex', async () => {
    const text = readFileSync(plainBundle, 'utf8');
    for (const form of secretForms(REFERENCE_ID)) expect(text).not.toContain(form);
    const bundle = JSON.parse(text) as { events: { step: string | null; inputs: Json }[]; secrets: Json };
    expect(bundle.events.find((e) => e.step === 'cert-letter')?.inputs.referenceId).toEqual({ secret: 'recorded, not exported' });
    expect(bundle.secrets).toEqual({ exported: false, count: 1 });
  });

  it('with --include-secrets carries them encrypted under the handoff passphrase, never in plain text nor under the store key', async () => {
    const text = readFileSync(secretBundle, 'utf8');
    for (const form of secretForms(REFERENCE_ID)) expect(text).not.toContain(form);
    const bundle = JSON.parse(text) as { secrets: { exported: boolean; count: number; key: { salt: string } } };
    const doc = JSON.parse(readFileSync(base.file, 'utf8')) as { secrets: { salt: string } };
    expect(bundle.secrets).toMatchObject({ exported: true, count: 1 });
    expect(bundle.secrets.key.salt).not.toBe(doc.secrets.salt);
  });

  it('refuses the store passphrase as the handoff passphrase, a missing one, and --include-secrets for a report', async () => {
    const out = path.join(tempDir('seikyu-out-'), 'x.json');
    expect(await base.refuse(['export', '--include-secrets', '-o', out], 7, withStore({ SEIKYU_EXPORT_PASSPHRASE: STORE_PASS }))).toContain('別のパスフレーズ');
    expect(await base.refuse(['export', '--include-secrets', '-o', out], 7, withStore())).toContain('SEIKYU_EXPORT_PASSPHRASE');
    expect(await base.refuse(['export', '--format', 'md', '--include-secrets'], 2)).toContain('--include-secrets');
    expect(existsSync(out)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const before = readFileSync(plainBundle);
    expect(await base.refuse(['export', '-o', plainBundle], 3)).toContain('上書きはしません');
    expect(readFileSync(plainBundle).equals(before)).toBe(true);
  });

  it('hands --format md and html to the report renderer (no bundle, no secret)', async () => {
    for (const format of ['md', 'html']) {
      const { stdout } = await base.ok(['export', '--format', format]);
      expect(stdout).not.toContain('medical-seikyu/handoff');
      expect(stdout).toContain('さくら内科クリニック');
      for (const form of secretForms(REFERENCE_ID)) expect(stdout).not.toContain(form);
    }
    expect(await base.refuse(['export', '--format', 'pdf'], 2)).toContain('pdf');
  });
});

describe('seikyu import', () => {
  it('round trip: into an empty data folder, status --json and history --json are identical', async () => {
    const copy = Cli.fresh('2026-11-24');
    const { stdout } = await copy.ok(['import', plainBundle, '--yes']);
    expect(stdout).toContain('さくら内科クリニック');
    expect(stdout).toContain('なし（このデータフォルダにはまだ記録がありません）');
    expect(await statusAndHistory(copy)).toEqual(await statusAndHistory(base));
    // A secret left out is said to be so, not "damaged".
    const message = await copy.refuse(['reveal', 'cert-letter', 'referenceId'], 4, withStore());
    expect(message).toContain('記録あり・書き出しなし');
  });

  it('round trip with secrets: reveal gives the secret back under the new folder\'s passphrase, only after the right handoff passphrase', async () => {
    const copy = Cli.fresh('2026-11-24');
    const wrong = await copy.refuse(['import', secretBundle, '--yes'], 7, { env: { SEIKYU_EXPORT_PASSPHRASE: 'not-the-handoff-one', SEIKYU_PASSPHRASE: 'new-folder-pass' } });
    expect(wrong).toBe('seikyu: 引き継ぎ用のパスフレーズが違います。何も変更していません。');
    expect(existsSync(copy.file)).toBe(false);
    await copy.ok(['import', secretBundle, '--yes'], { env: { SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS, SEIKYU_PASSPHRASE: 'new-folder-pass' } });
    expect(await statusAndHistory(copy)).toEqual(await statusAndHistory(base));
    const saved = readFileSync(copy.file, 'utf8');
    for (const form of secretForms(REFERENCE_ID)) expect(saved).not.toContain(form);
    expect(await copy.refuse(['reveal', 'cert-letter', 'referenceId'], 7, { env: { SEIKYU_PASSPHRASE: HANDOFF_PASS } })).toContain('パスフレーズが違います');
    expect((await copy.ok(['reveal', 'cert-letter', 'referenceId'], { env: { SEIKYU_PASSPHRASE: 'new-folder-pass' } })).stdout).toBe(`${REFERENCE_ID}\n`);
  });

  it('re-encrypts under the existing folder\'s own key when it has one', async () => {
    const copy = base.clone();
    await copy.ok(['undo']);
    await copy.ok(['import', secretBundle, '--yes'], { env: { SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS, SEIKYU_PASSPHRASE: STORE_PASS } });
    expect((await copy.ok(['reveal', 'cert-letter', 'referenceId'], withStore())).stdout).toBe(`${REFERENCE_ID}\n`);
  });

  it('--dry-run shows what it would become and writes nothing', async () => {
    const empty = Cli.fresh('2026-11-24');
    const dry = await empty.ok(['import', plainBundle, '--dry-run']);
    expect(dry.stdout).toContain('進捗');
    expect(dry.stdout).toContain('--dry-run');
    expect(readdirSync(empty.home)).toEqual([]);
    const cli = base.clone();
    await cli.ok(['undo']);
    const before = cli.snapshot();
    const shown = await cli.ok(['import', plainBundle, '--dry-run']);
    const shared = (JSON.parse(readFileSync(plainBundle, 'utf8')) as { events: unknown[] }).events.length;
    // The undo made after the export is the record the import would take away.
    expect(shown.stdout).toContain(`共通の記録 ${shared}件、追加 0件、なくなる記録 1件`);
    expect(cli.snapshot()).toEqual(before);
  });

  it('without a terminal and without --yes shows the result and changes nothing (exit 4)', async () => {
    const cli = base.clone();
    await cli.ok(['undo']);
    const before = cli.snapshot();
    const result = await cli.run(['import', plainBundle]);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('さくら内科クリニック');
    expect(result.stderr).toBe('seikyu: 何も変更していません。この内容で置き換えるには --yes を付けて実行してください。\n');
    expect(cli.snapshot()).toEqual(before);
  });

  it('imports nothing, asks nothing and keeps no copy when the folder already holds exactly the bundle\'s records', async () => {
    const cli = base.clone();
    const before = cli.snapshot();
    const again = await cli.run(['import', plainBundle]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('いまの状態との違い: なし');
    expect(again.stdout).toContain('すでにまったく同じ記録があるため、何も取り込んでいません。');
    expect(again.stderr).toBe('');
    expect(cli.snapshot()).toEqual(before);
    expect(readdirSync(cli.home).filter((f) => f.includes('before-import'))).toEqual([]);
    // A bundle carrying its secrets is still imported: it may bring back what this folder does not hold.
    expect((await cli.run(['import', secretBundle], withStore({ SEIKYU_EXPORT_PASSPHRASE: HANDOFF_PASS }))).code).toBe(4);
  });

  it('replaces the current state after keeping it beside the backup, and says where', async () => {
    const cli = base.clone();
    await cli.ok(['undo']);
    const replaced = readFileSync(cli.file);
    const { stdout } = await cli.ok(['import', plainBundle, '--yes']);
    const kept = readdirSync(cli.home).find((f) => f.startsWith('seikyu.json.before-import-'));
    expect(kept).toBeDefined();
    expect(stdout).toContain(path.join(cli.home, kept!));
    expect(readFileSync(path.join(cli.home, kept!)).equals(replaced)).toBe(true);
    expect(statSync(path.join(cli.home, kept!)).mode & 0o777).toBe(0o600);
    expect((await statusAndHistory(cli))[1]).toBe((await statusAndHistory(base))[1]);
  });

  it('keeps the secrets this folder recorded for the same records when the bundle left them out', async () => {
    const cli = base.clone();
    await cli.ok(['undo']);
    const shown = await cli.ok(['import', plainBundle, '--yes']);
    expect(shown.stdout).toContain('秘密の値 1件は、そのまま残します');
    expect((await cli.ok(['reveal', 'cert-letter', 'referenceId'], withStore())).stdout).toBe(`${REFERENCE_ID}\n`);
  });

  it('says a folder given to -o is a folder, and a folder that does not exist is missing', async () => {
    const dir = tempDir('seikyu-out-');
    expect(await base.refuse(['export', '-o', dir], 3)).toContain('フォルダです');
    expect(await base.refuse(['export', '-o', path.join(dir, 'nowhere', 'x.json')], 3)).toContain('がありません');
  });

  it('needs --yes to replace another facility, and says so', async () => {
    const cli = base.clone();
    const message = await cli.refuse(['import', otherBundle], 4);
    expect(message).toContain('ひまわり歯科');
    expect(message).toContain('--yes');
    await cli.ok(['import', otherBundle, '--yes']);
    expect((await cli.status()).facility.name).toBe('ひまわり歯科');
  });

  describe('refuses, each in one sentence, with the current document byte for byte untouched', () => {
    let target: Cli;
    beforeAll(() => {
      target = base.clone();
    });

    it('a bundle of a newer format', async () => {
      const newer = resealed(plainBundle, (b) => {
        b.format = 2;
      });
      expect(await target.refuse(['import', newer, '--yes'], 6)).toContain('新しい版の seikyu');
    });

    it('a flipped byte (the digest)', async () => {
      const text = readFileSync(plainBundle, 'utf8').replace('"CAF0246813579"', '"CAF0246813578"');
      const flipped = path.join(tempDir('seikyu-bundle-'), 'flipped.json');
      writeFileSync(flipped, text);
      expect(await target.refuse(['import', flipped, '--yes'], 3)).toContain('SHA-256');
    });

    it('a truncated file', async () => {
      const text = readFileSync(plainBundle, 'utf8');
      const truncated = path.join(tempDir('seikyu-bundle-'), 'truncated.json');
      writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
      expect(await target.refuse(['import', truncated, '--yes'], 3)).toContain('途中で切れているか');
    });

    it('an unknown step id', async () => {
      const unknown = resealed(plainBundle, (b) => {
        (b.events as Json[]).find((e) => e.step === 'oqs-application')!.step = 'fax-application';
      });
      expect(await target.refuse(['import', unknown, '--yes'], 3)).toContain('fax-application');
    });

    it('events that do not replay (a step recorded before what it needs)', async () => {
      const events = JSON.parse(readFileSync(plainBundle, 'utf8')).events as Json[];
      const last = events.at(-1)!;
      const blocked = resealed(plainBundle, (b) => {
        (b.events as Json[]).push({ ...last, id: (last.id as number) + 1, type: 'step-done', step: 'claims-login', terminal: T, inputs: {} });
      });
      const message = await target.refuse(['import', blocked, '--yes'], 3);
      expect(message).toContain(`#${(last.id as number) + 1}`);
      expect(message).toContain('再現できない');
    });

    it('another program\'s JSON', async () => {
      const foreign = path.join(tempDir('seikyu-bundle-'), 'package.json');
      writeFileSync(foreign, readFileSync(path.join(process.cwd(), 'package.json')));
      expect(await target.refuse(['import', foreign, '--yes'], 3)).toContain('引き継ぎファイル');
      // The document of a data folder is not a bundle either.
      expect(await target.refuse(['import', base.file, '--yes'], 3)).toContain('引き継ぎファイル');
    });

    it('a record taken out of the log, even with the digest sealed again, and a secrets count that does not add up', async () => {
      const gap = resealed(plainBundle, (b) => {
        (b.events as Json[]).splice(3, 1);
      });
      expect(await target.refuse(['import', gap, '--yes'], 3)).toContain('#4');
      const count = resealed(plainBundle, (b) => {
        (b.secrets as Json).count = 0;
      });
      expect(await target.refuse(['import', count, '--yes'], 3)).toContain('secrets.count');
    });

    it('a wrong handoff passphrase, in a dry run too', async () => {
      expect(await target.refuse(['import', secretBundle, '--dry-run'], 7, withStore({ SEIKYU_EXPORT_PASSPHRASE: 'wrong-handoff-pass' }))).toContain('引き継ぎ用のパスフレーズが違います');
    });

    it('a wrong handoff passphrase', async () => {
      expect(await target.refuse(['import', secretBundle, '--yes'], 7, withStore({ SEIKYU_EXPORT_PASSPHRASE: 'wrong-handoff-pass' }))).toContain('引き継ぎ用のパスフレーズが違います');
    });

    it('control characters in text', async () => {
      const escaped = resealed(plainBundle, (b) => {
        (b.events as Json[])[1]!.operator = 'evil\u001b]0;pwned\u0007';
      });
      expect(await target.refuse(['import', escaped, '--yes'], 3)).toContain('制御文字');
    });

    it('a missing file', async () => {
      expect(await target.refuse(['import', path.join(target.home, 'none.json'), '--yes'], 3)).toContain('none.json');
    });
  });
});

describe('on a terminal', () => {
  const sessions: TmuxSession[] = [];
  beforeAll(requireTmux);
  afterEach(() => {
    for (const s of sessions.splice(0)) s.kill();
  });
  const start = (cli: Cli, args: string[]) => {
    const session = TmuxSession.start({ args, env: { SEIKYU_HOME: cli.home, SEIKYU_NOW: cli.now, SEIKYU_LANG: 'ja' } });
    sessions.push(session);
    return session;
  };
  const answer = async (session: TmuxSession, question: string, text: string, nth = 1) => {
    // The terminal wraps a long question: read the screen unbroken.
    await session.waitFor((screen) => screen.replace(/\s*\n/g, '').split(question).length > nth);
    session.type(text);
    session.send('Enter');
  };

  it('asks the handoff passphrase twice, hidden, and writes nothing when the two differ', async () => {
    const out = path.join(tempDir('seikyu-out-'), 'tty.json');
    const differ = start(base, ['export', '--include-secrets', '-o', out]);
    await answer(differ, 'パスフレーズ（入力は表示されません）:', STORE_PASS);
    await answer(differ, '別のパスフレーズを決めてください', 'first-handoff-pass');
    await answer(differ, 'もう一度入力してください:', 'other-handoff-pass');
    expect(await differ.waitForExit()).toBe(7);
    expect(differ.screen()).toContain('一致しません');
    expect(existsSync(out)).toBe(false);
    const same = start(base, ['export', '--include-secrets', '-o', out]);
    await answer(same, 'パスフレーズ（入力は表示されません）:', STORE_PASS);
    await answer(same, '別のパスフレーズを決めてください', HANDOFF_PASS);
    await answer(same, 'もう一度入力してください:', HANDOFF_PASS);
    expect(await same.waitForExit()).toBe(0);
    for (const seen of [...differ.seen, ...same.seen]) for (const secret of [STORE_PASS, HANDOFF_PASS, 'first-handoff-pass']) expect(seen).not.toContain(secret);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { secrets: { count: number } }).secrets.count).toBe(1);
  });

  it('import asks the handoff passphrase, shows the result, and replaces only after y (a new passphrase set for an empty folder)', async () => {
    const copy = Cli.fresh('2026-11-24');
    const declined = start(copy, ['import', secretBundle]);
    await answer(declined, '引き継ぎ用のパスフレーズ（入力は表示されません）:', HANDOFF_PASS);
    await answer(declined, '[y/N]:', 'n');
    expect(await declined.waitForExit()).toBe(4);
    expect(declined.screen()).toContain('進捗');
    expect(existsSync(copy.file)).toBe(false);
    const accepted = start(copy, ['import', secretBundle]);
    await answer(accepted, '引き継ぎ用のパスフレーズ（入力は表示されません）:', HANDOFF_PASS);
    await answer(accepted, '[y/N]:', 'y');
    await answer(accepted, 'パスフレーズを決めてください（8文字以上）:', 'tty-folder-pass');
    await answer(accepted, 'もう一度入力してください:', 'tty-folder-pass');
    expect(await accepted.waitForExit()).toBe(0);
    expect((await copy.ok(['reveal', 'cert-letter', 'referenceId'], { env: { SEIKYU_PASSPHRASE: 'tty-folder-pass' } })).stdout).toBe(`${REFERENCE_ID}\n`);
  });
});
