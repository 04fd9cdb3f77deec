import { visible } from '../../i18n/visible.js';

/**
 * Escaping for the report's two markups. Text from the document (a facility's name, a note, a terminal
 * called `<b>`) is data: it must read as written and never act as markup. Control characters are made visible
 * first, as everywhere else in the program.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and double- or single-quoted attribute values (and SVG text). */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (ch) => HTML[ch]!);
}

/**
 * Inline Markdown text: every character that could start emphasis, a link, code, HTML, an entity or end a
 * table cell is backslash-escaped (CommonMark lets any ASCII punctuation be escaped so).
 */
export function escapeMarkdown(text: string): string {
  return visible(text).replace(/[\\`*_[\]<>|~&#!]/g, (ch) => `\\${ch}`);
}
