import realStringWidth from 'string-width';

/**
 * string-width, with the text this program draws measured without Unicode segmentation. string-width splits
 * every non-ASCII string into grapheme clusters (Intl.Segmenter) and tests each against `\p{RGI_Emoji}`: right
 * for any text, but the emoji pattern costs tens of milliseconds to compile when first used and each Japanese
 * character pays the segmenter, on every frame. A string made only of printable ASCII and of the Japanese
 * characters below has a width that is plain arithmetic (1 per ASCII character, 2 per wide one); anything
 * else — an escape sequence, an emoji, a combining mark, a symbol — goes to string-width itself.
 * The bundle (scripts/build.mjs) gives this module to Ink and its helpers in place of string-width 8;
 * test/ui/string-width.test.ts checks it against string-width over random text.
 */

/** Code points that are one grapheme cluster each and East Asian Wide or Fullwidth, and not emoji. */
function isPlainWide(code: number): boolean {
  return (
    (code >= 0x3041 && code <= 0x3096) || // Hiragana
    (code >= 0x30a1 && code <= 0x30fa) || // Katakana
    (code >= 0x30fc && code <= 0x30fe) || // ー ヽ ヾ
    (code >= 0x4e00 && code <= 0x9fff) || // CJK Unified Ideographs
    (code >= 0x3001 && code <= 0x3003) || // 、 。 〃
    (code >= 0x3005 && code <= 0x3011) || // 々 〆 〇 〈〉《》「」『』【】
    (code >= 0xff01 && code <= 0xff60) // Fullwidth forms (！ … ｠)
  );
}

export default function stringWidth(input: string, options?: Parameters<typeof realStringWidth>[1]): number {
  if (typeof input !== 'string' || options !== undefined) return realStringWidth(input, options);
  let width = 0;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) width += 1;
    else if (isPlainWide(code)) width += 2;
    else return realStringWidth(input);
  }
  return width;
}
