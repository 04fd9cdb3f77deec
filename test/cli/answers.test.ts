import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cli, removeTempDirs, requireBuild, tempDir } from '../helpers/cli.js';

/**
 * Saved answers (src/effects/answers.ts, src/cli/fast.ts): `status` and `next` asked again about the same
 * document on the same day print what they printed, without the rest of the program; anything the text depends
 * on that changed gives the full run. The built program, on real data folders.
 */

interface AnswersFile {
  format: number;
  entries: { key: string; document: string; dataDir: string; out: string }[];
}

const answersOf = (cli: Cli): AnswersFile => JSON.parse(readFileSync(path.join(cli.home, 'answers.json'), 'utf8')) as AnswersFile;

/** Marks every saved answer, so that a run printing the mark is known to have printed a saved answer. */
function markAnswers(cli: Cli, mark: string): void {
  const file = answersOf(cli);
  for (const e of file.entries) e.out = `${mark}\n${e.out}`;
  writeFileSync(path.join(cli.home, 'answers.json'), JSON.stringify(file), { mode: 0o600 });
}

// Each case runs the program a few times over; the machines that run the suite may be busy.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let cli: Cli;

beforeAll(async () => {
  requireBuild();
  cli = Cli.fresh('2026-11-24');
  await cli.ok(['init', '--name', 'こたえ内科', '--code', '0110113719', '--area', 'east']);
  await cli.ok(['profile', 'add-terminal', '受付PC:oqs']);
  await cli.ok(['done', 'portal-account', 'email=clinic@example.jp', '--at', '2026-11-10']);
  await cli.ok(['done', 'line-contract', 'customerId=CAF0246813579', '--at', '2026-11-10']);
});

afterAll(removeTempDirs);

const QUESTIONS: { args: string[]; env?: Record<string, string> }[] = [
  { args: ['status'] },
  { args: ['status', '--json'] },
  { args: ['next'] },
  { args: ['next', '--json'] },
  { args: ['status', '--terminal', '受付PC'] },
  { args: ['status'], env: { SEIKYU_LANG: 'en' } },
  { args: ['next', '--lang', 'en'] },
  { args: ['--lang=en', 'next', '--json'] },
];

