import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { Cli, removeTempDirs, requireBuild } from '../helpers/cli.js';
import { repoRoot, requireTmux, TmuxSession } from '../helpers/tmux.js';

/**
 * The bug this guards: at 80×24 in English, `r` on the certificate letter's detail recorded a reveal while the
 * reference ID was drawn nowhere — too long for the line of its label, it wrapped onto the next line, below the
 * body's last line, and the next key hid it again. The real program in tmux, a data folder prepared by the
 * command line as an operator would: the value must be on the screen, above the message line, when the reveal
 * is recorded.
 */

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const NOW = '2026-11-24';
const PASSPHRASE = 'reveal-visible-pass-2026';
const t = translator('en');

interface ProcedureStep {
  id: string;
  short: Record<'ja' | 'en', string>;
}
const steps = (JSON.parse(readFileSync(path.join(repoRoot, 'data', 'procedure.json'), 'utf8')) as { steps: ProcedureStep[] }).steps;
const letterShort = steps.find((s) => s.id === 'cert-letter')?.short.en ?? expect.unreachable('no cert-letter step');

/** Text without white space: the screen wraps a long value by cell and indents its continuations. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** A clinic whose certificate letter is recorded with `referenceId` (given on stdin, stored encrypted). */
async function letterRecorded(referenceId: string): Promise<Cli> {
  const cli = Cli.fresh(NOW);
  const ok = async (args: string[], options: Parameters<Cli['run']>[1] = {}) => {
    const result = await cli.run(args, options);
    expect(result.code, `seikyu ${args.join(' ')}: ${result.stderr}`).toBe(0);
  };
  await ok(['init', '--name', 'ひみつ内科', '--code', '0110113719', '--area', 'east']);
  await ok(['done', 'portal-account', 'email=clinic@example.jp', '--at', '2026-11-10']);
  await ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-10']);
  await ok(['done', 'claims-notice']);
  await ok(['done', 'cert-application']);
  await ok(['done', 'cert-letter', 'requestId=R0001', `issuedOn=${NOW}`], { input: `referenceId=${referenceId}\n`, env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
  return cli;
}

const sessions: TmuxSession[] = [];
beforeAll(() => {
  requireBuild();
  requireTmux();
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});
afterAll(removeTempDirs);

describe('r on the letter’s detail in a real terminal shows the value it records as shown', () => {
  const cases = [
    { name: '80×24, a value that wraps under its long label (the bug as found)', columns: 80, rows: 24, value: 'UXSECRET-9f3a-77Qx-long' },
    { name: '60×16, a value of several lines', columns: 60, rows: 16, value: `LONG-${'m4Tz'.repeat(40)}-END` },
  ];
  it.each(cases)('$name', async ({ columns, rows, value }) => {
    const cli = await letterRecorded(value);
    const session = TmuxSession.start({ columns, rows, env: { SEIKYU_HOME: cli.home, SEIKYU_NOW: NOW, SEIKYU_LANG: 'en', SEIKYU_PASSPHRASE: PASSPHRASE } });
    sessions.push(session);
    const footer = t('ui.footer.dashboard').slice(0, 10);
    await session.waitFor(footer, { timeout: 30_000, what: 'the dashboard' });

    // Down to the letter's row (marked `›`), then Enter for its detail.
    const marked = () =>
      session
        .lines()
        .find((l) => l.startsWith('›'))
        ?.includes(letterShort) ?? false;
    for (let moves = 0; !marked(); moves++) {
      expect(moves, `the row of ${letterShort}:\n${session.screen()}`).toBeLessThan(60);
      const before = session.screen();
      session.send('Down');
      await session.waitFor((s) => s !== before, { what: 'the selection to move' });
    }
    session.send('Enter');
    const detail = await session.waitFor((s) => squash(s).includes('(cert-letter)'), { what: 'the letter’s detail' });
    expect(squash(detail)).not.toContain(squash(value));

    session.send('r');
    const message = t('ui.revealed').slice(0, 16);
    const shown = await session.waitFor((s) => s.includes(message), { timeout: 30_000, what: 'the reveal' });
    const lines = shown.split('\n');
    const above = lines.slice(0, lines.findIndex((l) => l.startsWith(message)));
    expect(squash(above.join('\n')), `the value above the message line:\n${shown}`).toContain(squash(value));
    expect(squash(above.join('\n')), `the note under the value:\n${shown}`).toContain(squash(t('ui.detail.revealed')));

    // The reveal was recorded; the next key hides the value and the mask takes its place.
    const history = await cli.run(['history', '--json']);
    expect(history.stdout).toContain('secret-revealed');
    session.send('z');
    const hidden = await session.waitFor((s) => !squash(s).includes(squash(value).slice(0, 12)), { what: 'the value hidden' });
    expect(hidden).toContain(t('cli.secret.masked'));
    session.send('q');
    expect(await session.waitForExit(20_000)).toBe(0);
  });
});
