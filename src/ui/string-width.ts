import realStringWidth from 'string-width';

/**
 * string-width, with the text this program draws measured without Unicode segmentation. string-width splits
 * every non-ASCII string into grapheme clusters (Intl.Segmenter) and tests each against `\p{RGI_Emoji}`: right
 * for any text, but the emoji pattern costs tens of milliseconds to compile when first used and each Japanese
 * character pays the segmenter, on every frame. A string made only of printable ASCII, the Japanese characters
 * and the symbols the screen draws (below) has a width that is plain arithmetic (1 or 2 per character); anything
 * else — an emoji, a combining mark, another script, an escape other than colours — goes to string-width itself.
 * The bundle (scripts/bundle-options.mjs) gives this module to Ink and its helpers in place of string-width 8,
 * and gives it string-width itself only when first needed (src/cli/string-width-lazy.ts);
 * test/ui/string-width.test.ts checks it against string-width over random text.
 */

/**
 * Code points that are a grapheme cluster of their own next to any other of these (no mark, joiner, variation
 * selector or jamo among them), and not emoji: their width does not depend on their neighbours. `[from, to]`.
 */
export const WIDE: readonly (readonly [number, number])[] = [
  [0x3000, 0x3029], // ideographic space, CJK punctuation and brackets (not the combining tone marks after them)
  [0x3041, 0x3096], // Hiragana
  [0x30a1, 0x30fe], // Katakana, ・, ー, ヽ, ヾ
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xff01, 0xff60], // Fullwidth forms (！ … ｠)
  [0xffe0, 0xffe6], // Fullwidth signs (￠ … ￦)
];
export const NARROW: readonly (readonly [number, number])[] = [
  [0x00a1, 0x00ac], // Latin-1 punctuation and signs (¥ ×…), not the soft hyphen
  [0x00ae, 0x00ff],
  [0x2010, 0x2029], // dashes, quotes, …, •
  [0x202f, 0x205e], // ‼ ‹ › …
  [0x2190, 0x21ff], // arrows
  [0x2200, 0x22ff], // mathematical operators (⋯)
  [0x2400, 0x2426], // control pictures (␛: how control characters are shown)
  [0x2460, 0x25fc], // enclosed alphanumerics, box drawing, blocks, geometric shapes
  [0x25ff, 0x2613], // ★ ☆ …
  [0x270c, 0x2727], // ✓ ✗ …
  [0x2758, 0x2794], // ❘ … ➔
  [0x2798, 0x27af], // ➘ … ➜ … ➯
  [0x2800, 0x28ff], // Braille patterns (the spinner)
];

function within(code: number, ranges: readonly (readonly [number, number])[]): boolean {
  for (const [from, to] of ranges) if (code >= from && code <= to) return true;
  return false;
}

/**
 * The colour and style codes Ink and the theme write (`ESC [ 1;31 m`, `ESC [ 39 m`): stripped here as string-width
 * strips them (its ansi-regex reads the same characters as one sequence each); any other escape goes to it.
 */
// Built from a string: a control character in a regular expression literal reads as a mistake.
const SGR = new RegExp(`${String.fromCharCode(27)}\\[(?:\\d{1,3}(?:;\\d{1,3})*)?m`, 'g');

export default function stringWidth(input: string, options?: Parameters<typeof realStringWidth>[1]): number {
  if (typeof input !== 'string' || options !== undefined) return realStringWidth(input, options);
  let text = input;
  if (text.includes('\u001b') || text.includes('\u009b')) {
    text = text.replace(SGR, '');
    if (text.includes('\u001b') || text.includes('\u009b')) return realStringWidth(input);
  }
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) width += 1;
    else if (within(code, NARROW)) width += 1;
    else if (within(code, WIDE)) width += 2;
    else return realStringWidth(text);
  }
  return width;
}
