import { Box, Text } from 'ink';
import type { Translate } from '../i18n/index.js';
import type { Row } from './view-model.js';
import { StatusGlyph } from './status-glyph.js';
import { pad, truncate } from './text.js';

/**
 * The steps grouped by track, one line each: glyph, title, and the one-line reason. Only the rows that
 * fit are drawn (the frame stays shorter than the terminal, so Ink never clears the screen to redraw).
 */
export function Dashboard({ rows, selected, height, columns, t, filtered }: { rows: Row[]; selected: number; height: number; columns: number; t: Translate; filtered: boolean }) {
  const visible = Math.max(1, height);
  // Keep the selection in view, with its heading when possible.
  let top = Math.max(0, Math.min(selected - Math.floor(visible / 2), rows.length - visible));
  if (top > 0 && rows[top - 1]?.kind === 'heading' && selected - top < visible - 1) top -= 1;
  const slice = rows.slice(top, top + visible);
  const titleWidth = Math.max(16, Math.min(34, Math.floor((columns - 4) * 0.4)));
  const reasonWidth = Math.max(10, columns - titleWidth - 6);
  if (rows.length === 0) return <Text dimColor>{t(filtered ? 'ui.empty.filtered' : 'ui.empty')}</Text>;
  return (
    <Box flexDirection="column">
      {slice.map((row, i) => {
        const index = top + i;
        if (row.kind === 'heading') {
          return (
            <Text key={`h${index}`} bold underline>
              {truncate(row.text, columns - 1)}
            </Text>
          );
        }
        const isSelected = index === selected;
        return (
          <Box key={row.view.key}>
            <Text color="cyan">{isSelected ? '›' : ' '}</Text>
            <StatusGlyph status={row.view.status} />
            <Text> </Text>
            <Text inverse={isSelected}>{pad(row.view.short, titleWidth)}</Text>
            <Text> </Text>
            <Text dimColor={row.view.status === 'done' || row.view.status === 'skipped'} color={row.view.status === 'overdue' || row.view.status === 'failed' ? 'red' : undefined}>
              {truncate(row.view.reason, reasonWidth)}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
