/* eslint-disable no-control-regex -- these tests look for control characters in output */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fill, translator } from '../../src/i18n/index.js';
import { eventLine } from '../../src/i18n/describe.js';
import { excerpt, printableJson, visible } from '../../src/i18n/visible.js';
import type { StoredEvent } from '../../src/machine/events.js';
import { Cli, removeTempDirs, requireBuild, type CliResult } from '../helpers/cli.js';

/**
 * Nothing stored reaches the terminal raw: a name, a note, an operator or an input value holding escape
 * sequences (written straight into the document, past the input checks) is printed with its control
 * characters made visible, by every command; `--json` escapes them as JSON does.
 */

/** Any control character but the line feed that ends lines: C0, DEL, C1. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** C0 controls but the line feed: what JSON.stringify escapes. */
const C0 = /[\u0000-\u0009\u000b-\u001f]/;

describe('visible', () => {
  it('draws C0 controls and DEL as control pictures, C1 and invisible reordering characters as \\u escapes', () => {
    expect(visible('\u001b]0;pwned\u0007')).toBe('␛]0;pwned␇');
    expect(visible('a\u001b[2Jb')).toBe('a␛[2Jb');
    expect(visible('\u0000\t\n\r\u007f')).toBe('␀␉␊␍␡');
    expect(visible('\u009b2J')).toBe('\\u009B2J');
    expect(visible('abc\u202edef\u2028')).toBe('abc\\u202Edef\\u2028');
  });

  it('keeps spaces, Japanese and every printable character, and returns clean text unchanged', () => {
    const text = 'さくら内科クリニック 端末1 「電子証明書」（簡易書留） a@b.jp ~!@#$%^&*()_+ ｱｲｳ 🙂';
    expect(visible(text)).toBe(text);
  });

  it('is idempotent: its output holds no control character', () => {
    const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('');
    const once = visible(all);
    expect(once).not.toMatch(CONTROL);
    expect(visible(once)).toBe(once);
  });

  it('excerpt shortens a long value with … and makes it visible', () => {
    expect(excerpt('x'.repeat(130_000))).toBe('x'.repeat(39) + '…');
    expect(excerpt('\u001b[2J')).toBe('␛[2J');
    expect(excerpt('短い')).toBe('短い');
  });

  it('printableJson parses back to the same value, with DEL, C1 and U+2028 escaped too', () => {
    const value = { note: 'a\u001b[2J\u007f\u009b\u2028b', n: 1 };
    const json = printableJson(value);
    expect(json).not.toMatch(CONTROL);
    expect(json).not.toContain('\u2028');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('messages show their values visibly', () => {
  it('fill makes parameters visible, never the template', () => {
    expect(fill('{a}\n{b}', { a: '\u001b[2J', b: 'ok' })).toBe('␛[2J\nok');
    expect(fill('「{name}」', { name: 'x\u0007' })).toBe('「x␇」');
  });

  it('a value is not read as a template: a note holding "{code}" stays as it is', () => {
    expect(fill('{note} {code}', { note: '{code}', code: '123' })).toBe('{code} 123');
  });

  it('eventLine shows the inputs, note and operator of a stored event visibly', () => {
    const event: StoredEvent = {
      id: 2,
      type: 'step-done',
      step: 'portal-account',
      terminal: null,
      inputs: { email: 'a@b.jp\u001b[2J' },
      occurredAt: '2026-04-02',
      recordedAt: '2026-04-02T12:00:00+09:00',
      operator: 'op\u001b]0;x\u0007',
      note: 'n\u009b',
    };
    const line = eventLine(translator('en'), event, undefined, false);
    expect(line).not.toMatch(CONTROL);
    expect(line).toContain('email=a@b.jp␛[2J');
    expect(line).toContain('op␛]0;x␇');
    expect(line).toContain('n\\u009B');
  });
});

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(removeTempDirs);

describe.concurrent('the commands, on a document edited to hold escape sequences', () => {
  const NAME = '悪い\u001b]0;pwned\u0007医院\u001b[2J';
  const NOTE = 'メモ\u001b[31m赤\u009b2J\u007f終';
  const OPERATOR = 'op\u001b]8;;http://x\u0007link\u0000';
  const EMAIL = 'a@b.jp\u001b[2J\b';
  let cli: Cli;

  beforeAll(async () => {
    requireBuild();
    cli = Cli.fresh('2026-04-01');
    await cli.ok(['init', '--name', 'テスト診療所', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn']);
    await cli.ok(['done', 'portal-account', 'email=a@b.jp'], { now: '2026-04-02' });
    // Straight into the file: as if edited by hand, or written by a program without the input checks.
    const doc = JSON.parse(readFileSync(cli.file, 'utf8'));
    // (Terminal names are checked when the document is read: one with a control character is refused.)
    doc.profile.name = NAME;
    doc.events[0].profile.name = NAME;
    Object.assign(doc.events[1], { inputs: { email: EMAIL }, note: NOTE, operator: OPERATOR });
    doc.cache = null;
    writeFileSync(cli.file, JSON.stringify(doc, null, 2));
  });

  /** Runs a command that must succeed and have nothing but text and line feeds in its output. */
  async function clean(args: string[]): Promise<CliResult> {
    const result = await cli.run(args, { now: '2026-04-03' });
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    expect(result.stdout + result.stderr, args.join(' ')).not.toMatch(CONTROL);
    return result;
  }

  it('status and next show the facility name visibly', async () => {
    for (const args of [['status'], ['next'], ['status', '--lang', 'en']]) {
      const { stdout } = await clean(args);
      expect(stdout).toContain('悪い␛]0;pwned␇医院␛[2J');
    }
  });

  it('history shows the input, the note and the operator visibly', async () => {
    const { stdout } = await clean(['history']);
    expect(stdout).toContain('email=a@b.jp␛[2J␈');
    expect(stdout).toContain('メモ␛[31m赤\\u009B2J␡終');
    expect(stdout).toContain('op␛]8;;http://x␇link␀');
    expect(stdout).toContain('悪い␛]0;pwned␇医院␛[2J');
  });

  it('show lists the step\'s records visibly', async () => {
    const { stdout } = await clean(['show', 'portal-account']);
    expect(stdout).toContain('メモ␛[31m赤');
    expect(stdout).toContain('op␛]8;;');
    await clean(['show', 'cert-letter']);
  });

  it('profile show gives the name visibly', async () => {
    const { stdout } = await clean(['profile', 'show']);
    expect(stdout).toContain('悪い␛]0;pwned␇医院␛[2J');
  });

  it('an error naming a stored value shows it visibly', async () => {
    const result = await cli.run(['init', '--name', 'x', '--code', '0110113719', '--area', 'east']);
    expect(result.code).toBe(5);
    expect(result.stderr).not.toMatch(CONTROL);
    expect(result.stderr).toContain('悪い␛]0;pwned␇');
  });

  it('--json escapes the C0 controls (JSON.stringify does) and keeps the stored values', async () => {
    for (const args of [['status', '--json'], ['next', '--json'], ['profile', 'show', '--json']]) {
      const result = await cli.run(args, { now: '2026-04-03' });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).not.toMatch(C0);
    }
    const status = JSON.parse((await cli.run(['status', '--json'])).stdout);
    expect(status.facility.name).toBe(NAME);
    const history = await cli.run(['history', '--json']);
    expect(history.stdout).not.toMatch(C0);
    const events = JSON.parse(history.stdout).events;
    expect(events[1]).toMatchObject({ inputs: { email: EMAIL }, note: NOTE, operator: OPERATOR });
  });

  it('keeps its own colours: with colour on, the only escapes are the glyphs\' SGR codes', async () => {
    const result = await cli.run(['status'], { now: '2026-04-03', env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\u001b\[(1;)?3\dm✓\u001b\[0m/);
    const withoutColours = result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(withoutColours).not.toMatch(CONTROL);
    expect(withoutColours).toContain('悪い␛]0;pwned␇医院␛[2J');
  });
});
