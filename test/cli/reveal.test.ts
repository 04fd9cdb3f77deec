import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, removeTempDirs, requireBuild, type HistoryEventJson, type RunOptions } from '../helpers/cli.js';
import { binFile, requireTmux, TmuxSession } from '../helpers/tmux.js';

/**
 * `seikyu reveal STEP KEY`: the person who stored a secret reads it back — the value alone on standard output,
 * after the passphrase opened it and the reveal was recorded (who, when, which key; never the value).
 */

const PASSPHRASE = 'tsukuba-clinic-2026';
const REFERENCE_ID = 'REF-9f3c-7781-kk';
const T = '端末1';
const withPassphrase = (passphrase = PASSPHRASE, input = ''): RunOptions => ({ input, env: { SEIKYU_PASSPHRASE: passphrase } });

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
beforeAll(requireBuild);
afterAll(removeTempDirs);

/** A clinic whose certificate letter (with its リファレンスID) is recorded: record #6. */
let base: Cli;
beforeAll(async () => {
  base = Cli.fresh('2026-11-24');
  await base.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
  await base.ok(['done', 'portal-account', 'email=clinic@example.jp']);
  await base.ok(['done', 'line-contract', 'customerId=CAF0246813579']);
  await base.ok(['done', 'oqs-application']);
  await base.ok(['done', 'cert-application']);
  await base.ok(['done', 'cert-letter', 'requestId=R0246813579', 'issuedOn=2026-11-24'], withPassphrase(PASSPHRASE, `referenceId=${REFERENCE_ID}\n`));
});

async function history(cli: Cli): Promise<HistoryEventJson[]> {
  return (await cli.json<{ events: HistoryEventJson[] }>(['history', '--json'])).events;
}

