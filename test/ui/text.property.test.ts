/* eslint-disable no-control-regex -- these tests look for control characters in output */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { NO_LINE_END, NO_LINE_START, SECRET_MASK, maskSecret, truncate, typedText, wrap, wrapHelp } from '../../src/ui/text.js';

/**
 * Properties of terminal text, checked on random mixes of Japanese, ASCII words, URLs, spaces and brackets,
 * at every width from 4 to 120 (2,000+ cases each):
 *
 * - no line is wider than the width;
 * - nothing is lost: the lines, with the spaces dropped at each break put back, are the input;
 * - a line never starts with closing punctuation (、。」』）…) nor ends with opening punctuation (「（…), and a
 *   Latin word or URL is never cut — unless the width makes it impossible: the break falls inside a run with
 *   no allowed break that is wider than a line (`、。」」」」` at 4 cells, a URL longer than the line);
 * - a line ends early only when the next unbreakable run does not fit (greedy filling).
 */

const RUNS = { numRuns: 2500 };

const japanese = fc.constantFrom(...'あいうえおかきくけこさしすせそ日本語漢字電子証明書申請回線登録端末');
const small = fc.constantFrom(...'っゃゅょーぁ々');
const closing = fc.constantFrom(...'、。」』）】〕，．！？');
const opening = fc.constantFrom(...'「『（【〔');
const asciiWord = fc.stringMatching(/^[A-Za-z0-9]{1,14}$/);
const asciiPunct = fc.constantFrom(',', '.', ')', '(', ':', '!', '?', '-', '/');
const url = fc.stringMatching(/^[a-z0-9/._-]{1,40}$/).map((path) => `https://example.jp/${path}`);
const spaces = fc.constantFrom(' ', ' ', '  ', '   ');
const token = fc.oneof(
  { weight: 6, arbitrary: japanese },
  { weight: 2, arbitrary: small },
  { weight: 3, arbitrary: closing },
  { weight: 2, arbitrary: opening },
  { weight: 3, arbitrary: asciiWord },
  { weight: 1, arbitrary: asciiPunct },
  { weight: 1, arbitrary: url },
  { weight: 3, arbitrary: spaces },
);
const paragraph = fc.array(token, { maxLength: 60 }).map((tokens) => tokens.join(''));
const widthArb = fc.integer({ min: 4, max: 120 });

/** The characters the rules speak of, as the brief lists them, are in the sets `wrap` uses. */
describe('the line-breaking sets', () => {
  it('hold the closing and opening punctuation of Japanese and ASCII', () => {
    for (const c of '、。」』）】〕，．！？っゃー,.)]:;!?') expect(NO_LINE_START.has(c), c).toBe(true);
    for (const c of '「『（【〔([{') expect(NO_LINE_END.has(c), c).toBe(true);
  });
});

// ——— The rules, restated independently of the implementation ———

const isWord = (c: string) => /[\x21-\x7e\u00a1-\u024f]/u.test(c);
const isClose = (c: string | undefined) => c !== undefined && NO_LINE_START.has(c);
const isOpen = (c: string | undefined) => c !== undefined && NO_LINE_END.has(c);

/** May a line break between `before` and `after`, with `spaced` spaces between them (dropped at the break)? */
function allowed(before: string | undefined, after: string | undefined, spaced: boolean): boolean {
  if (before === undefined || after === undefined || before === ' ' || after === ' ') return false;
  if (isClose(after) || isOpen(before)) return false;
  return spaced || !(isWord(before) && isWord(after));
}

/** The runs of a paragraph (no line feed) with no allowed break inside: [start, end) in code units. */
function atoms(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  let lastNonSpace = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ' ') continue;
    if (lastNonSpace >= 0 && allowed(text[lastNonSpace], text[i], lastNonSpace < i - 1)) {
      spans.push([start, lastNonSpace + 1]);
      start = i;
    }
    lastNonSpace = i;
  }
  spans.push([start, lastNonSpace + 1]);
  return spans;
}

interface Break {
  /** End of the line before (code units into the paragraph). */
  at: number;
  /** Start of the line after: `at` plus the spaces dropped. */
  next: number;
}

