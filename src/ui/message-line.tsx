import { Text } from 'ink';
import type { Message } from './screen-state.js';
import { truncate, wrap } from './text.js';
import { visible } from '../i18n/visible.js';

/** The two lines above the footer: what was saved, what failed, or why a key did nothing. Always two lines, so the frame keeps its height. */
export function MessageLine({ message, columns }: { message: Message | null; columns: number }) {
  // A sentence may quote saved data: it is shown with its control characters visible.
  const wrapped = message ? wrap(visible(message.text), columns - 1) : [];
  // A long message keeps its first line whole and cuts the rest to the second.
  const lines = wrapped.length > 2 ? [wrapped[0]!, truncate(wrapped.slice(1).join(''), columns - 1)] : wrapped;
  const colour = message?.kind === 'error' ? 'red' : message?.kind === 'ok' ? 'green' : 'yellow';
  return (
    <>
      {[0, 1].map((i) => (
        <Text key={`m${i}`} color={colour}>
          {lines[i] ?? ' '}
        </Text>
      ))}
    </>
  );
}