describe('seikyu reveal', () => {
  it('prints exactly the value and a newline, and records who revealed which key — never the value', async () => {
    const cli = base.clone();
    const result = await cli.run(['reveal', 'cert-letter', 'referenceId', '--terminal', T], { ...withPassphrase(), env: { SEIKYU_PASSPHRASE: PASSPHRASE, SEIKYU_OPERATOR: '受付 佐藤' } });
    expect(result).toEqual({ code: 0, stdout: `${REFERENCE_ID}\n`, stderr: '' });

    const events = await history(cli);
    expect(events).toHaveLength(7);
    expect(events.at(-1)).toMatchObject({
      id: 7,
      type: 'secret-revealed',
      step: 'cert-letter',
      terminal: T,
      key: 'referenceId',
      inputs: {},
      secretInputs: [],
      operator: '受付 佐藤',
      occurredAt: '2026-11-24',
      undoneBy: null,
    });
    const text = (await cli.ok(['history'])).stdout;
    expect(text.trimEnd().split('\n').at(-1)).toBe(`#7  2026-11-24  秘密の値を表示  cert-letter［${T}］: referenceId — 受付 佐藤`);
    const json = (await cli.ok(['history', '--json'])).stdout;
    for (const where of [text, json, readFileSync(cli.file, 'utf8'), readFileSync(cli.backup, 'utf8')]) expect(where).not.toContain(REFERENCE_ID);
  });

  it('takes the only terminal without --terminal, and the same value comes back each time, each reveal recorded', async () => {
    const cli = base.clone();
    for (let i = 0; i < 2; i++) expect((await cli.ok(['reveal', 'cert-letter', 'referenceId'], withPassphrase())).stdout).toBe(`${REFERENCE_ID}\n`);
    expect((await history(cli)).filter((e) => e.type === 'secret-revealed').map((e) => e.id)).toEqual([7, 8]);
  });

  it('with a wrong passphrase exits 7, prints nothing on stdout and records nothing', async () => {
    const cli = base.clone();
    const message = await cli.refuse(['reveal', 'cert-letter', 'referenceId'], 7, withPassphrase('not-the-passphrase'));
    expect(message).toBe('seikyu: パスフレーズが違います。');
  });

  it('without a passphrase and without a terminal exits 7 and says how to give one', async () => {
    expect(await base.clone().refuse(['reveal', 'cert-letter', 'referenceId'], 7)).toContain('SEIKYU_PASSPHRASE');
  });

  it('refuses an input that is not a secret, saying `seikyu show` shows it', async () => {
    const message = await base.clone().refuse(['reveal', 'cert-letter', 'requestId'], 3, withPassphrase());
    expect(message).toBe(`seikyu: リクエストID（requestId）は秘密の項目ではありません。値は \`seikyu show cert-letter --terminal ${T}\` で表示できます。`);
  });

  it('refuses a secret of a step not recorded yet (exit 4), before asking the passphrase', async () => {
    const message = await base.clone().refuse(['reveal', 'client-cert', 'password'], 4);
    expect(message).toContain('まだ記録されていない');
  });

  it('refuses an unknown key, an unknown terminal, an unknown step and a missing key, each in one sentence', async () => {
    const cli = base.clone();
    expect(await cli.refuse(['reveal', 'cert-letter', 'pin'], 3, withPassphrase())).toContain('「pin」はありません');
    expect(await cli.refuse(['reveal', 'cert-letter', 'referenceId', '--terminal', '端末9'], 3, withPassphrase())).toContain('端末9');
    expect(await cli.refuse(['reveal', 'cert-lettre', 'referenceId'], 2, withPassphrase())).toContain('cert-letter');
    expect(await cli.refuse(['reveal', 'cert-letter'], 2, withPassphrase())).toContain('seikyu reveal cert-letter referenceId');
  });

  it('refuses a secret whose record was undone: the current record counts', async () => {
    const cli = base.clone();
    await cli.ok(['undo', '6']);
    expect(await cli.refuse(['reveal', 'cert-letter', 'referenceId'], 4, withPassphrase())).toContain('まだ記録されていない');
  });

  it('prints nothing when the reveal cannot be saved (another seikyu holds the data)', async () => {
    const cli = base.clone();
    const lock = path.join(cli.home, 'seikyu.json.lock');
    mkdirSync(lock);
    // Held by this test's own (live) process on this host: never taken over.
    writeFileSync(
      path.join(lock, 'owner.json'),
      JSON.stringify({ pid: process.pid, host: os.hostname(), user: 'test', command: 'seikyu test', since: new Date().toISOString(), token: 'x' }),
    );
    try {
      const message = await cli.refuse(['reveal', 'cert-letter', 'referenceId'], 6, { env: { SEIKYU_PASSPHRASE: PASSPHRASE, SEIKYU_LOCK_WAIT_MS: '100' } });
      expect(message).not.toContain(REFERENCE_ID);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  });

  it('is not "the last record": `undo` after a reveal undoes the letter, and a reveal itself cannot be undone', async () => {
    const cli = base.clone();
    await cli.ok(['reveal', 'cert-letter', 'referenceId'], withPassphrase());
    expect(await cli.refuse(['undo', '7'], 4)).toBe('seikyu: #7 は秘密の値を表示した記録なので、取り消せません。');
    const { stdout } = await cli.ok(['undo']);
    expect(stdout).toContain('#6（完了  cert-letter［端末1］）を取り消しました（#8）');
    const events = await history(cli);
    expect(events.find((e) => e.id === 6)?.undoneBy).toBe(8);
    expect(events.find((e) => e.id === 7)?.undoneBy).toBeNull();
  });

  it('changes no state: status is the same before and after a reveal', async () => {
    const cli = base.clone();
    const before = (await cli.ok(['status', '--json'])).stdout;
    await cli.ok(['reveal', 'cert-letter', 'referenceId'], withPassphrase());
    expect((await cli.ok(['status', '--json'])).stdout).toBe(before);
    // Not marked "no longer applies" in the history.
    expect((await cli.ok(['history'])).stdout).not.toContain('対象外');
    // A replay of the log (the cache dropped) reads the reveal the same way.
    const doc = JSON.parse(readFileSync(cli.file, 'utf8')) as { cache: unknown };
    writeFileSync(cli.file, JSON.stringify({ ...doc, cache: null }));
    expect((await cli.ok(['status', '--json'])).stdout).toBe(before);
    expect((await cli.ok(['history'])).stdout).not.toContain('対象外');
  });

  it('refuses a saved log where an undo points at a reveal, or a reveal names no key (exit 6)', async () => {
    const cli = base.clone();
    await cli.ok(['reveal', 'cert-letter', 'referenceId'], withPassphrase());
    const doc = JSON.parse(readFileSync(cli.file, 'utf8')) as { events: Record<string, unknown>[] };
    const reveal = doc.events.at(-1)!;
    const undo = { ...reveal, id: 8, type: 'undone', target: 7, key: undefined };
    writeFileSync(cli.file, JSON.stringify({ ...doc, events: [...doc.events, undo] }));
    expect(await cli.refuse(['status'], 6)).toContain('#8');
    writeFileSync(cli.file, JSON.stringify({ ...doc, events: [...doc.events.slice(0, -1), { ...reveal, key: undefined }] }));
    expect(await cli.refuse(['status'], 6)).toContain('key');
  });
});

describe('seikyu reveal on a terminal', () => {
  const sessions: TmuxSession[] = [];
  beforeAll(requireTmux);
  afterEach(() => {
    for (const s of sessions.splice(0)) s.kill();
  });

  it('asks the passphrase with hidden input, again after a wrong one, then prints the value', async () => {
    const cli = base.clone();
    const session = TmuxSession.start({ args: ['reveal', 'cert-letter', 'referenceId'], env: { SEIKYU_HOME: cli.home, SEIKYU_NOW: cli.now, SEIKYU_LANG: 'ja' } });
    sessions.push(session);
    await session.waitFor('パスフレーズ（入力は表示されません）:');
    session.type('wrong-passphrase-1');
    session.send('Enter');
    await session.waitFor('パスフレーズが違います。');
    await session.waitFor((s) => s.split('パスフレーズ（入力は表示されません）:').length === 3);
    session.type(PASSPHRASE);
    session.send('Enter');
    expect(await session.waitForExit()).toBe(0);
    const screen = session.screen();
    expect(screen).toContain(`\n${REFERENCE_ID}\n`);
    for (const seen of session.seen) {
      expect(seen).not.toContain(PASSPHRASE);
      expect(seen).not.toContain('wrong-passphrase-1');
    }
    expect((await history(cli)).filter((e) => e.type === 'secret-revealed')).toHaveLength(1);
  });

  it('asks on the terminal while standard output is piped, and pipes only the value', async () => {
    const cli = base.clone();
    const out = path.join(cli.home, 'clip.txt');
    const session = TmuxSession.start({
      argv: ['sh', '-c', `"$0" "$1" reveal cert-letter referenceId > "$2"`, process.execPath, binFile, out],
      env: { SEIKYU_HOME: cli.home, SEIKYU_NOW: cli.now, SEIKYU_LANG: 'ja' },
    });
    sessions.push(session);
    await session.waitFor('パスフレーズ（入力は表示されません）:');
    session.type(PASSPHRASE);
    session.send('Enter');
    expect(await session.waitForExit()).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`${REFERENCE_ID}\n`);
  });
});
