import { Box, Text, useInput } from 'ink';
import type { StoredEvent } from '../machine/events.js';
import type { Translate } from '../i18n/index.js';
import { eventLine } from '../i18n/describe.js';
import { truncate, wrap } from './text.js';

/**
 * "Undo the last record of this step?" with the record itself: `y` undoes it, any other key keeps it.
 * Takes no key while the undo is being saved.
 */
export function UndoConfirm({ t, columns, title, last, busy, onConfirm, onCancel }: {
  t: Translate;
  columns: number;
  /** The step's title, on its terminal. */
  title: string;
  /** The record an undo takes back. */
  last: StoredEvent | undefined;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  useInput((input) => (input === 'y' || input === 'Y' ? onConfirm() : onCancel()), { isActive: !busy });
  return (
    <Box flexDirection="column">
      {wrap(t('ui.undo.confirm', { title, id: last?.id ?? '' }), columns - 2).map((line, i) => (
        <Text key={i} color="yellow">
          {line}
        </Text>
      ))}
      {last ? <Text>{truncate(eventLine(t, last, undefined, false), columns - 2)}</Text> : null}
      <Text bold>{t('ui.undo.keys')}</Text>
    </Box>
  );
}
