import type { ReadStream } from 'node:tty';

/**
 * Questions on a terminal: plain lines, and hidden input for secrets (nothing is echoed, not even
 * asterisks: the length of a password is a secret too). Works the same on Windows consoles, where raw
 * mode is available through libuv.
 *
 * The line is edited at its end only: Backspace erases the last character, Ctrl-U the whole line. Keys that
 * would move a cursor (arrows, Home, End, Delete…) do nothing — with nothing shown, an operator could not see
 * where such a cursor stands — and no escape sequence ever becomes part of an answer ("abc←←x" is "abcx").
 */

export class PromptInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'PromptInterrupted';
  }
}

export interface Terminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/** What a key does to the answer, and where in its chunk the next key starts. */
type Key = ({ kind: 'text'; text: string } | { kind: 'enter' | 'erase' | 'clear' | 'interrupt' | 'ignored' }) & { end: number };

/**
 * An escape sequence: CSI (`ESC [` parameters, final byte: arrows, Home/End, Delete, F-keys, the markers of a
 * bracketed paste), SS3 (`ESC O` and a letter: arrows and F1–F4 in application mode), or ESC and one
 * character (Alt). A terminal writes a sequence at once, but a read may still end inside one: then its start is
 * kept for the next chunk. A lone ESC ending a chunk is the Esc key.
 */
// eslint-disable-next-line no-control-regex -- reading escape sequences is the point
const ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|[^[O])/y;
// eslint-disable-next-line no-control-regex -- as above
const PARTIAL_ESCAPE = /\u001b(?:\[[0-?]*[ -/]*|O)$/y;

/** The keys in a chunk of raw terminal input, and an unfinished escape sequence to read with the next chunk. */
export function readKeys(chunk: string): { keys: Key[]; rest: string } {
  const keys: Key[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text !== '') keys.push({ kind: 'text', text, end: i });
    text = '';
  };
  while (i < chunk.length) {
    const ch = chunk[i]!;
    if (ch === '\u001b') {
      flush();
      ESCAPE.lastIndex = i;
      PARTIAL_ESCAPE.lastIndex = i;
      const sequence = ESCAPE.exec(chunk);
      if (!sequence && PARTIAL_ESCAPE.test(chunk)) return { keys, rest: chunk.slice(i) };
      i += sequence ? sequence[0].length : 1;
      keys.push({ kind: 'ignored', end: i });
      continue;
    }
    const kind = controlKey(ch);
    if (kind) {
      flush();
      // A terminal that sends CR LF for Enter means one Enter.
      i += ch === '\r' && chunk[i + 1] === '\n' ? 2 : 1;
      keys.push({ kind, end: i });
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return { keys, rest: '' };
}

/** What a control character does, or null for an ordinary character. Other controls (C0, C1) are ignored. */
function controlKey(ch: string): Exclude<Key['kind'], 'text'> | null {
  switch (ch) {
    case '\r':
    case '\n':
      return 'enter';
    case '\u0003': // Ctrl-C
    case '\u0004': // Ctrl-D
      return 'interrupt';
    case '\u007f':
    case '\b':
      return 'erase';
    case '\u0015': // Ctrl-U
      return 'clear';
  }
  // eslint-disable-next-line no-control-regex -- telling control characters apart is the point
  return /[\u0000-\u001f\u0080-\u009f]/.test(ch) ? 'ignored' : null;
}

let segmenter: Intl.Segmenter | undefined;

/** The answer without its last character (a whole grapheme: が typed as か + ゙ goes at once). */
function withoutLast(value: string): { value: string; removed: string } {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let last = '';
  for (const { segment } of segmenter.segment(value)) last = segment;
  return { value: value.slice(0, value.length - last.length), removed: last };
}

/**
 * Reads one line; with `hidden`, without echo. Ctrl-C (or Ctrl-D) rejects with PromptInterrupted. What was
 * typed after Enter (a paste of several answers, typing ahead) is left for the next question.
 */
export async function ask(term: Terminal, question: string, hidden = false): Promise<string> {
  const { input, output } = term;
  output.write(question);
  // Only an echoing prompt measures what it erases (string-width costs ~30 ms to load).
  const cellsOf = hidden ? null : (await import('string-width')).default;
  const erase = (text: string) => {
    if (cellsOf && text !== '') output.write('\b \b'.repeat(cellsOf(text)));
  };
  return new Promise((resolve, reject) => {
    const tty = input as ReadStream;
    const wasRaw = tty.isRaw;
    tty.setRawMode?.(true);
    input.setEncoding('utf8');
    let value = '';
    let pending = '';
    const finish = (error: Error | null, leftover = '') => {
      input.removeListener('data', onData);
      tty.setRawMode?.(wasRaw ?? false);
      input.pause();
      if (leftover !== '') input.unshift(leftover);
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: string | Buffer) => {
      const chunk = pending + String(data);
      const { keys, rest } = readKeys(chunk);
      pending = rest;
      for (const key of keys) {
        switch (key.kind) {
          case 'interrupt':
            return finish(new PromptInterrupted());
          case 'enter':
            return finish(null, chunk.slice(key.end));
          case 'erase': {
            const cut = withoutLast(value);
            value = cut.value;
            erase(cut.removed);
            break;
          }
          case 'clear':
            erase(value);
            value = '';
            break;
          case 'text':
            value += key.text;
            if (!hidden) output.write(key.text);
            break;
        }
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** Reads all of a non-terminal standard input. */
export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
