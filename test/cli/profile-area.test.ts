import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';

/**
 * The NTT area comes from the 医療機関コード (an area that contradicts it is refused, naming the prefecture),
 * `profile` finds its sub-command wherever the global options stand, and adding or removing a PC says what a
 * PC costs and needs.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const OSAKA = '2710100013'; // 27 大阪府: NTT West
const HOKKAIDO = '0110113719'; // 01 北海道: NTT East

function clinic() {
  const dir = mkdtempSync(path.join(tmpdir(), 'seikyu-area-'));
  dirs.push(dir);
  const file = path.join(dir, 'seikyu.json');
  const run = (args: string[]) => runInProcess(args, { SEIKYU_HOME: dir, SEIKYU_NOW: '2026-04-01', SEIKYU_OPERATOR: 'テスト' });
  const ok = async (args: string[]) => {
    const result = await run(args);
    if (result.code !== 0) throw new Error(`seikyu ${args.join(' ')} → ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  return { dir, file, run, ok, bytes: () => readFileSync(file) };
}

const areaOf = async (c: ReturnType<typeof clinic>) => (JSON.parse(await c.ok(['profile', 'show', '--json'])) as { area: string | null }).area;

describe('the area at init', () => {
  it('is taken from the code when --area is not given: west for Osaka, east for Hokkaido', async () => {
    const osaka = clinic();
    await osaka.ok(['init', '--name', '浪速クリニック', '--code', OSAKA]);
    expect(await areaOf(osaka)).toBe('west');
    const hokkaido = clinic();
    await hokkaido.ok(['init', '--name', 'さくら内科', '--code', HOKKAIDO]);
    expect(await areaOf(hokkaido)).toBe('east');
  });

  it('stays empty off an NTT line', async () => {
    const c = clinic();
    await c.ok(['init', '--name', '浪速クリニック', '--code', OSAKA, '--carrier', 'ctc', '--connection', 'ipv4-ipvpn']);
    expect(await areaOf(c)).toBeNull();
  });

  it('refuses an --area that contradicts the code with exit 3, naming the prefecture and its area, and saves nothing', async () => {
    const c = clinic();
    const result = await c.run(['init', '--name', '浪速クリニック', '--code', OSAKA, '--area', 'east']);
    expect(result).toEqual({
      code: 3,
      stdout: '',
      stderr: 'seikyu: 医療機関コードの都道府県番号 27（大阪府）は NTT 西日本のエリアなので、エリアは west です（east は指定できません）。\n',
    });
    expect(existsSync(c.file)).toBe(false);
    const en = await c.run(['--lang', 'en', 'init', '--name', 'Sakura', '--code', HOKKAIDO, '--area', 'west']);
    expect(en.code).toBe(3);
    expect(en.stderr).toBe("seikyu: The medical institution code is from prefecture 01 (Hokkaido), in NTT East's area: the area is east, not west.\n");
    expect(existsSync(c.file)).toBe(false);
  });

  it('accepts an --area that agrees with the code', async () => {
    const c = clinic();
    await c.ok(['init', '--name', '浪速クリニック', '--code', OSAKA, '--area', 'west']);
    expect(await areaOf(c)).toBe('west');
  });
});

describe('profile set --area', () => {
  it('refuses an area that contradicts the code with exit 3 and saves nothing', async () => {
    const c = clinic();
    await c.ok(['init', '--name', '浪速クリニック', '--code', OSAKA]);
    const before = c.bytes();
    const result = await c.run(['profile', 'set', '--area', 'east']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('seikyu: 医療機関コードの都道府県番号 27（大阪府）は NTT 西日本のエリアなので、エリアは west です（east は指定できません）。\n');
    expect(c.bytes().equals(before)).toBe(true);
  });

  it('takes the area from the code when the line becomes NTT\'s', async () => {
    const c = clinic();
    await c.ok(['init', '--name', '浪速クリニック', '--code', OSAKA, '--carrier', 'qtnet', '--connection', 'ipv4-ipvpn', '--terminal', '事務:claims']);
    await c.ok(['profile', 'set', '--carrier', 'ntt']);
    expect(await areaOf(c)).toBe('west');
  });
});

describe('profile with global options anywhere', () => {
  it('shows the profile in English with --lang en before the command (seikyu --lang en profile show)', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', HOKKAIDO]);
    const out = await c.ok(['--lang', 'en', 'profile', 'show']);
    expect(out).toContain('Name: さくら内科\nMedical institution code: 0110113719\n');
    expect(out).toContain('NTT area: East\n');
  });

  it('finds the sub-command wherever --lang, --data-dir and --operator stand', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', HOKKAIDO]);
    for (const args of [
      ['profile', '--lang', 'en', 'show'],
      ['profile', 'show', '--lang', 'en'],
      ['--lang=en', 'profile', 'show'],
      ['--lang', 'en', '--operator', '田中', 'profile', 'show'],
      ['--lang', 'en', 'profile'],
      ['--data-dir', c.dir, '--lang', 'en', 'profile', 'show'],
    ]) {
      const result = await c.run(args);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.stdout, args.join(' ')).toContain('NTT area: East');
    }
    expect(JSON.parse(await c.ok(['--lang', 'en', 'profile', 'show', '--json'])).code).toBe(HOKKAIDO);
    expect(JSON.parse(await c.ok(['--lang', 'en', 'profile', '--json'])).code).toBe(HOKKAIDO);
    expect(await c.ok(['--lang', 'en', 'profile', 'set', '--name', 'Sakura Clinic'])).toContain('Changed the facility profile');
    expect(await c.ok(['--operator', '田中', 'profile', 'add-terminal', 'PC2:claims'])).toContain('PC2');
    expect(await c.ok(['--lang', 'en', 'profile', 'set-roles', 'PC2:claims,oqs'])).toContain('Changed the facility profile');
    expect(await c.ok(['--data-dir', c.dir, 'profile', 'remove-terminal', 'PC2'])).toContain('PC2');
    const history = await c.ok(['history']);
    expect(history).toMatch(/端末「PC2」を追加 — 田中/);
  });

  it('still refuses an unknown sub-command after global options (exit 2)', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', HOKKAIDO]);
    const result = await c.run(['--lang', 'en', 'profile', 'rename']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('seikyu: After profile, give one of show, add-terminal, set-roles, remove-terminal, set.\n');
  });
});

describe('adding and removing a PC', () => {
  it('says that each PC needs its own certificate at ¥1,500, and for a billing PC that the user settings letter is needed again', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', HOKKAIDO]);
    const oqs = await c.ok(['profile', 'add-terminal', '受付:oqs']);
    expect(oqs).toContain('電子証明書はパソコン1台ごとに1通必要です（1通1,500円（税込））。');
    expect(oqs).not.toContain('ユーザ設定情報');
    const claims = await c.ok(['profile', 'add-terminal', '事務:claims']);
    expect(claims).toContain('1通1,500円（税込）');
    expect(claims).toContain('オンライン請求に使うパソコンを替えるときは、「オンライン請求ユーザ設定情報」と電子証明書が改めて必要になります。');
    const en = await c.ok(['--lang', 'en', 'profile', 'add-terminal', 'PC3:claims']);
    expect(en).toContain('Each PC needs its own client certificate (¥1,500 incl. tax each)');
    expect(en).toContain('the user settings letter (オンライン請求ユーザ設定情報) and the certificate are needed again');
  });

  it('says on removal that a replacing PC needs its own certificate, and the letter for a billing PC', async () => {
    const c = clinic();
    await c.ok(['init', '--name', 'さくら内科', '--code', HOKKAIDO, '--terminal', '受付:oqs', '--terminal', '事務:claims', '--terminal', '予備:claims']);
    const billing = await c.ok(['profile', 'remove-terminal', '予備']);
    expect(billing).toContain('代わりのパソコンを使うときは、そのパソコンの電子証明書（1通1,500円（税込））が必要です。');
    expect(billing).toContain('「オンライン請求ユーザ設定情報」と電子証明書が改めて必要になります');
    const reception = await c.ok(['profile', 'remove-terminal', '受付']);
    expect(reception).toContain('1通1,500円（税込）');
    expect(reception).not.toContain('ユーザ設定情報');
  });
});
