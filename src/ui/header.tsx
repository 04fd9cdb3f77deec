import { Box, Text } from 'ink';
import type { Profile } from '../machine/profile.js';
import type { StepView } from '../machine/selectors.js';
import { progress } from '../machine/selectors.js';
import { shortDate } from '../machine/dates.js';
import type { Onboarding } from '../machine/replay.js';
import type { Translate } from '../i18n/index.js';
import type { Lang } from '../machine/procedure-schema.js';
import type { HolidayCalendar } from '../machine/hours.js';
import { nextDate, overdueWaits, outlook } from './view-model.js';
import { truncate, width } from './text.js';

/**
 * The facility, overall progress as a bar and n/m; every overdue wait (else the next date that matters);
 * the forecast of the milestones (earliest–latest) and the claim window. `holidays`: the port's calendar, so
 * the forecast counts mail in business days as `status` does.
 */
export function Header({ profile, views, onboarding, today, t, lang, columns, holidays }: { profile: Profile; views: StepView[]; onboarding: Onboarding; today: string; t: Translate; lang: Lang; columns: number; holidays: HolidayCalendar }) {
  const p = progress(views);
  const barWidth = Math.max(10, Math.min(30, columns - 40));
  const filled = p.total === 0 ? 0 : Math.round((p.done / p.total) * barWidth);
  const counts = t('ui.progress', { done: p.done, total: p.total });
  const what = (view: StepView) => {
    const name = view.step.wait?.label[lang] ?? view.title;
    return view.terminal ? t('step.onTerminal', { title: name, terminal: view.terminal }) : name;
  };
  const overdue = overdueWaits(views);
  const next = nextDate(views);
  let nextText = '';
  if (overdue.length > 1) {
    // Every late wait by name (the short one: several must fit on one line; their dates are on their rows), the longest late first.
    const list = overdue.map((v) => (v.terminal ? t('step.onTerminal', { title: v.short, terminal: v.terminal }) : v.short));
    nextText = t('ui.next.overdueAll', { count: overdue.length, list: list.join(t('ui.listSeparator')) });
  } else if (next) {
    nextText = t(next.kind === 'overdue' ? 'ui.next.overdue' : next.kind === 'deadline' ? 'ui.next.deadline' : 'ui.next.expected', { what: what(next.view), date: shortDate(next.date, today) });
  }
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
      <Text color={next?.kind === 'overdue' ? 'red' : next?.kind === 'deadline' ? 'yellow' : undefined}>{truncate(`${today}  ${nextText}`, columns - 1)}</Text>
      <Text>{truncate(outlook(t, onboarding, today, holidays) || ' ', columns - 1)}</Text>
    </Box>
  );
}
