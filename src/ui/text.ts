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

const NO_LINE_END = '（「『【〈《“‘([';
const NO_LINE_START = '、。，．）」』】〉》”’ー・：；？！ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.)]:;!?';

const widths = new Map<string, number>();

/** The cells one character takes, remembered (the same few hundred characters recur). */
function charWidth(ch: string): number {
  let w = widths.get(ch);
  if (w === undefined) {
    w = stringWidth(ch);
    widths.set(ch, w);
  }
  return w;
}

/**
 * Breaks text into lines of at most `cells` cells. Japanese breaks between any two characters; a Latin
 * word is kept whole when a space before it allows (a word longer than a line is cut).
 */
export function wrap(text: string, cells: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    // The width so far, kept as characters are added (measuring the whole line each time is quadratic).
    let used = 0;
    for (const ch of paragraph) {
      const w = charWidth(ch);
      if (used + w <= cells || line === '') {
        line += ch;
        used += w;
        continue;
      }
      const space = line.lastIndexOf(' ');
      const inWord = /[\x21-\x7e]/.test(ch) && /[\x21-\x7e]$/.test(line);
      const run = /[\x21-\x7e]+$/.exec(line);
      if (inWord && space > 0 && stringWidth(line.slice(0, space)) > cells / 3) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1) + ch;
      } else if (inWord && run && run.index > 0 && stringWidth(line.slice(0, run.index)) > cells / 3) {
        // A word or URL right after Japanese text moves whole to the next line.
        lines.push(line.slice(0, run.index));
        line = run[0] + ch;
      } else if (NO_LINE_END.includes([...line].at(-1)!) && [...line].length > 1) {
        // An opening bracket never ends a line: it moves down with what it opens.
        const chars = [...line];
        const last = chars.pop()!;
        lines.push(chars.join(''));
        line = last + ch;
      } else if (NO_LINE_START.includes(ch) && [...line].length > 1) {
        // 、。）」 never start a line: the character before them moves down with them.
        const chars = [...line];
        const last = chars.pop()!;
        lines.push(chars.join(''));
        line = last + ch;
      } else {
        lines.push(line);
        line = ch === ' ' ? '' : ch;
      }
      used = stringWidth(line);
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Help text for a terminal `cells` wide: long lines wrap, continuation lines indented under the
 * description column of an option list ("  --code CODE     description") or under the line's own indent.
 */
export function wrapHelp(text: string, cells: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (stringWidth(line) <= cells) return [line];
      const column = /^(\s+\S.*?\s{2,})\S/.exec(line)?.[1] ?? /^\s*/.exec(line)![0];
      const indent = ' '.repeat(Math.min(stringWidth(column), Math.floor(cells / 2)));
      const first = /^\s*/.exec(line)![0];
      const [head, ...rest] = wrap(line.slice(first.length), cells - first.length);
      const tail = wrap(rest.join(''), cells - indent.length);
      return [first + head, ...(rest.length > 0 ? tail.map((l) => indent + l) : [])];
    })
    .join('\n');
}
