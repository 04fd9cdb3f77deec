import { Text } from 'ink';
import type { Message } from './screen-state.js';
import { truncate, wrap } from './text.js';
import { visible } from '../i18n/visible.js';
import { Spinner } from './spinner.js';

/** The most lines a message of several parts (a check's sentence, what to do, what was recorded) may take. */
const MAX_LINES = 4;

/**
 * The lines of a message at this width. One sentence takes two lines (a long one keeps its first line whole
 * and is cut on the second), so the frame keeps its height; a message of several parts (line breaks: a
 * check's result) starts each part on its own line and takes up to four.
 */
export function messageLines(message: Message | null, columns: number): string[] {
  if (!message) return [' ', ' '];
  const parts = message.text.split('\n');
  // A sentence may quote saved data: it is shown with its control characters visible.
  const wrapped = parts.flatMap((part, i) => wrap(visible(part), columns - 1).map((text, j) => ({ text, starts: i > 0 && j === 0 })));
  const max = parts.length > 1 ? MAX_LINES : 2;
  // The last line shown holds the rest, cut to the width (a space where a part begins).
  const rest = wrapped
    .slice(max - 1)
    .map((l) => (l.starts ? ` ${l.text}` : l.text))
    .join('');
  const lines = wrapped.length > max ? [...wrapped.slice(0, max - 1).map((l) => l.text), truncate(rest.trimStart(), columns - 1)] : wrapped.map((l) => l.text);
  while (lines.length < 2) lines.push(' ');
  return lines;
}

/**
 * The lines above the footer: what was saved, what failed, why a key did nothing, what a check saw — or,
 * while something runs (`busy`), what it is doing.
 */
export function MessageLine({ message, columns, busy = null }: { message: Message | null; columns: number; busy?: string | null }) {
  if (busy !== null) {
    return (
      <>
        <Spinner text={busy} columns={columns} />
        <Text> </Text>
      </>
    );
  }
  const colour = message?.kind === 'error' ? 'red' : message?.kind === 'ok' ? 'green' : 'yellow';
  return (
    <>
      {messageLines(message, columns).map((line, i) => (
        <Text key={`m${i}`} color={colour}>
          {line || ' '}
        </Text>
      ))}
    </>
  );
}
