import type { ReadStream } from 'node:tty';

/**
 * Questions on a terminal: plain lines, and hidden input for secrets (nothing is echoed, not even
 * asterisks: the length of a password is a secret too). Works the same on Windows consoles, where raw
 * mode is available through libuv.
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

/** Reads one line; with `hidden`, without echo. Ctrl-C rejects with PromptInterrupted. */
export function ask(term: Terminal, question: string, hidden = false): Promise<string> {
  const { input, output } = term;
  output.write(question);
  return new Promise((resolve, reject) => {
    const tty = input as ReadStream;
    const wasRaw = tty.isRaw;
    tty.setRawMode?.(true);
    input.setEncoding('utf8');
    input.resume();
    let value = '';
    const finish = (error: Error | null) => {
      input.removeListener('data', onData);
      tty.setRawMode?.(wasRaw ?? false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\u0003' || ch === '\u0004') return finish(new PromptInterrupted());
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u007f' || ch === '\b') {
          if (value.length > 0) {
            const chars = [...value];
            const removed = chars.pop()!;
            value = chars.join('');
            if (!hidden) output.write(`\b \b`.repeat(isWide(removed) ? 2 : 1));
          }
          continue;
        }
        if (ch < ' ') continue;
        value += ch;
        if (!hidden) output.write(ch);
      }
    };
    input.on('data', onData);
  });
}

/** East Asian wide characters take two cells: erase both on backspace. */
function isWide(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000;
}

/** Reads all of a non-terminal standard input. */
export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
