import stringWidth from 'string-width';

/**
 * Cell widths of terminal text: Japanese characters take two cells, so lengths in code units would
 * misalign every column.
 */
export function width(text: string): number {
  return stringWidth(text);
}

/** Cuts text to at most `cells` cells, ending with `…` when something was cut. */
export function truncate(text: string, cells: number): string {
  if (cells <= 0) return '';
  if (stringWidth(text) <= cells) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > cells - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

/** Pads text with spaces to exactly `cells` cells (cutting it first when longer). */
export function pad(text: string, cells: number): string {
  const cut = truncate(text, cells);
  return cut + ' '.repeat(Math.max(0, cells - stringWidth(cut)));
}

/** Breaks text into lines of at most `cells` cells (by character: Japanese has no spaces to break at). */
export function wrap(text: string, cells: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const ch of paragraph) {
      const w = stringWidth(ch);
      if (used + w > cells && line !== '') {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += ch;
      used += w;
    }
    lines.push(line);
  }
  return lines;
}
