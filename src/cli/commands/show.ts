import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { excerpt } from '../../i18n/visible.js';
import { applicableInputs } from '../../machine/inputs.js';
import { deskStatus } from '../../machine/hours.js';
import type { StepView } from '../../machine/selectors.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { instanceLabel } from '../../i18n/describe.js';
import { isJapaneseHoliday, localMoment } from '../../effects/holidays.js';
import { buildStepDetail, type DetailSection } from '../../ui/step-detail-model.js';
import { statusTheme } from '../../ui/theme.js';
import type { App } from '../app.js';
import { noteRequiredFor, recordedByHand } from '../../machine/authority.js';
import { parse } from '../args.js';
import { resolveInstance } from '../../app/resolve.js';
import { stepLines } from '../render.js';
import { NET_CONFIG_STEP, networkValues, windowsCommands } from '../../machine/network.js';
import type { Profile } from '../../machine/profile.js';

/** How to record the step from the command line: the command, and the secret inputs it will ask for. */
export interface RecordCommand {
  /** A step with a check: how to record it as checked by hand instead (with a note). */
  byHand?: string;
  command: string;
  secrets: string[];
}

/** Everything about one step: what it is, why it waits, what it needs recorded, whom to call. */
export async function runShow(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('show', args, { terminal: { type: 'string' }, windows: { type: 'boolean' } });
  const [stepId, extra] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'show' });
  if (extra !== undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'show', arg: excerpt(extra) });
  if (values.windows === true && stepId !== NET_CONFIG_STEP) throw new SeikyuError(ExitCode.usage, 'err.usage.windowsNetConfig');
  const { doc, onboarding } = await app.load();
  const instance = resolveInstance(app, onboarding, stepId, values.terminal);
  if (values.windows === true) {
    for (const line of windowsLines(app.t, onboarding.profile, instance.terminal!)) app.out(line);
    return;
  }
  const selector = app.selector(onboarding);
  const view = selector.view(instance.key);
  const contact = view.step.contact ? onboarding.plan.procedure.contacts[view.step.contact] : undefined;
  const sections = buildStepDetail({
    t: app.t,
    lang: app.lang,
    today: app.today,
    onboarding,
    events: doc.events,
    selector,
    view,
    desk: contact ? deskStatus(contact, localMoment(app.clock.now()), isJapaneseHoliday) : null,
  });
  const several = instance.terminal !== null && onboarding.plan.instances.filter((i) => i.step.id === view.id).length > 1;
  const record = recordCommand(view, applicableInputs(view.step, onboarding.profile), several);
  for (const line of showLines(app.t, sections, record, (v) => stepLines(app, v, ''))) app.out(line);
}

/**
 * `show net-config --windows`: the commands that set the terminal's values, as a PowerShell script with its
 * explanations as comments, for the operator to read and run. The program never runs them.
 */
export function windowsLines(t: Translate, profile: Profile, terminal: string): string[] {
  const values = networkValues(profile, terminal);
  const adapter = t('cli.net.adapter');
  const commands = windowsCommands(values, adapter);
  if (commands.length === 0) return [t('cli.net.windowsNothing', { terminal })];
  const out = [t('cli.net.windowsHead', { terminal, adapter })];
  const heading: Record<(typeof commands)[number]['sets'], string> = {
    dns: t('cli.net.windowsDns', { area: t(values.area === 'west' ? 'cli.area.west' : 'cli.area.east') }),
    wininet: t('cli.net.windowsWininet'),
    winhttp: t('cli.net.windowsWinhttp'),
  };
  let last: string | null = null;
  for (const { sets, command } of commands) {
    if (sets !== last) out.push('', heading[sets]);
    last = sets;
    out.push(command);
  }
  if (values.proxy) out.push('', t('cli.net.windowsOff'));
  return out;
}

/**
 * The command that records the step, or null when it is not recorded by hand (done, skipped, a milestone,
 * the profile). Required plain inputs are shown as `key=…`; secrets are asked, never given as arguments.
 */
export function recordCommand(
  view: StepView,
  inputs: readonly { key: string; secret: boolean; required: boolean; format?: { type: string } }[],
  severalTerminals: boolean,
): RecordCommand | null {
  if (view.status === 'done' || view.status === 'skipped' || !recordedByHand(view.step)) return null;
  const terminal = severalTerminals && view.terminal !== null ? ` --terminal ${view.terminal}` : '';
  const plain = (list: typeof inputs) => list.filter((i) => !i.secret && i.required).map((i) => ` ${i.key}=…`).join('');
  const confirmed = view.step.confirm.length > 0 ? ' --confirmed' : '';
  const secrets = inputs.filter((i) => i.secret).map((i) => i.key);
  if (noteRequiredFor(view.step)) {
    // A step with a check: the program checks the file or folder it is given and finds the rest itself (the
    // certificate's expiry); by hand, every input and a note saying how it was checked.
    const read = inputs.filter((i) => i.format === undefined || i.format.type === 'file' || i.format.type === 'folder' || i.format.type === 'text');
    return {
      command: `seikyu done ${view.id}${terminal}${plain(read)}${confirmed}`,
      byHand: `seikyu done ${view.id}${terminal}${plain(inputs)} --note "…"${confirmed}`,
      secrets,
    };
  }
  return { command: `seikyu done ${view.id}${terminal}${plain(inputs)}${confirmed}`, secrets };
}

