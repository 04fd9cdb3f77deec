import type { Status } from '../machine/selectors.js';

/**
 * Semantic tokens: what a status looks like, in one place for the command line and the TUI. The status
 * glyphs are chosen outside Unicode's "ambiguous width" ranges, so they take one cell on Japanese consoles
 * too (the `…` of cut text and the arrows of the key hints are ambiguous: narrow on Windows Terminal,
 * tmux and most emulators by default).
 */
export type Colour = 'green' | 'cyan' | 'gray' | 'yellow' | 'red' | 'magenta';

export const statusTheme: Record<Status, { glyph: string; colour: Colour; bold?: boolean }> = {
  done: { glyph: '✓', colour: 'green' },
  ready: { glyph: '➜', colour: 'cyan', bold: true },
  blocked: { glyph: '⋯', colour: 'gray' },
  waiting: { glyph: '◷', colour: 'yellow' },
  overdue: { glyph: '‼', colour: 'red', bold: true },
  failed: { glyph: '✗', colour: 'red', bold: true },
  skipped: { glyph: '-', colour: 'gray' },
};

const ANSI: Record<Colour, number> = { green: 32, cyan: 36, gray: 90, yellow: 33, red: 31, magenta: 35 };

/** Colour for a plain-text stream: only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function paint(text: string, colour: Colour, enabled: boolean, bold = false): string {
  if (!enabled) return text;
  return `\u001b[${bold ? '1;' : ''}${ANSI[colour]}m${text}\u001b[0m`;
}
