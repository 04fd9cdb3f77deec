import { Box, Text } from 'ink';
import type { Profile } from '../machine/profile.js';
import type { StepView } from '../machine/selectors.js';
import { progress } from '../machine/selectors.js';
import { shortDate } from '../machine/dates.js';
import type { Translate } from '../i18n/index.js';
import type { Lang } from '../machine/procedure-schema.js';
import { nextDate } from './view-model.js';
import { truncate, width } from './text.js';

/** The facility, overall progress as a bar and n/m, and the next date that matters. */
export function Header({ profile, views, today, t, lang, columns }: { profile: Profile; views: StepView[]; today: string; t: Translate; lang: Lang; columns: number }) {
  const p = progress(views);
  const barWidth = Math.max(10, Math.min(30, columns - 40));
  const filled = p.total === 0 ? 0 : Math.round((p.done / p.total) * barWidth);
  const counts = t('ui.progress', { done: p.done, total: p.total });
  const next = nextDate(views);
  const what = next ? (next.view.step.wait?.label[lang] ?? next.view.title) : '';
  const nextText = next
    ? t(next.kind === 'overdue' ? 'ui.next.overdue' : next.kind === 'deadline' ? 'ui.next.deadline' : 'ui.next.expected', {
        what: next.view.terminal ? t('step.onTerminal', { title: what, terminal: next.view.terminal }) : what,
        date: shortDate(next.date, today),
      })
    : '';
  const name = truncate(profile.name, Math.max(10, columns - width(counts) - barWidth - 6));
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{name}</Text>
        <Text>{'  '}</Text>
        <Text color="green">{'#'.repeat(filled)}</Text>
        <Text dimColor>{'.'.repeat(barWidth - filled)}</Text>
        <Text>{` ${counts}`}</Text>
      </Box>
      <Text color={next?.kind === 'overdue' ? 'red' : next?.kind === 'deadline' ? 'yellow' : undefined}>
        {truncate(`${today}  ${nextText}`, columns - 1)}
      </Text>
    </Box>
  );
}
