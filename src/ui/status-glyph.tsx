import { Text } from 'ink';
import type { Status } from '../machine/selectors.js';
import { statusTheme } from './theme.js';

/** A status as its glyph in its semantic colour (Ink drops colour itself under NO_COLOR). */
export function StatusGlyph({ status }: { status: Status }) {
  const theme = statusTheme[status];
  return (
    <Text color={theme.colour} bold={theme.bold ?? false}>
      {theme.glyph}
    </Text>
  );
}