/** Puts the dropped spaces back: the breaks, or a failed expectation when something was lost or changed. */
function rebuild(text: string, lines: string[]): Break[] {
  const breaks: Break[] = [];
  let pos = 0;
  lines.forEach((line, k) => {
    if (k > 0) {
      const at = pos;
      if (!line.startsWith(' ')) while (text[pos] === ' ') pos++;
      breaks.push({ at, next: pos });
    }
    expect(text.startsWith(line, pos), `line ${k} ${JSON.stringify(line)} at ${pos} of ${JSON.stringify(text)}`).toBe(true);
    pos += line.length;
  });
  while (text[pos] === ' ') pos++;
  expect(pos, `all of ${JSON.stringify(text)} in ${JSON.stringify(lines)}`).toBe(text.length);
  return breaks;
}

/** Is this break where the rules allow one, or else inside a run too wide for any line? */
function justified(text: string, b: Break, cells: number): { ok: boolean; forced: boolean } {
  if (allowed(text[b.at - 1], text[b.next], b.next > b.at)) return { ok: true, forced: false };
  const atom = atoms(text).find(([s, e]) => s < b.at && b.at < e);
  return { ok: atom !== undefined && stringWidth(text.slice(atom[0], atom[1])) > cells, forced: true };
}

/** The width of the next run after a break, with the spaces before it. */
function nextAtomWidth(text: string, b: Break): number {
  const atom = atoms(text).find(([s]) => s === b.next)!;
  return stringWidth(text.slice(b.at, atom[1]));
}

const show = (text: string, cells: number, lines: string[]) => `${JSON.stringify(text)} at ${cells}:\n${lines.map((l) => `|${l}|`).join('\n')}`;

