/**
 * Stored text shown safely. Names, notes, operators and input values come from the saved document, which
 * anyone can edit: printed raw, an escape sequence in them (`ESC ] 0 ; … BEL` retitles the terminal,
 * `ESC [ 2 J` clears it) acts on the operator's terminal instead of being read. Every output path renders
 * such characters visibly instead:
 *
 * - C0 controls (U+0000–U+001F, line breaks and tabs included) and DEL become their Unicode Control
 *   Pictures: `␛` `␇` `␊` `␉` `␡`… One narrow cell each, so columns stay aligned and `␛[2J` reads as what it is.
 * - C1 controls (U+0080–U+009F; U+009B is a one-byte CSI for some terminals) and the invisible characters
 *   that reorder or break a line on screen (bidirectional overrides and isolates, U+2028/U+2029) have no
 *   picture: they become `\u009B`-style escapes.
 *
 * Ordinary spaces and every printable character (Japanese included) are kept as they are. Applying it
 * twice changes nothing more: its output holds no control character.
 */

/** Everything `visible` rewrites. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The picture of a C0 control or DEL, or the `\uXXXX` escape of the others. */
function shown(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` with every control character made visible (see above); the same string when it holds none. */
export function visible(text: string): string {
  // Most text is clean: test before building a new string.
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, shown);
}

/** Characters `JSON.stringify` leaves raw that a terminal may still act on (DEL, C1, line separators). */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * `JSON.stringify` for output: the same JSON (it parses to the same value), but with DEL, C1 controls and
 * U+2028/U+2029 written as `\u` escapes too — JSON.stringify escapes only U+0000–U+001F.
 */
export function printableJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value the user gave, for an error message: visible, and cut to about `max` characters with `…` —
 * a 130,000-character argument is named, not echoed back.
 */
export function excerpt(text: string, max = 40): string {
  const chars = [...text];
  return visible(chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…');
}