/**
 * `seikyu show`'s rendering of the step-detail model, as plain lines: inputs with the keys the command
 * takes, then how to record the step where the TUI lists its keys. `statusLines` draws the status as
 * `seikyu status` does (colour on a terminal).
 */
export function showLines(t: Translate, sections: readonly DetailSection[], record: RecordCommand | null, statusLines: (view: StepView) => string[]): string[] {
  const out: string[] = [];
  const heading = (key: MessageKey) => out.push('', t(key));
  const glyph = (status: StepView['status']) => statusTheme[status].glyph;
  for (const section of sections) {
    switch (section.kind) {
      case 'head':
        out.push(`${instanceLabel(t, section.view)}  ${section.view.title}`, ...statusLines(section.view));
        break;
      case 'timing':
        if (section.expected) {
          out.push(t('ui.detail.expected', { since: section.expected.since, by: section.expected.by }));
          if (section.expected.estimate) out.push(t('ui.detail.estimate'));
        }
        if (section.deadline) out.push(t('ui.detail.deadline', section.deadline));
        break;
      case 'description':
        out.push('', section.text);
        break;
      case 'values':
        heading(section.heading);
        for (const item of section.items) out.push(`  ${item.label}: ${item.value}`);
        for (const note of section.notes) out.push(`  ${note}`);
        if (section.items.length > 0) out.push(`  ${t('ui.values.windowsHint')}`);
        break;
      case 'why':
        heading(section.heading);
        for (const line of section.tree) out.push(`${'  '.repeat(line.depth + 1)}${line.status ? glyph(line.status) + ' ' : ''}${line.text}`);
        break;
      case 'unblocks':
        heading(section.heading);
        for (const d of section.steps) out.push(`  ${glyph(d.status)} ${d.label}  ${d.short}`);
        break;
      case 'inputs':
        heading(section.heading);
        for (const input of section.inputs) {
          const marks = (input.secret ? t('ui.detail.secretMark') : '') + (input.required ? '' : t('ui.detail.optional'));
          out.push(`  ${input.key}  ${input.label}${marks}${input.recorded !== null ? `: ${input.recorded}` : ''}`);
          if (input.recorded === null) out.push(`      ${input.hint}`);
        }
        break;
      case 'confirm':
        heading(section.heading);
        for (const item of section.items) out.push(`  ・${item}`);
        break;
      case 'check':
        heading(section.heading);
        out.push(`  ${section.text}`);
        break;
      case 'verified':
        heading(section.heading);
        out.push(`  ${t(section.by === 'check' ? 'ui.check.byProgram' : 'ui.check.byHand', { date: section.date })}`);
        if (section.sentence) out.push(`  ${section.sentence}`);
        for (const line of section.evidence) out.push(`    • ${line}`);
        if (section.note !== null) out.push(`  ${t('ui.check.handNote', { note: section.note })}`);
        break;
      case 'check-failure':
        heading(section.heading);
        out.push(`  ${t('ui.check.failedAt', { date: section.date })}`, `  ${section.sentence}`, ...section.evidence.map((line) => `    • ${line}`));
        if (section.fix) out.push(`  ${t('cli.check.fix')} ${section.fix}`);
        break;
      case 'desk':
        heading(section.heading);
        out.push(`  ${section.name}  ${section.phone}`);
        if (section.now) out.push(`  ${section.now.text}`);
        out.push(`  ${section.hours}`);
        break;
      case 'links':
        heading(section.heading);
        for (const link of section.links) out.push(`  ${link.label}: ${link.url}`);
        break;
      case 'history':
        heading(section.heading);
        if (section.events.length === 0) out.push(`  ${section.empty}`);
        for (const e of section.events) out.push(`  ${e.text}`);
        break;
    }
  }
  if (record) {
    heading('cli.show.record');
    out.push(`  ${record.command}`);
    if (record.byHand) {
      out.push(`  ${t('cli.show.checked')}`);
      out.push(`  ${t('cli.show.byHand', { command: record.byHand })}`);
    }
    if (record.secrets.length > 0) out.push(`  ${t('cli.show.secrets', { keys: record.secrets.join(', ') })}`);
  }
  return out;
}