describe('a question asked again about the same document on the same day', () => {
  it('prints byte for byte what the full run printed, and exit 0 with nothing on stderr', async () => {
    const copy = cli.clone();
    for (const q of QUESTIONS) {
      const first = await copy.run(q.args, { env: q.env });
      expect(first.code, `${q.args.join(' ')}: ${first.stderr}`).toBe(0);
      const second = await copy.run(q.args, { env: q.env });
      expect(second, q.args.join(' ')).toEqual(first);
    }
    // One saved answer per question, each about the current document.
    const file = answersOf(copy);
    expect(file.entries).toHaveLength(QUESTIONS.length);
    expect(new Set(file.entries.map((e) => e.document)).size).toBe(1);
  });

  it('is served from the saved answer (a marked answer is printed as saved)', async () => {
    const copy = cli.clone();
    await copy.ok(['next']);
    markAnswers(copy, 'MARK');
    expect((await copy.ok(['next'])).stdout.startsWith('MARK\n')).toBe(true);
  });

  it('keeps answers.json private (0600) and leaves no temp file', async () => {
    const copy = cli.clone();
    await copy.ok(['status']);
    expect((statSync(path.join(copy.home, 'answers.json')).mode & 0o777).toString(8)).toBe('600');
    expect(readdirSync(copy.home).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('anything the text depends on that changed gives the full run', () => {
  /** A copy whose saved answers to `args` are marked: the output says whether the saved one was printed. */
  async function marked(args: string[]): Promise<Cli> {
    const copy = cli.clone();
    await copy.ok(args);
    markAnswers(copy, 'MARK');
    return copy;
  }

  it('a new event (recorded with the program)', async () => {
    const copy = await marked(['next']);
    await copy.ok(['expect', 'line-registration', '--by', '2026-12-03']);
    const after = await copy.ok(['next']);
    expect(after.stdout).not.toContain('MARK');
    expect(after.stdout).toContain('12/3');
  });

  it('a hand edit of the document (one character of the name), though the events are the same', async () => {
    const copy = await marked(['status', '--json']);
    const doc = readFileSync(copy.file, 'utf8');
    writeFileSync(copy.file, doc.replaceAll('こたえ内科', 'こたえ外科'));
    const after = await copy.run(['status', '--json']);
    expect(after.stdout).not.toContain('MARK');
  });

  it('another day', async () => {
    const copy = await marked(['next']);
    expect((await copy.ok(['next'], { now: '2026-11-25' })).stdout).not.toContain('MARK');
    // The same day again: the answer for that day is still there.
    expect((await copy.ok(['next'])).stdout).toContain('MARK');
  });

  it('another language, another option, another command', async () => {
    const copy = await marked(['next']);
    for (const [args, env] of [
      [['next'], { SEIKYU_LANG: 'en' }],
      [['next', '--json'], {}],
      [['status'], {}],
      [['status', '--terminal', '受付PC'], {}],
    ] as const) {
      expect((await copy.ok([...args], { env })).stdout, args.join(' ')).not.toContain('MARK');
    }
  });

  it('colour asked for (FORCE_COLOR) instead of NO_COLOR', async () => {
    const copy = await marked(['status']);
    const coloured = await copy.ok(['status'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).not.toContain('MARK');
    expect(coloured.stdout).toContain('\u001b[');
  });

  it('the same folder copied elsewhere (the answer names the folder it was made in)', async () => {
    const copy = await marked(['next']);
    const moved = new Cli(tempDir(), copy.now);
    cpSync(copy.home, moved.home, { recursive: true });
    expect((await moved.ok(['next'])).stdout).not.toContain('MARK');
  });

  it('another build of the program (its digest is part of the key)', async () => {
    const copy = await marked(['next']);
    const file = answersOf(copy);
    // The key is a digest: a saved answer keyed for another build is one whose key matches nothing now.
    for (const e of file.entries) e.key = e.key.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    writeFileSync(path.join(copy.home, 'answers.json'), JSON.stringify(file));
    expect((await copy.ok(['next'])).stdout).not.toContain('MARK');
  });
});

describe('a damaged or unusable answers file never changes the answer', () => {
  const reference = async (copy: Cli, args: string[]) => {
    const fresh = cli.clone();
    return fresh.ok(args, { now: copy.now });
  };

  for (const [what, damage] of [
    ['garbage', (file: string) => writeFileSync(file, '\u0000{not json')],
    ['another format', (file: string) => writeFileSync(file, JSON.stringify({ format: 99, entries: [] }))],
    ['entries of the wrong shape', (file: string) => writeFileSync(file, JSON.stringify({ format: 1, entries: [{ key: 1 }, null, 'x'] }))],
    ['a folder in its place', (file: string) => {
      rmSync(file, { force: true });
      mkdirSync(file);
    }],
  ] as const) {
    it(`${what}: the full run's text, exit 0`, async () => {
      const copy = cli.clone();
      await copy.ok(['status']);
      damage(path.join(copy.home, 'answers.json'));
      const after = await copy.run(['status']);
      expect(after).toEqual(await reference(copy, ['status']));
    });
  }

  // root writes into read-only folders, so the case cannot be made as root (the save's failure path is the same as
  // for a folder in place of the file, above).
  it.skipIf(process.getuid?.() === 0)('a read-only data folder: the answer is printed, nothing saved, no error', async () => {
    const copy = cli.clone();
    chmodSync(copy.home, 0o500);
    try {
      const after = await copy.run(['next']);
      expect(after).toEqual(await reference(copy, ['next']));
      expect(existsSync(path.join(copy.home, 'answers.json'))).toBe(false);
    } finally {
      chmodSync(copy.home, 0o700);
    }
  });
});

describe('a document that is not a regular file is refused as before, saved answer or not (regression)', () => {
  it('a symbolic link to the very same bytes: the saved answer is not printed, the link is refused', async () => {
    const copy = cli.clone();
    await copy.ok(['status']);
    const real = `${copy.file}.real`;
    renameSync(copy.file, real);
    symlinkSync(real, copy.file);
    const result = await copy.run(['status']);
    expect(result.code).toBe(6);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^seikyu: \S[^\n]*\n$/);
  });

  it.skipIf(process.platform === 'win32')('a FIFO in its place: refused at once, never waiting for a writer', async () => {
    const copy = cli.clone();
    await copy.ok(['status']);
    rmSync(copy.file);
    execFileSync('mkfifo', [copy.file]);
    const began = performance.now();
    const result = await copy.run(['status']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/^seikyu: \S[^\n]*\n$/);
    // A blocked read would never return; the CLI helper's own timeout would end the test long after this.
    expect(performance.now() - began).toBeLessThan(60_000);
  });
});
