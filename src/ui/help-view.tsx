import { Box, Text } from 'ink';
import type { Translate } from '../i18n/index.js';
import { actionKeys, keymap, type Binding, type Screen } from './keymap.js';
import { pad, truncate } from './text.js';

const screens: Exclude<Screen, 'help'>[] = ['dashboard', 'detail', 'history'];

/** Every key, from the one keymap definition, grouped by the screen it works on. */
export function helpLines(t: Translate): { text: string; bold: boolean }[] {
  const lines: { text: string; bold: boolean }[] = [];
  for (const screen of screens) {
    lines.push({ text: t(`ui.help.screen.${screen}`), bold: true });
    for (const binding of [...(Object.values(keymap) as Binding[]), ...(Object.values(actionKeys) as Binding[])]) {
      if (!binding.screens.includes(screen)) continue;
      lines.push({ text: `  ${pad(binding.keys, 8)} ${t(binding.description)}`, bold: false });
    }
  }
  lines.push({ text: t('ui.help.form'), bold: true });
  lines.push({ text: `  ${t('ui.footer.form')}`, bold: false });
  return lines;
}

export function HelpView({ t, scroll, height, columns }: { t: Translate; scroll: number; height: number; columns: number }) {
  const lines = helpLines(t);
  return (
    <Box flexDirection="column">
      <Text bold>{t('ui.help.title')}</Text>
      {lines.slice(scroll, scroll + height - 1).map((line, i) => (
        <Text key={i} bold={line.bold}>
          {truncate(line.text, columns - 1)}
        </Text>
      ))}
    </Box>
  );
}
