import { Box, Text } from 'ink';
import type { StepView, Status } from '../machine/selectors.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { OnboardingPort, UiState } from './port.js';
import { detailActions, selectorFor, type DetailAction } from './view-model.js';
import { buildStepDetail, type DetailSection } from './step-detail-model.js';
import { statusTheme, type Colour } from './theme.js';
import { truncate, wrap } from './text.js';
import { keymap } from './keymap.js';
import { visible } from '../i18n/visible.js';

/** One line of the detail screen, with its style. */
export interface DetailLine {
  text: string;
  colour?: Colour;
  bold?: boolean;
  dim?: boolean;
  /** A secret read back with `r`: its label and value (`value`), or the note under it (`note`). */
  revealed?: 'value' | 'note';
}

/**
 * Everything about one step, as lines the screen scrolls through: the shared model, then the keys that act
 * on it. `revealed`: secrets read back with `r`, shown in place of their mask until the screen changes.
 */
export function detailLines(port: OnboardingPort, state: UiState, view: StepView, columns: number, revealed: Readonly<Record<string, string>> | null = null): DetailLine[] {
  const contact = view.step.contact;
  const sections = buildStepDetail({
    t: port.t,
    lang: port.lang,
    today: port.today(),
    onboarding: state.onboarding,
    events: state.events,
    selector: selectorFor(port, state),
    view,
    desk: contact ? port.desk(contact) : null,
  });
  return renderDetailLines(port.t, sections, detailActions(port, state, view), columns, revealed);
}

