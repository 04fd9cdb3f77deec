import { Box, Text } from 'ink';
import type { Translate } from '../i18n/index.js';
import type { Row } from './view-model.js';
import { StatusGlyph } from './status-glyph.js';
import { pad, truncate } from './text.js';

/**
 * What needs the operator first, then what can be done now, what is on its way, and the tracks (a done
 * track as one line until opened), one line per step: glyph, title, and the one-line reason. Only the
 * rows that fit are drawn (the frame stays shorter than the terminal, so Ink never clears the screen to
 * redraw).
 */
export function Dashboard({ rows, selected, height, columns, t, filtered }: { rows: Row[]; selected: number; height: number; columns: number; t: Translate; filtered: boolean }) {
  const visible = Math.max(1, height);
  // Keep the selection in view, with its heading when possible; from the top while it fits, so the
  // first screen starts with the first section.
  let top = Math.max(0, Math.min(selected - Math.floor(visible / 2), rows.length - visible));
  if (selected < visible - 1) top = 0;
  if (top > 0 && rows[top - 1]?.kind === 'heading' && selected - top < visible - 1) top -= 1;
  const slice = rows.slice(top, top + visible);
  const titleWidth = Math.max(16, Math.min(34, Math.floor((columns - 4) * 0.4)));
  const reasonWidth = Math.max(10, columns - titleWidth - 6);
  if (rows.length === 0) return <Text dimColor>{t(filtered ? 'ui.empty.filtered' : 'ui.empty')}</Text>;
  return (
    <Box flexDirection="column">
      {slice.map((row, i) => {
        const index = top + i;
        const isSelected = index === selected;
        switch (row.kind) {
          case 'heading':
            return (
              <Text key={`h${index}`} bold underline>
                {truncate(row.text, columns - 1)}
              </Text>
            );
          case 'note':
            return (
              <Text key={`n${index}`} color={row.tone === 'open' ? 'green' : row.tone === 'closed' ? 'yellow' : undefined} dimColor={row.tone === 'unknown'}>
                {truncate(`    ${row.text}`, columns - 1)}
              </Text>
            );
          case 'track':
            return (
              <Box key={row.key}>
                <Text color="cyan">{isSelected ? '›' : ' '}</Text>
                <Text dimColor>{row.open ? '▾' : '▸'}</Text>
                <Text> </Text>
                <Text inverse={isSelected} bold={!isSelected}>
                  {truncate(row.text, columns - 4)}
                </Text>
              </Box>
            );
          case 'step':
            return (
              <Box key={row.view.key}>
                <Text color="cyan">{isSelected ? '›' : ' '}</Text>
                <StatusGlyph status={row.view.status} />
                <Text> </Text>
                <Text inverse={isSelected}>{pad(row.title ?? row.view.short, titleWidth)}</Text>
                <Text> </Text>
                <Text dimColor={row.view.status === 'done' || row.view.status === 'skipped'} color={row.view.status === 'overdue' || row.view.status === 'failed' ? 'red' : undefined}>
                  {truncate(row.reason, reasonWidth)}
                </Text>
              </Box>
            );
        }
      })}
    </Box>
  );
}