describe('wrap', () => {
  it('no line is wider than the width', () => {
    fc.assert(
      fc.property(paragraph, widthArb, (text, cells) => {
        for (const line of wrap(text, cells)) expect(stringWidth(line), show(text, cells, wrap(text, cells))).toBeLessThanOrEqual(cells);
      }),
      RUNS,
    );
  });

  it('nothing is lost: the lines and the spaces dropped at the breaks are the input', () => {
    fc.assert(
      fc.property(paragraph, widthArb, (text, cells) => {
        rebuild(text, wrap(text, cells));
      }),
      RUNS,
    );
  });

  it('no line starts with closing punctuation unless the run it belongs to is wider than a line', () => {
    fc.assert(
      fc.property(paragraph, widthArb, (text, cells) => {
        const lines = wrap(text, cells);
        rebuild(text, lines).forEach((b, k) => {
          if (isClose(lines[k + 1]![0])) expect(justified(text, b, cells), show(text, cells, lines)).toEqual({ ok: true, forced: true });
        });
      }),
      RUNS,
    );
  });

  it('no line ends with opening punctuation unless the run it belongs to is wider than a line', () => {
    fc.assert(
      fc.property(paragraph, widthArb, (text, cells) => {
        const lines = wrap(text, cells);
        rebuild(text, lines).forEach((b, k) => {
          if (isOpen(lines[k]!.at(-1))) expect(justified(text, b, cells), show(text, cells, lines)).toEqual({ ok: true, forced: true });
        });
      }),
      RUNS,
    );
  });

  it('every break is an allowed one (a word or URL stays whole) unless inside a run wider than a line', () => {
    fc.assert(
      fc.property(paragraph, widthArb, (text, cells) => {
        const lines = wrap(text, cells);
        for (const b of rebuild(text, lines)) expect(justified(text, b, cells).ok, show(text, cells, lines)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a line ends at an allowed break only when the next run does not fit (greedy)', () => {
    fc.assert(
      fc.property(paragraph, widthArb, (text, cells) => {
        const lines = wrap(text, cells);
        rebuild(text, lines).forEach((b, k) => {
          if (justified(text, b, cells).forced) return;
          expect(stringWidth(lines[k]!) + nextAtomWidth(text, b), show(text, cells, lines)).toBeGreaterThan(cells);
        });
      }),
      RUNS,
    );
  });

  it('keeps line feeds, and combining marks and emoji whole within the width', () => {
    const composed = fc.constantFrom('が', 'か\u3099', 'e\u0301', '👨‍👩‍👧', '🇯🇵', '👍🏽', '한', '\u1100\u1161');
    const mixed = fc.array(fc.oneof(token, composed, fc.constant('\n')), { maxLength: 60 }).map((t) => t.join(''));
    fc.assert(
      fc.property(mixed, widthArb, (text, cells) => {
        const lines = wrap(text, cells);
        for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(cells);
        // Paragraph by paragraph, nothing lost, and no line starts with a lone combining mark.
        const paragraphs = text.split('\n');
        let i = 0;
        for (const p of paragraphs) {
          const count = wrap(p, cells).length;
          rebuild(p, lines.slice(i, i + count));
          for (const line of lines.slice(i, i + count)) expect(line).not.toMatch(/^[\p{M}\u200d]/u);
          i += count;
        }
        expect(i).toBe(lines.length);
      }),
      RUNS,
    );
  });

  it('fixes the cases that were wrong: 。」 never start a line when a character can go down with them', () => {
    expect(wrap('申請してください。」と書いてあります', 18)).toEqual(['申請してくださ', 'い。」と書いてあり', 'ます']);
    expect(wrap('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    expect(wrap('「はい」', 4)).toEqual(['「は', 'い」']);
    expect(wrap('', 10)).toEqual(['']);
    expect(wrap('a\n\nb', 10)).toEqual(['a', '', 'b']);
  });
});

describe('wrapHelp', () => {
  const word = fc.oneof(asciiWord, fc.array(japanese, { minLength: 1, maxLength: 6 }).map((c) => c.join('')));
  const description = fc.array(word, { minLength: 1, maxLength: 30 }).map((w) => w.join(' '));
  const helpLine = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.stringMatching(/^--[a-z]{2,10}( [A-Z]{1,6})?$/), fc.integer({ min: 2, max: 6 }), description);

  it('no line is wider than the width; words, spaces between them and the indent under the description survive', () => {
    fc.assert(
      fc.property(helpLine, fc.integer({ min: 40, max: 120 }), ([indent, option, gap, text], cells) => {
        const line = `${' '.repeat(indent)}${option}${' '.repeat(gap)}${text}`;
        const out = wrapHelp(line, cells).split('\n');
        for (const l of out) expect(stringWidth(l), out.join('\n')).toBeLessThanOrEqual(cells);
        expect(out.join('').replace(/ /g, '')).toBe(line.replace(/ /g, ''));
        // An ASCII word is never glued to the next one (the old join('') of the wrapped rest did that).
        const words = out.flatMap((l) => l.trim().split(/ +/));
        for (const w of line.trim().split(/ +/).filter((x) => /^[A-Za-z0-9-]+$/.test(x))) expect(words).toContain(w);
      }),
      RUNS,
    );
  });
});

describe('truncate', () => {
  const anyText = fc.oneof(paragraph, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));

  it('fits the width, shows every control character visibly, and keeps a prefix of whole graphemes', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 80 }), (text, cells) => {
        const cut = truncate(text, cells);
        expect(stringWidth(cut)).toBeLessThanOrEqual(cells);
        expect(cut).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        if (cut.endsWith('…') && stringWidth(text) > cells) expect(truncate(text, 1000).startsWith(cut.slice(0, -1))).toBe(true);
      }),
      RUNS,
    );
    expect(truncate('\u001b]0;x\u0007abc', 80)).toBe('␛]0;x␇abc');
    expect(truncate('電子証明書', 5)).toBe('電子…');
  });
});

describe('secret masks and typed text', () => {
  it('a secret shows the same mask whatever its length; nothing typed shows nothing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (secret) => {
        expect(maskSecret(secret)).toBe(SECRET_MASK);
      }),
      RUNS,
    );
    expect(maskSecret('')).toBe('');
  });

  it('typed text keeps what was typed and drops escape sequences (a bracketed paste, F-keys)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !s.includes('\u001b') && !/^\[\d/.test(s)), (typed) => {
        expect(typedText(typed)).toBe(typed);
        expect(typedText(`[200~${typed}\u001b[201~`)).toBe(typed);
      }),
      RUNS,
    );
    expect(typedText('[15~')).toBe('');
    expect(typedText('ab\u001b[Dc\u001bOH')).toBe('abc');
  });
});
