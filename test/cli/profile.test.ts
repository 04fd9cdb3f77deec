import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, label, procedureData, removeTempDirs, requireBuild, type HistoryEventJson, type StatusJson } from '../helpers/cli.js';

/**
 * The facility profile through the compiled program: terminals and their roles decide which per-terminal
 * steps exist, the connection type decides which network steps apply, and every change is an event in the
 * history (as is an undo). Each test is a small story on its own data folder, so they run side by side.
 */

const INIT = ['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn'];
const TWO = [...INIT, '--terminal', '受付:oqs', '--terminal', '事務:claims'];

const scopeOf = new Map(procedureData.steps.map((s) => [s.id, s.scope]));
const idsOfScope = (scope: string) => procedureData.steps.filter((s) => s.scope === scope).map((s) => s.id);
const stepsOn = (s: StatusJson, terminal: string) => s.steps.filter((v) => v.terminal === terminal).map((v) => v.id);
const find = (s: StatusJson, id: string, terminal: string | null = null) => s.steps.find((v) => v.id === id && v.terminal === terminal);
const history = async (cli: Cli) => (await cli.json<{ events: HistoryEventJson[] }>(['history', '--json'])).events;

// Each call starts a process (~250 ms, several times that on a busy machine).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

beforeAll(() => requireBuild());

