import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, removeTempDirs, requireBuild, type RunOptions } from '../helpers/cli.js';

/**
 * Input meant to break the program — dates outside four-digit years, odd date-times, an option bundle of
 * 130,000 letters — never reaches exit 1 ("a bug"). Each is a usage (2) or input (3) error: one sentence on
 * stderr in the chosen language, no stack trace, the saved document byte for byte as it was (`Cli.refuse`).
 */

const USAGE = 2;
const INPUT = 3;
const INIT = ['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn'];
const en: RunOptions = { env: { SEIKYU_LANG: 'en' } };
/** Japanese letters: a message in the default language has some, an English one none. */
const KANA = /[ぁ-んァ-ン]/;

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

let cli: Cli;
beforeAll(async () => {
  requireBuild();
  cli = Cli.fresh('2026-04-01');
  await cli.ok(INIT);
  await cli.ok(['done', 'portal-account', 'email=a@b.jp']);
  await cli.ok(['done', 'line-contract', 'customerId=CAF1234567890']);
});

/** A random string of lowercase letters (a different one each run: none of them may get through). */
function randomLetters(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return out;
}

describe.concurrent('SEIKYU_NOW outside the years 1000–9998, or not an ISO date', () => {
  const refused = ['10000-01-01', '0999-12-31', '0000-01-01', '+010000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '9999-12-31', '9999-12-31T23:59:59-12:00', '1970', '2026', 'Tue, 01 Apr 2026', '1', '2026-02-30', '2027-02-29', '2026-04-10T24:00', '2026-04-10T09:60', '2026-04-10T09:00+15:00', '2026-04-10 09:00', '20260410'];

  it.each(refused)('%s: exit 2 naming the variable, for a reading and a writing command', async (now) => {
    const message = await cli.refuse(['status'], USAGE, { now });
    expect(message).toContain('SEIKYU_NOW');
    expect(message).toMatch(KANA);
    await cli.refuse(['done', 'ons-application'], USAGE, { now });
  });

  it('says it in English with --lang en', async () => {
    const message = await cli.refuse(['status', '--lang', 'en'], USAGE, { now: '10000-01-01' });
    expect(message).toContain('SEIKYU_NOW');
    expect(message).toContain('10000-01-01');
    expect(message).not.toMatch(KANA);
  });

  it('judges the range on the local day: 1000-01-01 at UTC+14 is still 999 in UTC', async () => {
    await cli.refuse(['status'], USAGE, { now: '1000-01-01T00:00:00+14:00', env: { TZ: 'UTC' } });
  });

  it('a 130,000-character value is named shortened', async () => {
    const message = await cli.refuse(['status'], USAGE, { now: '2026-' + '1'.repeat(130_000) });
    expect(message.length).toBeLessThan(400);
  });

  it.each(['1000-01-01', '9998-12-31', '2026-04-10T09:00', '2026-04-10T09:00:30.250Z', '2026-04-10T09:00+09:00', '2028-02-29'])(
    '%s is accepted',
    async (now) => {
      expect((await cli.run(['status'], { now })).code).toBe(0);
    },
  );
});

describe.concurrent('dates given to options and inputs', () => {
  it('--at, --by and issuedOn with five-digit or early years are input errors (exit 3)', async () => {
    expect(await cli.refuse(['done', 'oqs-application', '--at', '0999-01-01'], INPUT)).toContain('0999-01-01');
    await cli.refuse(['done', 'oqs-application', '--at', '10000-01-01'], INPUT);
    await cli.refuse(['expect', 'line-registration', '--by', '10000-01-01'], INPUT, en);
    const applied = cli.clone();
    await applied.ok(['done', 'oqs-application']);
    await applied.ok(['done', 'cert-application']);
    const secret = { input: 'referenceId=abc\n', env: { SEIKYU_PASSPHRASE: 'passphrase-1' } };
    for (const issuedOn of ['10000-01-01', '0999-01-01', '0000-01-01']) {
      expect(await applied.refuse(['done', 'cert-letter', 'requestId=R1', `issuedOn=${issuedOn}`], INPUT, secret)).toContain('issuedOn');
    }
  });

  it('a step back-dated to the year 0 and a wait expected in 9999 leave every view working', async () => {
    const far = cli.clone();
    const accepted = async (args: string[], options: RunOptions = {}) => {
      const result = await far.run(args, options);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).not.toBe(1);
      return result;
    };
    await accepted(['done', 'ons-application', '--at', '0000-01-01']);
    await accepted(['done', 'reader-order', '--at', '0000-02-29', 'count=1', 'model=x']);
    await accepted(['done', 'oqs-application']);
    await accepted(['expect', 'line-registration', '--by', '9999-12-31']);
    for (const args of [['status'], ['status', '--json'], ['next'], ['history'], ['show', 'ons-approval'], ['show', 'line-registration']]) {
      expect((await accepted(args)).code, args.join(' ')).toBe(0);
    }
    for (const now of ['9998-12-31', '1000-01-01']) {
      expect((await accepted(['next'], { now })).code).toBe(0);
    }
  });
});

describe.concurrent('option bundles and option values', () => {
  const h = '-' + 'h'.repeat(130_000);

  it('`status -hhhh…` (130,000 letters) is an unknown option, named shortened', async () => {
    const message = await cli.refuse(['status', h], USAGE);
    expect(message).toContain('-hhhh');
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(400);
  });

  it('130,000 random letters, in English too', async () => {
    const message = await cli.refuse(['status', '-' + randomLetters(130_000)], USAGE, en);
    expect(message).not.toMatch(KANA);
    expect(message.length).toBeLessThan(400);
    // Without a command the message names none (not "seikyu: seikyu: …").
    expect(await cli.refuse([h], USAGE)).toMatch(/^seikyu: オプション -hhhh.*… はありません。`seikyu --help`/);
    expect(await cli.refuse(['--frob'], USAGE, en)).toBe('seikyu: There is no option --frob. Run `seikyu --help` for the usage.');
    await cli.refuse(['done', 'ons-application', '-' + randomLetters(130_000)], USAGE);
  });

  it('a 130,000-letter long option and a 130,000-letter stray argument are named shortened', async () => {
    expect((await cli.refuse(['status', '--' + 'a'.repeat(130_000)], USAGE)).length).toBeLessThan(400);
    expect((await cli.refuse(['status', 'x'.repeat(130_000)], USAGE)).length).toBeLessThan(400);
  });

  it('a bundle with a letter that is no option, or the same letter twice, names the argument', async () => {
    expect(await cli.refuse(['status', '-hx'], USAGE)).toContain('-hx');
    expect(await cli.refuse(['status', '-hh'], USAGE)).toContain('-hh');
    expect(await cli.refuse(['status', '-h=1'], USAGE)).toContain('-h=1');
  });

  it('a value given to a flag, or missing for an option, names the option', async () => {
    expect(await cli.refuse(['status', '--help=3'], USAGE)).toContain('--help');
    expect(await cli.refuse(['status', '--json=1'], USAGE, en)).toBe('seikyu: status: the option --json takes no value.');
    expect(await cli.refuse(['done', 'ons-application', '--note'], USAGE, en)).toBe('seikyu: done: the option --note needs a value.');
    expect(await cli.refuse(['done', 'ons-application', '--at', '--note', 'x'], USAGE)).toContain('--at');
    expect(await cli.refuse(['status', '--', '-x'], USAGE)).toContain('-x');
  });

  it('escape sequences in an argument are shown, not sent to the terminal', async () => {
    const message = await cli.refuse(['status', '--\u001b]0;owned\u0007'], USAGE);
    expect(message).toContain('␛]0;owned␇');
  });
});
