import fc from 'fast-check';
import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import stringWidth, { NARROW, WIDE } from '../../src/ui/string-width.js';

/**
 * The program's string width (src/ui/string-width.ts, given to Ink in the bundle) must measure every string as
 * string-width does: its arithmetic for ASCII and Japanese, and string-width itself for everything else.
 */

// The edges of every range the arithmetic takes, one code point either side, and what sits next to them.
const EDGES = [
  0x1f, 0x20, 0x7e, 0x7f, 0x80, 0x3000, 0x3001, 0x3003, 0x3004, 0x3005, 0x3011, 0x3012, 0x3030, 0x303d, 0x3040, 0x3041, 0x3096, 0x3097,
  0x3099, 0x309a, 0x309b, 0x30a0, 0x30a1, 0x30fa, 0x30fb, 0x30fc, 0x30fe, 0x30ff, 0x4dff, 0x4e00, 0x9fff, 0xa000, 0xff00, 0xff01,
  0xff60, 0xff61, 0xff9e, 0xff9f, 0x200d, 0xfe0f, 0x2713, 0x2714, 0x279c, 0x2500, 0x2502, 0x25b8,
];
const edge = fc.constantFrom(...EDGES).map((c) => String.fromCodePoint(c));
const japanese = fc.integer({ min: 0x3000, max: 0x30ff }).map((c) => String.fromCodePoint(c));
const kanji = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCodePoint(c));
/** A code point of a range the arithmetic takes. */
const ranged = fc.constantFrom(...WIDE, ...NARROW).chain(([from, to]) => fc.integer({ min: from, max: to })).map((c) => String.fromCodePoint(c));
/** What may change a neighbour's width: combining marks, joiners, variation selectors, jamo, regional indicators. */
const joiner = fc.constantFrom('\u0301', '\u3099', '\u302a', '\u200d', '\ufe0f', '\ufe0e', '\u20e3', '\u1100', '\u1161', '\u{1f1ef}', '\u00ad', '\u200b');
const any = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c));
const emoji = fc.constantFrom('✔', '⚠️', '👍', '👨‍👩‍👧', '1️⃣', 'が', 'ﾞ', '〽');
// Colour codes as Ink writes them, and escapes string-width reads otherwise (too many digits, OSC links, C1 CSI).
const escape = fc.constantFrom('\u001b[31m', '\u001b[0m', '\u001b[1;38;5;196m', '\u001b[m', '\u001b[39m', '\u001b[12345m', '\u001b[1;;2m', '\u001b]8;;https://x\u0007', '\u009b31m', '\u001b', '\u001b[', '\u001b[2K');
const text = fc.array(fc.oneof(ascii, japanese, kanji, edge, ranged, ranged, joiner, any, emoji, escape), { maxLength: 40 }).map((parts) => parts.join(''));

describe('string width', () => {
  it('equals string-width on 20,000 random strings of ASCII, Japanese, the symbols it computes, joiners and marks, emoji, escapes and any code point', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(stringWidth(s)).toBe(realStringWidth(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('equals string-width on every single code point of the ranges it computes itself, and their neighbours', () => {
    for (const [from, to] of [[0x0, 0x7f], [0x3000, 0x30ff], [0x4e00, 0x4e40], [0x9fc0, 0xa010], [0xff00, 0xffef], ...[...WIDE, ...NARROW].map(([a, b]) => [a - 1, b + 1] as const)]) {
      for (let c = from; c <= to; c++) expect(stringWidth(String.fromCodePoint(c)), c.toString(16)).toBe(realStringWidth(String.fromCodePoint(c)));
    }
  });

  it('passes options through to string-width', () => {
    // Ambiguous-width characters: narrow by default, wide when asked.
    expect(stringWidth('…', { ambiguousIsNarrow: false })).toBe(realStringWidth('…', { ambiguousIsNarrow: false }));
    // 4 wide characters, a space and 4 ASCII ones.
    expect(stringWidth('「進捗」 2/33')).toBe(13);
  });
});