/** The TUI's rendering of the model: wrapped to the width (continuations keep their indent), status colours. */
export function renderDetailLines(
  t: Translate,
  sections: readonly DetailSection[],
  actions: readonly DetailAction[],
  columns: number,
  revealed: Readonly<Record<string, string>> | null = null,
): DetailLine[] {
  const out: DetailLine[] = [];
  const w = columns - 2;
  const push = (text: string, style: Omit<DetailLine, 'text'> = {}) => {
    const indent = /^ */.exec(text)![0];
    wrap(text.slice(indent.length), w - indent.length).forEach((line) => out.push({ text: indent + line, ...style }));
  };
  const heading = (key: MessageKey) => {
    out.push({ text: '' });
    out.push({ text: t(key), bold: true });
  };
  const glyph = (status: Status) => statusTheme[status].glyph;

  for (const section of sections) {
    switch (section.kind) {
      case 'head': {
        const { view } = section;
        push(`${section.title}  (${view.id})`, { bold: true });
        const label = view.status === 'done' ? '' : `${t(`status.${view.status}` as MessageKey)}: `;
        push(`${glyph(view.status)} ${label}${view.reason}`, { colour: statusTheme[view.status].colour });
        break;
      }
      case 'timing':
        if (section.expected) {
          push(t('ui.detail.expected', { since: section.expected.since, by: section.expected.by }));
          if (section.expected.estimate) push(t('ui.detail.estimate'), { dim: true });
        }
        if (section.deadline) push(t('ui.detail.deadline', section.deadline), { colour: 'yellow' });
        break;
      case 'description':
        out.push({ text: '' });
        push(section.text);
        break;
      case 'values':
        heading(section.heading);
        for (const item of section.items) {
          push(`  ${item.label}`);
          push(`    ${item.value}`, { colour: 'cyan' });
        }
        for (const note of section.notes) push(`  ${note}`, { dim: true });
        break;
      case 'why':
        heading(section.heading);
        for (const line of section.tree) {
          const mark = line.status ? glyph(line.status) + ' ' : '';
          push(`${'  '.repeat(line.depth + 1)}${mark}${line.text}`, line.status ? { colour: statusTheme[line.status].colour } : { dim: true });
        }
        break;
      case 'unblocks':
        heading(section.heading);
        for (const d of section.steps) push(`  ${glyph(d.status)} ${d.title}`, { colour: statusTheme[d.status].colour });
        break;
      case 'inputs':
        heading(section.heading);
        for (const input of section.inputs) {
          const marks = (input.secret ? t('ui.detail.secretMark') : '') + (input.required ? '' : t('ui.detail.optional'));
          const shown = revealed?.[input.key];
          if (shown !== undefined) {
            // Read back with `r`: on the screen only, until the next key (values come from the operator: control characters made visible).
            push(`  ${input.label}${marks}: ${visible(shown)}`, { colour: 'magenta', bold: true, revealed: 'value' });
            push(`    ${t('ui.detail.revealed')}`, { dim: true, revealed: 'note' });
            continue;
          }
          push(`  ${input.label}${marks}${input.recorded !== null ? `: ${input.recorded}` : ''}`);
          if (input.recorded === null) push(`    ${input.hint}`, { dim: true });
        }
        break;
      case 'confirm':
        heading(section.heading);
        for (const item of section.items) push(`  ・${item}`);
        break;
      case 'check':
        heading(section.heading);
        push(`  ${section.text}`);
        break;
      case 'verified':
        heading(section.heading);
        if (section.by === 'check') push(`  ${t('ui.check.byProgram', { date: section.date })}`, { colour: 'green' });
        else push(`  ${t('ui.check.byHand', { date: section.date })}`);
        if (section.sentence) push(`  ${section.sentence}`);
        for (const line of section.evidence) push(`    • ${line}`, { dim: true });
        if (section.note !== null) push(`  ${t('ui.check.handNote', { note: section.note })}`);
        break;
      case 'check-failure':
        heading(section.heading);
        push(`  ${t('ui.check.failedAt', { date: section.date })}`, { colour: 'red' });
        push(`  ${section.sentence}`);
        for (const line of section.evidence) push(`    • ${line}`, { dim: true });
        if (section.fix) push(`  ${t('cli.check.fix')} ${section.fix}`, { colour: 'yellow' });
        break;
      case 'desk':
        heading(section.heading);
        push(`  ${section.name}  ${section.phone}`);
        if (section.now) push(`  ${section.now.text}`, { colour: section.now.state === 'open' ? 'green' : section.now.state === 'closed' ? 'yellow' : undefined });
        push(`  ${section.hours}`, { dim: true });
        break;
      case 'links':
        heading(section.heading);
        for (const link of section.links) {
          push(`  ${link.label}`);
          push(`    ${link.url}`, { colour: 'cyan' });
        }
        break;
      case 'history':
        heading(section.heading);
        if (section.events.length === 0) push(`  ${section.empty}`, { dim: true });
        for (const e of section.events) push(`  ${e.text}`, e.undone ? { dim: true } : {});
        break;
    }
  }

  heading('ui.detail.actions');
  for (const action of actions) {
    const keys = keymap[action.command].keys;
    if (action.disabled) push(`  ${keys}  ${action.label} — ${action.disabled}`, { dim: true });
    else push(`  ${keys}  ${action.label}`, { colour: 'cyan' });
  }
  return out;
}

/**
 * The scroll that brings the secrets read back with `r` into view, from `scroll`: a reveal is recorded in the
 * history, so its value must be on the screen, not below the body's last line (a value wrapped under a long
 * label was). Unmoved when they are already in view. When the label, the value and the note do not all fit,
 * the label and the value do; when even they do not, the body starts at the label (the most of the value
 * from its beginning). Within 0…`lines.length - height`, as the scroll keys keep it.
 */
export function revealScroll(lines: readonly DetailLine[], scroll: number, height: number): number {
  const first = lines.findIndex((l) => l.revealed !== undefined);
  if (first < 0 || height <= 0) return scroll;
  const lastOf = (kinds: readonly DetailLine['revealed'][]) => lines.findLastIndex((l) => kinds.includes(l.revealed));
  const all = lastOf(['value', 'note']);
  const values = lastOf(['value']);
  const end = all - first < height ? all : values - first < height ? values : first + height - 1;
  const max = Math.max(0, lines.length - height);
  const top = first < scroll ? first : end >= scroll + height ? end - height + 1 : scroll;
  return Math.max(0, Math.min(max, top));
}

/** The visible part of the detail: `height` lines from `scroll`, each cut to the width. */
export function StepDetail({ lines, scroll, height, columns }: { lines: DetailLine[]; scroll: number; height: number; columns: number }) {
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
