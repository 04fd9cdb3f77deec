import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { Cli, removeTempDirs, requireBuild } from '../helpers/cli.js';

/**
 * `seikyu show STEP` from the compiled program: the sections of the TUI's step detail, in its order, in
 * plain text, then the command that records the step.
 */

const t = translator('ja');
const PASSPHRASE = 'tsukuba-clinic-2026';
const REFERENCE_ID = 'REF-9f3c-7781-kk';

/** The headings of `show`'s output (a line after an empty one that is a section heading). */
function headings(stdout: string): string[] {
  const known = new Set(
    (['ui.detail.why', 'ui.detail.unblocks', 'ui.detail.inputs', 'ui.detail.confirm', 'ui.detail.check', 'ui.detail.desk', 'ui.detail.links', 'ui.detail.history', 'cli.show.record'] as const).map((k) => t(k)),
  );
  const lines = stdout.split('\n');
  return lines.filter((line, i) => known.has(line) && lines[i - 1] === '');
}

beforeAll(requireBuild);
afterAll(removeTempDirs);

describe('seikyu show', () => {
  it('prints a blocked step’s sections in the TUI’s order, the check included, and how to record it last', async () => {
    const cli = Cli.fresh('2026-11-24');
    await cli.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
    const { stdout } = await cli.ok(['show', 'client-cert']);
    expect(stdout.split('\n')[0]).toBe('client-cert［端末1］  電子証明書のダウンロードとインストール');
    expect(headings(stdout)).toEqual(
      (['ui.detail.why', 'ui.detail.unblocks', 'ui.detail.inputs', 'ui.detail.check', 'ui.detail.desk', 'ui.detail.links', 'ui.detail.history', 'cli.show.record'] as const).map((k) => t(k)),
    );
    expect(stdout).toContain(`\n${t('ui.detail.inputs')}\n  file  電子証明書ファイル\n`);
    // A step with a check: the program checks the file it is given (and finds the expiry itself); by hand, with a note.
    expect(stdout.trimEnd().split('\n').slice(-4)).toEqual([
      '  seikyu done client-cert file=…',
      `  ${t('cli.show.checked')}`,
      `  ${t('cli.show.byHand', { command: 'seikyu done client-cert file=… notAfter=… --note "…"' })}`,
      `  ${t('cli.show.secrets', { keys: 'password' })}`,
    ]);
  });

  it('shows a recorded secret as its mask, and no command for a step already done', async () => {
    const cli = Cli.fresh('2026-11-24');
    const env = { SEIKYU_PASSPHRASE: PASSPHRASE };
    await cli.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east']);
    await cli.ok(['done', 'portal-account', 'email=clinic@example.jp']);
    await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579']);
    await cli.ok(['done', 'oqs-application']);
    await cli.ok(['done', 'cert-application']);
    await cli.ok(['done', 'cert-letter', 'requestId=R0246813579'], { input: `referenceId=${REFERENCE_ID}\n`, env });
    const { stdout } = await cli.ok(['show', 'cert-letter'], { env });
    expect(stdout).toContain('\n  requestId  リクエストID: R0246813579\n  referenceId  リファレンスID（秘密・暗号化して保存）: ＊＊＊\n');
    expect(stdout).not.toContain(REFERENCE_ID);
    expect(headings(stdout)).not.toContain(t('cli.show.record'));
    expect(headings(stdout).at(-1)).toBe(t('ui.detail.history'));
  });
});