describe.concurrent('the facility profile', () => {
  it('init with --terminal 受付:oqs --terminal 事務:claims gives two terminals and per-terminal steps for each role only', async () => {
    const cli = Cli.fresh('2026-04-01');
    await cli.ok(TWO);
    const [s, reception, shown] = await Promise.all([
      cli.status(),
      cli.json<StatusJson>(['status', '--json', '--terminal', '受付']),
      cli.json<StatusJson['facility']>(['profile', 'show', '--json']),
    ]);
    expect(s.facility.terminals).toEqual([
      { name: '受付', roles: ['oqs'] },
      { name: '事務', roles: ['claims'] },
    ]);
    expect(shown).toEqual(s.facility);

    const perTerminal = idsOfScope('terminal');
    expect(stepsOn(s, '受付').sort()).toEqual([...perTerminal, ...idsOfScope('terminal:oqs')].sort());
    expect(stepsOn(s, '事務').sort()).toEqual([...perTerminal, ...idsOfScope('terminal:claims')].sort());
    for (const step of s.steps) {
      if (scopeOf.get(step.id) === 'facility') expect(step.terminal, step.id).toBeNull();
      else expect(['受付', '事務'], step.id).toContain(step.terminal);
    }
    // Both roles exist, so the facility steps of both tracks apply.
    expect(find(s, 'oqs-application')?.status).toBe('blocked');
    expect(find(s, 'claims-notice')?.status).toBe('blocked');
    // Each PC needs its own certificate.
    expect(s.steps.filter((v) => v.id === 'cert-application').map(label)).toEqual(['cert-application@受付', 'cert-application@事務']);

    // --terminal shows that terminal's steps and the facility's only.
    expect(reception.steps.every((v) => v.terminal === null || v.terminal === '受付')).toBe(true);
    expect(reception.steps.filter((v) => v.terminal === '受付')).toHaveLength(stepsOn(s, '受付').length);
  });

  it('add-terminal and remove-terminal change the steps and appear in the history', async () => {
    const cli = Cli.fresh('2026-04-01');
    await cli.ok(TWO);
    const added = await cli.ok(['profile', 'add-terminal', '予備:claims,oqs']);
    expect(added.stdout).toContain('予備');
    let s = await cli.status();
    expect(s.facility.terminals.map((t) => t.name)).toEqual(['受付', '事務', '予備']);
    expect(stepsOn(s, '予備')).toEqual(expect.arrayContaining(['cert-application', 'claims-setup', 'oqs-login', 'oqs-ready', 'claims-ready']));
    await cli.refuse(['profile', 'add-terminal', '予備:claims'], 3);

    await cli.ok(['profile', 'remove-terminal', '受付']);
    await cli.ok(['profile', 'remove-terminal', '予備']);
    s = await cli.status();
    expect(s.facility.terminals).toEqual([{ name: '事務', roles: ['claims'] }]);
    expect(stepsOn(s, '受付')).toEqual([]);
    expect(stepsOn(s, '予備')).toEqual([]);
    // No terminal checks eligibility any more: its facility steps are skipped, with the reason.
    for (const id of ['oqs-application', 'master-account', 'ons-application', 'reader-order']) {
      expect(find(s, id), id).toMatchObject({ status: 'skipped', blockedBy: [] });
      expect(find(s, id)!.reason).toContain('オンライン資格確認');
    }
    // Optional steps and the recurring renewal do not count toward progress.
    const counted = s.steps.filter((v) => v.status !== 'skipped' && !['claims-test', 'reader-subsidy', 'cert-renewal'].includes(v.id));
    expect(s.progress).toEqual({ done: 1, total: counted.length });
    expect(await cli.refuse(['profile', 'remove-terminal', '事務'], 4)).toContain('最後の端末');

    const [events, text] = await Promise.all([history(cli), cli.ok(['history'])]);
    expect(events.filter((e) => e.type === 'profile-changed').map((e) => [e.change, e.terminal])).toEqual([
      ['terminal-added', '予備'],
      ['terminal-removed', '受付'],
      ['terminal-removed', '予備'],
    ]);
    expect(text.stdout).toContain('端末「予備」を追加');
    expect(text.stdout).toContain('端末「受付」を削除');
  });

  it('set --connection ipv4-ipvpn is refused with an oqs terminal on NTT, then brings pppoe in and line-auth out', async () => {
    const cli = Cli.fresh('2026-04-01');
    await cli.ok(TWO);
    expect(await cli.refuse(['profile', 'set', '--connection', 'ipv4-ipvpn'], 3)).toContain('ipv6-ipvpn');
    await cli.ok(['profile', 'remove-terminal', '受付']);
    const ipv6 = await cli.status();
    expect(find(ipv6, 'pppoe', '事務')?.status).toBe('skipped');
    expect(find(ipv6, 'line-auth', '事務')?.status).toBe('blocked');

    expect((await cli.ok(['profile', 'set', '--connection', 'ipv4-ipvpn'])).stdout).toContain('接続方式');
    const ipv4 = await cli.status();
    expect(ipv4.facility.connection).toBe('ipv4-ipvpn');
    expect(find(ipv4, 'pppoe', '事務')).toMatchObject({ status: 'blocked', blockedBy: [{ id: 'claims-settings', terminal: null, status: 'blocked' }, { id: 'net-config', terminal: '事務', status: 'ready' }] });
    expect(find(ipv4, 'line-auth', '事務')?.status).toBe('skipped');
    expect(find(ipv4, 'closed-network', '事務')?.blockedBy).toEqual([{ id: 'pppoe', terminal: '事務', status: 'blocked' }]);
    expect(await cli.refuse(['profile', 'set', '--connection', 'ipv4-ipvpn'], 3)).not.toBe('');
    await cli.refuse(['profile', 'add-terminal', '受付:oqs'], 3);

    await cli.ok(['profile', 'set', '--connection', 'ipv6-ipvpn']);
    const [back, events, text] = await Promise.all([cli.status(), history(cli), cli.ok(['history'])]);
    expect(find(back, 'pppoe', '事務')?.status).toBe('skipped');
    expect(events.filter((e) => e.type === 'profile-changed').map((e) => e.change)).toEqual(['terminal-removed', 'fields:connection', 'fields:connection']);
    expect(text.stdout.match(/接続方式 を変更/g)).toHaveLength(2);
  });

  it('undo of a step records an undone event and the step is ready again', async () => {
    const cli = Cli.fresh('2026-04-01');
    await cli.ok(INIT);
    await cli.ok(['done', 'portal-account', 'email=uketsuke@example.jp']);
    expect((await cli.step('portal-account')).status).toBe('done');
    const undone = await cli.ok(['undo']);
    expect(undone.stdout).toContain('#2');
    expect(undone.stdout).toContain('#3');

    const [s, events, text] = await Promise.all([cli.status(), history(cli), cli.ok(['history'])]);
    expect(find(s, 'portal-account')).toMatchObject({ status: 'ready', since: null });
    expect(s.progress.done).toBe(1);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({ id: 3, type: 'undone', target: 2, step: 'portal-account', terminal: null, undoneBy: null });
    expect(events[1]).toMatchObject({ id: 2, type: 'step-done', step: 'portal-account', undoneBy: 3, inputs: { email: 'uketsuke@example.jp' } });
    expect(text.stdout).toContain('#3 で取り消し');

    // Recorded again, it counts again.
    await cli.ok(['done', 'portal-account', 'email=reception@example.jp']);
    expect(await cli.step('portal-account')).toMatchObject({ status: 'done' });

    // A profile change is undone the same way.
    await cli.ok(['profile', 'add-terminal', '受付:oqs']);
    await cli.ok(['undo', '#5']);
    expect((await cli.status()).facility.terminals.map((t) => t.name)).toEqual(['端末1']);
  });

  it('history --json lists secretInputs by name, never their values', async () => {
    const cli = Cli.fresh('2026-04-01');
    await cli.ok(['init', '--name', '事務だけ医院', '--code', '0110113719', '--area', 'east', '--connection', 'ipv4-ipvpn', '--terminal', '事務:claims']);
    await cli.ok(['done', 'portal-account', 'email=jimu@example.jp']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579']);
    await cli.ok(['done', 'claims-notice']);
    cli.now = '2026-05-14';
    await cli.ok(['done', 'claims-settings', 'networkId=31415926@os271828', '--at', '2026-05-12'], {
      input: 'networkPassword=Zq8Lm3Xp\ninitialPassword=Shoki-Pass-42\n',
      env: { SEIKYU_PASSPHRASE: 'jimu-passphrase-9' },
    });
    const [events, text, status] = await Promise.all([history(cli), cli.ok(['history']), cli.status()]);
    const settings = events.find((e) => e.step === 'claims-settings')!;
    expect(settings).toMatchObject({ type: 'step-done', occurredAt: '2026-05-12', inputs: { networkId: '31415926@os271828' } });
    expect([...settings.secretInputs].sort()).toEqual(['initialPassword', 'networkPassword']);
    expect(events.filter((e) => e.step !== 'claims-settings').every((e) => e.secretInputs.length === 0)).toBe(true);
    expect(find(status, 'claims-settings')?.status).toBe('done');
    expect(find(status, 'pppoe', '事務')?.blockedBy).toEqual([{ id: 'net-config', terminal: '事務', status: 'ready' }]);
    expect(text.stdout).toMatch(/networkPassword=＊＊＊/);
    const everything = [JSON.stringify(events), text.stdout, JSON.stringify(status), readFileSync(cli.file, 'utf8')].join('\n');
    for (const secret of ['Zq8Lm3Xp', 'Shoki-Pass-42', 'jimu-passphrase-9']) expect(everything.includes(secret), secret).toBe(false);
  });

  // BUG (src/machine/replay.ts currentProfile / profile events carry the whole profile): undoing a profile
  // change that is not the latest one is reported as done ("#2（施設情報を変更: connection を変更）を取り消しました")
  // but changes nothing, because the later event still carries the old change in its full profile.
  it('refuses to undo an earlier profile change under a later one, and undoes them newest first', async () => {
    const cli = Cli.fresh('2026-04-01');
    await cli.ok([...INIT, '--terminal', '事務:claims']);
    await cli.ok(['profile', 'set', '--connection', 'ipv4-ipvpn']); // #2
    await cli.ok(['profile', 'set', '--name', '新しい名前']); // #3
    const message = await cli.refuse(['undo', '2'], 4);
    expect(message).toContain('#3');
    await cli.ok(['undo', '3']);
    await cli.ok(['undo', '2']);
    const { facility } = await cli.status();
    expect(facility.name).toBe('テスト診療所');
    expect(facility.connection).toBe('ipv6-ipvpn');
  });
});
