import stringWidth from './string-width.js';
import { visible } from '../i18n/visible.js';

/**
 * Cell widths of terminal text: Japanese characters take two cells, so lengths in code units would
 * misalign every column. Text is handled by grapheme (a letter with its combining marks, an emoji sequence),
 * never cut inside one.
 */
export function width(text: string): number {
  return stringWidth(text);
}

/** Text that may hold a character built of several code points (combining marks, ZWJ, astral, Hangul jamo). */
const COMPOSED = /[\p{M}\u200d\u1100-\u11ff\ud800-\udfff]/u;
let segmenter: Intl.Segmenter | undefined;

/** The graphemes of `text`; per code point when none can combine (the common case, and much faster). */
export function graphemes(text: string): string[] {
  if (!COMPOSED.test(text)) return [...text];
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

const widths = new Map<string, number>();

/** The cells one grapheme takes, remembered (the same few hundred characters recur). */
function cellsOf(g: string): number {
  let w = widths.get(g);
  if (w === undefined) {
    w = stringWidth(g);
    // Bounded: a long run of random text must not grow the memo without end.
    if (widths.size > 4096) widths.clear();
    widths.set(g, w);
  }
  return w;
}

/**
 * Cuts text to at most `cells` cells, ending with `…` when something was cut. The text is made `visible`
 * first: this is the last step before text reaches the screen, and a control character would both act on
 * the terminal and break the count (an ESC takes no cell).
 */
export function truncate(text: string, cells: number): string {
  if (cells <= 0) return '';
  const shown = visible(text);
  if (stringWidth(shown) <= cells) return shown;
  let out = '';
  let used = 0;
  for (const g of graphemes(shown)) {
    const w = cellsOf(g);
    if (used + w > cells - 1) break;
    out += g;
    used += w;
  }
  return out + '…';
}

/** Pads text with spaces to exactly `cells` cells (cutting it first when longer; visible, as `truncate`). */
export function pad(text: string, cells: number): string {
  const cut = truncate(text, cells);
  return cut + ' '.repeat(Math.max(0, cells - stringWidth(cut)));
}

/** Characters that never end a line: they open what follows (JIS X 4051 opening brackets). */
export const NO_LINE_END: ReadonlySet<string> = new Set([...'（「『【〈《〔［｛〘〖“‘([{']);
/**
 * Characters that never start a line: closing brackets, punctuation, small kana, the long vowel mark and
 * iteration marks (JIS X 4051 禁則), in full and half width.
 */
export const NO_LINE_START: ReadonlySet<string> = new Set([
  ...'、。，．）」』】〉》〕］｝〙〗”’・：；？！‼⁇⁈⁉ー゠–〜～々〻ゝゞヽヾ',
  ...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ',
  ...'｡､｣･ｧｨｩｪｫｬｭｮｯｰ',
  ...',.)]}:;!?%',
]);

/** A character of a Latin word or a URL: a line never breaks between two of them. */
function inWord(g: string): boolean {
  const code = g.codePointAt(0)!;
  return (code > 0x20 && code < 0x7f) || (code >= 0xa1 && code <= 0x24f);
}

/** May a line break between `before` and `after` (neither a space)? */
export function breakAllowed(before: string, after: string): boolean {
  return !NO_LINE_START.has(after) && !NO_LINE_END.has(before) && !(inWord(before) && inWord(after));
}

/**
 * A run of text no line may break inside, with the spaces before it. A line breaks only between atoms;
 * the spaces there are the break whitespace, dropped at a break. Spaces a line may not break at
 * ("word 。", "（ word") are inside an atom.
 */
interface Atom {
  gap: string;
  text: string;
  cells: number;
}

/** Splits a paragraph (no line feed) into atoms. Leading spaces belong to the first atom: an indent is kept. */
function atomsOf(paragraph: string): Atom[] {
  const atoms: Atom[] = [];
  let atom: Atom = { gap: '', text: '', cells: 0 };
  let spaces = '';
  let last = '';
  for (const g of graphemes(paragraph)) {
    if (g === ' ') {
      spaces += ' ';
      continue;
    }
    const separate = atom.text !== '' && (spaces !== '' ? !NO_LINE_START.has(g) && !NO_LINE_END.has(last) : breakAllowed(last, g));
    if (separate) {
      atoms.push(atom);
      atom = { gap: spaces, text: '', cells: 0 };
    } else {
      atom.text += spaces;
      atom.cells += spaces.length;
    }
    atom.text += g;
    atom.cells += cellsOf(g);
    spaces = '';
    last = g;
  }
  atoms.push(atom);
  // Spaces ending the paragraph: kept if they fit on its last line, else dropped like any break whitespace.
  if (spaces !== '') atoms.push({ gap: spaces, text: '', cells: 0 });
  return atoms;
}

/**
 * Cuts an atom wider than a line into lines: the only case where a line may start with `、。」` or end with
 * `「（` — there is no allowed break in the run. Even then, a cut is moved back a few characters when that
 * keeps a closing mark with what it closes.
 */
function splitAtom(text: string, cells: number): { text: string; cells: number }[] {
  const pieces: { text: string; cells: number }[] = [];
  let piece: string[] = [];
  let used = 0;
  for (const g of graphemes(text)) {
    const w = cellsOf(g);
    if (used + w <= cells || piece.length === 0) {
      piece.push(g);
      used += w;
      continue;
    }
    let cut = piece.length;
    let movedCells = 0;
    for (let k = piece.length; k > Math.max(0, piece.length - 4); k--) {
      if (k < piece.length) movedCells += cellsOf(piece[k]!);
      if (movedCells + w > cells) break;
      const after = k === piece.length ? g : piece[k]!;
      if (!NO_LINE_START.has(after) && !NO_LINE_END.has(piece[k - 1]!)) {
        cut = k;
        break;
      }
    }
    const moved = piece.slice(cut);
    const kept = piece.slice(0, cut).join('');
    pieces.push({ text: kept, cells: stringWidth(kept) });
    piece = [...moved, g];
    used = moved.reduce((sum, m) => sum + cellsOf(m), w);
  }
  const rest = piece.join('');
  pieces.push({ text: rest, cells: used });
  return pieces;
}

/** A line of a wrapped paragraph and where in the paragraph (code units) the next line's text begins. */
interface Line {
  text: string;
  next: number;
}

/** Greedy line filling over atoms: each line takes as many whole atoms as fit. */
function wrapParagraph(paragraph: string, cells: number): Line[] {
  const room = Math.max(1, cells);
  const lines: Line[] = [];
  let line = '';
  let used = 0;
  let offset = 0;
  const push = (next: number) => {
    lines.push({ text: line, next });
    line = '';
    used = 0;
  };
  for (const atom of atomsOf(paragraph)) {
    const start = offset + atom.gap.length;
    offset = start + atom.text.length;
    if (used + atom.gap.length + atom.cells <= room) {
      line += atom.gap + atom.text;
      used += atom.gap.length + atom.cells;
      continue;
    }
    // Trailing spaces that do not fit: break whitespace at the paragraph's end.
    if (atom.text === '') continue;
    if (line !== '') push(start);
    if (atom.cells <= room) {
      line = atom.text;
      used = atom.cells;
      continue;
    }
    let at = start;
    const pieces = splitAtom(atom.text, room);
    pieces.forEach((piece, i) => {
      line = piece.text;
      used = piece.cells;
      at += piece.text.length;
      if (i < pieces.length - 1) push(at);
    });
  }
  lines.push({ text: line, next: paragraph.length });
  return lines;
}

/**
 * Breaks text into lines of at most `cells` cells (a grapheme wider than that takes a line of its own).
 * Japanese breaks between any two characters but never before `、。」` nor after `「（`; a Latin word or a URL
 * stays whole unless it is wider than a line. A line breaks at spaces where it can; the spaces at a break
 * are dropped, all others kept. `\n` starts a new line.
 */
export function wrap(text: string, cells: number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, cells).map((l) => l.text));
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
      const body = line.slice(first.length);
      const [head] = wrapParagraph(body, cells - first.length);
      // The rest wraps again from the text itself, to the narrower width: its spaces are all still there.
      const rest = body.slice(head!.next);
      if (rest === '') return [first + head!.text];
      return [first + head!.text, ...wrapParagraph(rest, cells - indent.length).map((l) => indent + l.text)];
    })
    .join('\n');
}

/**
 * What a secret field shows once something is typed: always the same, whatever the length (the length of a
 * password is a secret too, as the command line's hidden prompt holds). Empty stays empty, so the operator
 * sees whether anything was typed.
 */
export const SECRET_MASK = '••••••••';

/** The masked form of a secret's value. */
export function maskSecret(value: string): string {
  return value === '' ? '' : SECRET_MASK;
}

/**
 * Typed text without terminal escape sequences. Ink hands keys it does not know over as text, minus their
 * leading ESC: a bracketed paste arrives as `[200~text␛[201~`, Insert or F5 as `[2~`, `[15~`. None of it may end
 * up in a value (a secret with `[200~` in it would never match again). The arrows, Home, End and the like Ink
 * names itself.
 */
export function typedText(input: string): string {
  // eslint-disable-next-line no-control-regex -- removing escape sequences is the point
  return input.replace(/^\[\d+(;\d+)*~/, '').replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001bO[A-Za-z]|\u001b./g, '');
}
