import { Box, Text } from 'ink';
import type { Translate } from '../i18n/index.js';
import { eventLine, undoneByMap } from '../i18n/describe.js';
import type { UiState } from './port.js';
import { truncate } from './text.js';

/** The event log, newest last; undone records dimmed. Secrets show only as masks. */
export function historyLines(t: Translate, state: UiState): { text: string; dim: boolean }[] {
  const undone = undoneByMap(state.events);
  const ignored = new Set(state.onboarding.ignored.map((i) => i.event.id));
  return state.events.map((e) => ({ text: eventLine(t, e, undone.get(e.id), ignored.has(e.id)), dim: undone.has(e.id) || e.type === 'undone' }));
}

export function HistoryView({ t, lines, scroll, height, columns }: { t: Translate; lines: { text: string; dim: boolean }[]; scroll: number; height: number; columns: number }) {
  return (
    <Box flexDirection="column">
      <Text bold>{t('ui.history.title', { count: lines.length })}</Text>
      {lines.slice(scroll, scroll + height - 1).map((line, i) => (
        <Text key={i} dimColor={line.dim}>
          {truncate(line.text, columns - 1)}
        </Text>
      ))}
    </Box>
  );
}
