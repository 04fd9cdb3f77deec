import { ExitCode, SeikyuError } from '../../machine/errors.js';
import { applicableInputs } from '../../machine/inputs.js';
import { dependentsOf } from '../../machine/plan.js';
import { deskStatus } from '../../machine/hours.js';
import { shortDate } from '../../machine/dates.js';
import type { MessageKey } from '../../i18n/index.js';
import { eventLine, instanceLabel, undoneByMap } from '../../i18n/describe.js';
import { isJapaneseHoliday, localMoment } from '../../effects/holidays.js';
import { blockedTree } from '../../ui/view-model.js';
import { statusTheme } from '../../ui/theme.js';
import type { App } from '../app.js';
import { parse } from '../args.js';
import { resolveInstance } from '../resolve.js';
import { stepLines } from '../render.js';

/** Everything about one step: what it is, why it waits, what it needs recorded, whom to call. */
export async function runShow(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('show', args, { terminal: { type: 'string' } });
  const [stepId, extra] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'show' });
  if (extra !== undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'show', arg: extra });
  const { doc, onboarding } = await app.load();
  const instance = resolveInstance(app, onboarding, stepId, values.terminal);
  const selector = app.selector(onboarding);
  const view = selector.view(instance.key);
  const t = app.t;
  const lang = app.lang;
  const section = (key: MessageKey) => {
    app.out();
    app.out(t(key));
  };

  app.out(`${instanceLabel(t, view)}  ${view.title}`);
  for (const line of stepLines(app, view, '')) app.out(line);
  app.out();
  app.out(view.step.description[lang]);

  if (view.status === 'blocked') {
    section('ui.detail.why');
    for (const line of blockedTree(selector, view.key, t)) {
      app.out(`${'  '.repeat(line.depth + 1)}${line.status ? statusTheme[line.status].glyph + ' ' : ''}${line.text}`);
    }
  }
  const inputs = applicableInputs(view.step, onboarding.profile);
  if (inputs.length > 0) {
    section('ui.detail.inputs');
    for (const input of inputs) {
      const marks = (input.secret ? t('ui.detail.secretMark') : '') + (input.required ? '' : t('ui.detail.optional'));
      app.out(`  ${input.key}  ${input.label[lang]}${marks}`);
      app.out(`      ${input.hint[lang]}`);
    }
  }
  if (view.status !== 'done' && view.status !== 'skipped' && !view.step.kind.includes('milestone') && view.step.id !== 'facility-profile') {
    const terminal = instance.terminal !== null && onboarding.plan.instances.filter((i) => i.step.id === view.id).length > 1 ? ` --terminal ${instance.terminal}` : '';
    const plain = inputs.filter((i) => !i.secret && i.required).map((i) => ` ${i.key}=…`).join('');
    const note = view.step.kind.includes('check') ? ' --note "…"' : '';
    const confirmed = view.step.confirm.length > 0 ? ' --confirmed' : '';
    section('cli.show.record');
    app.out(`  seikyu done ${view.id}${terminal}${plain}${note}${confirmed}`);
    if (inputs.some((i) => i.secret)) app.out(`  ${t('cli.show.secrets', { keys: inputs.filter((i) => i.secret).map((i) => i.key).join(', ') })}`);
  }
  if (view.step.confirm.length > 0) {
    section('ui.detail.confirm');
    for (const c of view.step.confirm) app.out(`  ・${c[lang]}`);
  }
  const dependents = dependentsOf(onboarding.plan, view.key);
  if (dependents.length > 0) {
    section('ui.detail.unblocks');
    for (const d of dependents) {
      const dv = selector.view(d.key);
      app.out(`  ${statusTheme[dv.status].glyph} ${instanceLabel(t, dv)}  ${dv.short}`);
    }
  }
  const contact = view.step.contact ? onboarding.plan.procedure.contacts[view.step.contact] : undefined;
  if (contact) {
    section('ui.detail.desk');
    app.out(`  ${contact.name[lang]}  ${contact.phone}`);
    const desk = deskStatus(contact, localMoment(app.clock.now()), isJapaneseHoliday);
    const now =
      desk.state === 'open'
        ? t('ui.desk.open', { until: desk.closesAt })
        : desk.state === 'closed'
          ? desk.opensAt
            ? t('ui.desk.closed', { date: shortDate(desk.opensAt.date, app.today), time: desk.opensAt.time })
            : t('ui.desk.closedUnknown')
          : t(desk.why === 'no-calendar' ? 'ui.desk.noCalendar' : 'ui.desk.unknown');
    app.out(`  ${now}`);
    app.out(`  ${contact.hours[lang]}${contact.unconfirmed ? ' ' + t('ui.desk.unconfirmed') : ''}`);
  }
  if (view.step.links.length > 0) {
    section('ui.detail.links');
    for (const link of view.step.links) app.out(`  ${link.label[lang]}: ${link.url}`);
  }
  section('ui.detail.history');
  const undone = undoneByMap(doc.events);
  const mine = doc.events.filter((e) => e.step === view.id && e.terminal === view.terminal && e.type !== 'undone');
  if (mine.length === 0) app.out(`  ${t('ui.detail.noHistory')}`);
  for (const e of mine) app.out(`  ${eventLine(t, e, undone.get(e.id), false)}`);
}
