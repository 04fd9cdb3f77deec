import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ask, PromptInterrupted, readKeys, type Terminal } from '../../src/effects/prompt.js';

/**
 * The terminal prompt, driven through a fake TTY (a stream with raw mode): what is typed becomes the answer,
 * and keys that would move a cursor never do — no escape sequence ends up in a secret.
 */

/** A stream that stands for a terminal's input: it records the raw modes it is put in. */
class FakeTty extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  readonly modes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.modes.push(mode);
    return this;
  }
}

/** The terminal's screen: everything written to it. */
class Screen extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

function terminal(): { term: Terminal; input: FakeTty; screen: Screen } {
  const input = new FakeTty();
  const screen = new Screen();
  return { term: { input: input as unknown as NodeJS.ReadStream, output: screen as unknown as NodeJS.WriteStream }, input, screen };
}

/** Lets the prompt read what was written so far (each `write` a chunk of its own, as a terminal sends keys). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Asks one question and types `chunks`, one read each. */
async function type(chunks: string[], hidden = true) {
  const t = terminal();
  const answer = ask(t.term, 'Q: ', hidden);
  for (const chunk of chunks) {
    await settle();
    t.input.write(chunk);
  }
  return { answer: await answer, ...t };
}

const LEFT = '\u001b[D';
const RIGHT = '\u001b[C';
const UP = '\u001b[A';
const HOME = ['\u001b[H', '\u001bOH', '\u001b[1~', '\u001b[7~'];
const END = ['\u001b[F', '\u001bOF', '\u001b[4~', '\u001b[8~'];
const DELETE = '\u001b[3~';
const BACKSPACE = '\u007f';

describe('hidden input', () => {
  it('ignores arrow keys: "abc←←x" is "abcx", never "abc[D[Dx"', async () => {
    expect((await type(['abc', LEFT, LEFT, 'x', '\r'])).answer).toBe('abcx');
    expect((await type([`abc${LEFT}${LEFT}x${RIGHT}${UP}\r`])).answer).toBe('abcx');
  });

  it('ignores Home, End and Delete in every form terminals send them', async () => {
    expect((await type(['ab', ...HOME, 'c', ...END, DELETE, 'd\r'])).answer).toBe('abcd');
    expect((await type([`ab${HOME.join('')}c${END.join('')}${DELETE}d\r`])).answer).toBe('abcd');
  });

  it('Backspace erases the last character, a Japanese one or one built of two code points whole', async () => {
    expect((await type(['日本語', BACKSPACE, '\r'])).answer).toBe('日本');
    expect((await type(['パスか\u3099', BACKSPACE, '\r'])).answer).toBe('パス');
    expect((await type(['ab👍🏽', BACKSPACE, BACKSPACE, '\r'])).answer).toBe('a');
    expect((await type([`漢字${BACKSPACE}${BACKSPACE}${BACKSPACE}かな\b\r`])).answer).toBe('か');
  });

  it('Ctrl-U empties the line', async () => {
    expect((await type(['wrong-one', '\u0015', 'right\r'])).answer).toBe('right');
  });

  it('takes a paste of several characters in one chunk, bracketed or not', async () => {
    expect((await type(['correct horse battery staple', '\r'])).answer).toBe('correct horse battery staple');
    expect((await type(['\u001b[200~R0123456789\u001b[201~\r'])).answer).toBe('R0123456789');
  });

  it('drops other controls, Alt+key, C1 characters, and a sequence cut between two reads', async () => {
    expect((await type(['a\u0001\t\u001bxb\u009b\u0085c', '\u001b[', '1;5D', 'd\r'])).answer).toBe('abcd');
    expect((await type(['a', '\u001b', 'b\r'])).answer).toBe('ab');
  });

  it('shows nothing of what is typed, not even its length', async () => {
    const { screen } = await type(['secret', BACKSPACE, 'T', LEFT, '\r']);
    expect(screen.text).toBe('Q: \n');
  });

  it('Enter ends the answer; CR LF is one Enter; what follows is left for the next question', async () => {
    const t = terminal();
    const first = ask(t.term, 'passphrase: ', true);
    await settle();
    t.input.write('first-pass\r\nsecond-pass\r');
    expect(await first).toBe('first-pass');
    expect(await ask(t.term, 'again: ', true)).toBe('second-pass');
  });

  it('Ctrl-C rejects with PromptInterrupted and gives the terminal its mode back', async () => {
    const t = terminal();
    const answer = ask(t.term, 'Q: ', true);
    await settle();
    t.input.write('abc\u0003');
    await expect(answer).rejects.toBeInstanceOf(PromptInterrupted);
    expect(t.input.modes).toEqual([true, false]);
    expect(t.input.isRaw).toBe(false);
  });

  it('puts the terminal in raw mode while it reads, and back after Enter', async () => {
    const { input } = await type(['x\r']);
    expect(input.modes).toEqual([true, false]);
  });
});

describe('visible input', () => {
  it('echoes what is typed, never an escape sequence', async () => {
    const { answer, screen } = await type(['ab', LEFT, HOME[0]!, 'c\r'], false);
    expect(answer).toBe('abc');
    expect(screen.text).toBe('Q: abc\n');
  });

  it('Backspace erases the cells of the character: two for a Japanese one', async () => {
    const { answer, screen } = await type(['a端', BACKSPACE, BACKSPACE, 'y\r'], false);
    expect(answer).toBe('y');
    expect(screen.text).toBe('Q: a端' + '\b \b'.repeat(2) + '\b \b' + 'y\n');
  });

  it('Ctrl-U erases the whole line on the screen', async () => {
    const { answer, screen } = await type(['はい', '\u0015', 'no\r'], false);
    expect(answer).toBe('no');
    expect(screen.text).toBe('Q: はい' + '\b \b'.repeat(4) + 'no\n');
  });
});

describe('readKeys', () => {
  it('reads a chunk as keys and keeps an unfinished escape sequence for the next', () => {
    expect(readKeys('ab\u001b[Dc\r').keys.map((k) => k.kind)).toEqual(['text', 'ignored', 'text', 'enter']);
    expect(readKeys('ab\u001b[1;').rest).toBe('\u001b[1;');
    expect(readKeys('ab\u001b').rest).toBe('');
  });

  it('reads a 130,000-key chunk of escapes in one pass', () => {
    const { keys } = readKeys(LEFT.repeat(130_000) + 'x');
    expect(keys).toHaveLength(130_001);
  });
});
