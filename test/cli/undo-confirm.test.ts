import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, removeTempDirs, requireBuild, type HistoryEventJson } from '../helpers/cli.js';
import { requireTmux, TmuxSession } from '../helpers/tmux.js';

/**
 * `seikyu undo` without a number, on a terminal, names the record it would take back (its history line) and
 * asks y/N; `--yes` skips the question; without a terminal it undoes at once, as scripts expect.
 */

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
beforeAll(requireBuild);
beforeAll(requireTmux);
afterAll(removeTempDirs);

const LINE = '#3  2026-11-24  完了  line-contract  customerId=CAF0246813579 — テスト担当';
const QUESTION = 'この記録を取り消しますか？ [y/N]:';

/** A clinic with two records after its registration: #2 portal-account, #3 line-contract. */
let base: Cli;
beforeAll(async () => {
  base = Cli.fresh('2026-11-24');
  await base.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
  await base.ok(['done', 'portal-account', 'email=clinic@example.jp']);
  await base.ok(['done', 'line-contract', 'customerId=CAF0246813579']);
});

const sessions: TmuxSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

function onTerminal(cli: Cli, args: string[]): TmuxSession {
  const session = TmuxSession.start({ columns: 120, args, env: { SEIKYU_HOME: cli.home, SEIKYU_NOW: cli.now, SEIKYU_LANG: 'ja' } });
  sessions.push(session);
  return session;
}

async function undoneBy(cli: Cli): Promise<Record<number, number | null>> {
  const { events } = await cli.json<{ events: HistoryEventJson[] }>(['history', '--json']);
  return Object.fromEntries(events.map((e) => [e.id, e.undoneBy]));
}

describe('seikyu undo on a terminal', () => {
  it('names the record by its history line and undoes it after y', async () => {
    const cli = base.clone();
    const session = onTerminal(cli, ['undo']);
    const screen = await session.waitFor(QUESTION);
    expect(screen).toContain(`取り消す記録: ${LINE}\n  ${QUESTION}`);
    session.type('y');
    session.send('Enter');
    expect(await session.waitForExit()).toBe(0);
    expect(session.screen()).toContain('#3（完了  line-contract）を取り消しました（#4）。');
    expect((await undoneBy(cli))[3]).toBe(4);
  });

  it('saves nothing when the answer is not yes (exit 4, one sentence)', async () => {
    const cli = base.clone();
    const before = readFileSync(cli.file);
    const session = onTerminal(cli, ['undo']);
    await session.waitFor(QUESTION);
    session.send('Enter');
    expect(await session.waitForExit()).toBe(4);
    expect(session.screen()).toContain('seikyu: 取り消しませんでした。');
    expect(readFileSync(cli.file).equals(before)).toBe(true);
  });

  it('ends with exit 130 and saves nothing on Ctrl-C at the question', async () => {
    const cli = base.clone();
    const before = readFileSync(cli.file);
    const session = onTerminal(cli, ['undo']);
    await session.waitFor(QUESTION);
    session.send('C-c');
    expect(await session.waitForExit()).toBe(130);
    expect(readFileSync(cli.file).equals(before)).toBe(true);
  });

  it('asks nothing with --yes', async () => {
    const cli = base.clone();
    const session = onTerminal(cli, ['undo', '--yes']);
    expect(await session.waitForExit()).toBe(0);
    expect(session.screen()).not.toContain(QUESTION);
    expect((await undoneBy(cli))[3]).toBe(4);
  });

  it('asks nothing when the record is named by its number', async () => {
    const cli = base.clone();
    const session = onTerminal(cli, ['undo', '3']);
    expect(await session.waitForExit()).toBe(0);
    expect(session.screen()).not.toContain(QUESTION);
    expect((await undoneBy(cli))[3]).toBe(4);
  });
});

describe('seikyu undo without a terminal', () => {
  it('undoes the last record at once, as before', async () => {
    const cli = base.clone();
    const result = await cli.run(['undo']);
    expect(result).toEqual({ code: 0, stdout: '#3（完了  line-contract）を取り消しました（#4）。\n', stderr: '' });
  });

  it('takes --yes too', async () => {
    const cli = base.clone();
    expect((await cli.ok(['undo', '--yes'])).stdout).toContain('#3（完了  line-contract）を取り消しました（#4）。');
  });
});
