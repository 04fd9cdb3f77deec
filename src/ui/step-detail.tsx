import { Box, Text } from 'ink';
import type { StepView, Status } from '../machine/selectors.js';
import { dependentsOf } from '../machine/plan.js';
import { conditionHolds } from '../machine/plan.js';
import { shortDate } from '../machine/dates.js';
import type { MessageKey } from '../i18n/index.js';
import { eventLine, titleOn, undoneByMap } from '../i18n/describe.js';
import type { OnboardingPort, UiState } from './port.js';
import { blockedTree, detailActions, selectorFor } from './view-model.js';
import { statusTheme, type Colour } from './theme.js';
import { truncate, wrap } from './text.js';
import { keymap } from './keymap.js';

interface Line {
  text: string;
  colour?: Colour;
  bold?: boolean;
  dim?: boolean;
}

/** Everything about one step, as lines (the screen scrolls through them). */
export function detailLines(port: OnboardingPort, state: UiState, view: StepView, columns: number): Line[] {
  const t = port.t;
  const lang = port.lang;
  const selector = selectorFor(port, state);
  const out: Line[] = [];
  const w = columns - 2;
  const push = (text: string, style: Omit<Line, 'text'> = {}) => {
    // Continuation lines keep the indentation of the first.
    const indent = /^ */.exec(text)![0];
    wrap(text.slice(indent.length), w - indent.length).forEach((line) => out.push({ text: indent + line, ...style }));
  };
  const section = (key: MessageKey) => {
    out.push({ text: '' });
    out.push({ text: t(key), bold: true });
  };
  const glyph = (status: Status) => statusTheme[status].glyph;

  push(`${titleOn(t, view.title, view.terminal)}  (${view.id})`, { bold: true });
  const label = view.status === 'done' ? '' : `${t(`status.${view.status}` as MessageKey)}: `;
  push(`${glyph(view.status)} ${label}${view.reason}`, { colour: statusTheme[view.status].colour });
  if (view.expectedBy && (view.status === 'waiting' || view.status === 'overdue')) {
    push(t('ui.detail.expected', { since: shortDate(view.since!, port.today()), by: shortDate(view.expectedBy, port.today()) }));
    if (view.step.wait?.unconfirmed) push(t('ui.detail.estimate'), { dim: true });
  }
  if (view.deadline) push(t('ui.detail.deadline', { date: view.deadline, what: view.step.deadline!.text[lang] }), { colour: 'yellow' });
  out.push({ text: '' });
  push(view.step.description[lang]);

  if (view.status === 'blocked') {
    section('ui.detail.why');
    for (const line of blockedTree(selector, view.key, t)) {
      const mark = line.status ? glyph(line.status) + ' ' : '';
      push(`${'  '.repeat(line.depth + 1)}${mark}${line.text}`, line.status ? { colour: statusTheme[line.status].colour } : { dim: true });
    }
  }

  const dependents = dependentsOf(state.onboarding.plan, view.key);
  if (dependents.length > 0) {
    section('ui.detail.unblocks');
    for (const d of dependents) {
      const dv = selector.view(d.key);
      push(`  ${glyph(dv.status)} ${titleOn(t, dv.title, dv.terminal)}`, { colour: statusTheme[dv.status].colour });
    }
  }

  const inputs = view.step.inputs.filter((i) => conditionHolds(i.appliesWhen, state.onboarding.profile));
  if (inputs.length > 0) {
    section('ui.detail.inputs');
    for (const input of inputs) {
      const recorded = view.record ? (view.record.secretKeys.includes(input.key) ? t('cli.secret.masked') : view.record.inputs[input.key]) : undefined;
      const marks = (input.secret ? t('ui.detail.secretMark') : '') + (input.required ? '' : t('ui.detail.optional'));
      push(`  ${input.label[lang]}${marks}${recorded !== undefined ? `: ${recorded}` : ''}`);
      if (recorded === undefined) push(`    ${input.hint[lang]}`, { dim: true });
    }
  }
  if (view.step.confirm.length > 0) {
    section('ui.detail.confirm');
    for (const c of view.step.confirm) push(`  ・${c[lang]}`);
  }
  if (view.step.check) {
    section('ui.detail.check');
    push(`  ${view.step.check[lang]}`);
  }

  const contactId = view.step.contact;
  const contact = contactId ? state.onboarding.plan.procedure.contacts[contactId] : undefined;
  if (contactId && contact) {
    section('ui.detail.desk');
    push(`  ${contact.name[lang]}  ${contact.phone}`);
    const desk = port.desk(contactId);
    if (desk) push(`  ${deskText(port, desk)}`, { colour: desk.state === 'open' ? 'green' : desk.state === 'closed' ? 'yellow' : undefined });
    push(`  ${contact.hours[lang]}${contact.unconfirmed ? ' ' + t('ui.desk.unconfirmed') : ''}`, { dim: true });
  }

  if (view.step.links.length > 0) {
    section('ui.detail.links');
    for (const link of view.step.links) {
      push(`  ${link.label[lang]}`);
      push(`    ${link.url}`, { colour: 'cyan' });
    }
  }

  section('ui.detail.history');
  const undone = undoneByMap(state.events);
  const mine = state.events.filter((e) => e.step === view.id && e.terminal === view.terminal && e.type !== 'undone');
  if (mine.length === 0) push(`  ${t('ui.detail.noHistory')}`, { dim: true });
  for (const e of mine) push(`  ${eventLine(t, e, undone.get(e.id), false)}`, undone.has(e.id) ? { dim: true } : {});

  section('ui.detail.actions');
  for (const action of detailActions(port, state, view)) {
    const keys = keymap[action.command].keys;
    if (action.disabled) push(`  ${keys}  ${action.label} — ${action.disabled}`, { dim: true });
    else push(`  ${keys}  ${action.label}`, { colour: 'cyan' });
  }
  return out;
}

export function deskText(port: OnboardingPort, desk: NonNullable<ReturnType<OnboardingPort['desk']>>): string {
  const t = port.t;
  switch (desk.state) {
    case 'open':
      return t('ui.desk.open', { until: desk.closesAt });
    case 'closed':
      return desk.opensAt ? t('ui.desk.closed', { date: shortDate(desk.opensAt.date, port.today()), time: desk.opensAt.time }) : t('ui.desk.closedUnknown');
    default:
      return t(desk.why === 'no-calendar' ? 'ui.desk.noCalendar' : 'ui.desk.unknown');
  }
}

export function StepDetail({ lines, scroll, height, columns }: { lines: Line[]; scroll: number; height: number; columns: number }) {
  const slice = lines.slice(scroll, scroll + height);
  return (
    <Box flexDirection="column">
      {slice.map((line, i) => (
        <Text key={i} bold={line.bold ?? false} dimColor={line.dim ?? false} {...(line.colour ? { color: line.colour } : {})}>
          {truncate(line.text, columns - 1) || ' '}
        </Text>
      ))}
    </Box>
  );
}
