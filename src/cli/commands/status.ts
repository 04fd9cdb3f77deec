import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { isRecurring, progress, selectNext, type StepView } from '../../machine/selectors.js';
import { claimWindowHours, claimWindowOf, type ClaimWindow } from '../../machine/calendar.js';
import { forecast, type Forecast, type MilestoneForecast } from '../../machine/forecast.js';
import { isJapaneseHoliday } from '../../effects/holidays.js';
import type { MessageKey } from '../../i18n/index.js';
import { addDays, shortDate } from '../../machine/dates.js';
import type { Onboarding } from '../../machine/replay.js';
import { excerpt, printableJson } from '../../i18n/visible.js';
import type { App } from '../app.js';
import { parse } from '../args.js';
import { facilityJson, groupViews, header, outputWidth, stepJson, stepLines, trackTitle, unmetText } from '../render.js';
import { wrapHelp } from '../../ui/text.js';

/** The claim window for `--json`: its days, whether it is the first, and the hours of its two parts. */
function claimWindowJson(window: ClaimWindow | null) {
  if (!window) return null;
  const split = addDays(window.from, 2);
  return {
    from: window.from,
    to: window.to,
    first: window.first,
    hours: [
      { from: window.from, to: split, ...claimWindowHours(window.from) },
      { from: addDays(split, 1), to: window.to, ...claimWindowHours(window.to) },
    ],
  };
}

/** Both milestones (every instance of them) are done: onboarding is over. */
function onboarded(milestones: readonly MilestoneForecast[]): boolean {
  return milestones.length > 0 && milestones.every((m) => m.done);
}

/** The facts after onboarding that status and next share; the forecast counts mail in business days (Japan's holidays). */
function outlook(app: App, onboarding: Onboarding) {
  const ahead = forecast(onboarding, app.today, isJapaneseHoliday);
  const milestones = ahead.milestones;
  return { milestones, forecast: ahead, claimWindow: claimWindowOf(onboarding, app.today), onboarded: onboarded(milestones) };
}

/** The forecast for `--json`: each milestone's range, the critical path (done steps included, marked), the first claim window. */
function forecastJson(ahead: Forecast) {
  return {
    milestones: ahead.milestones.map((m) => ({ id: m.id, terminal: m.terminal, earliest: m.earliest, latest: m.latest })),
    criticalPath: ahead.criticalPath.map((s) => ({ id: s.id, terminal: s.terminal, earliest: s.earliest, latest: s.latest, done: s.done })),
    firstClaimWindow: ahead.firstClaimWindow,
  };
}

/** A step's short name, with its PC for a per-PC step. */
function shortName(app: App, onboarding: Onboarding, key: string): string {
  const instance = onboarding.plan.byKey.get(key)!;
  const title = instance.step.short[app.lang];
  return instance.terminal === null ? title : app.t('step.onTerminal', { title, terminal: instance.terminal });
}

/**
 * `next`'s forecast: each milestone from its earliest to its latest day (one day when they meet, the day it
 * was reached once done), what sets the pace (the critical path from its first open step), and the first
 * claim window the forecast allows.
 */
function forecastLines(app: App, onboarding: Onboarding, ahead: Forecast): string[] {
  const day = (date: string, from = app.today) => shortDate(date, from);
  const lines = [app.t('forecast.next.title')];
  for (const m of ahead.milestones) {
    const what = shortName(app, onboarding, m.key);
    let key: MessageKey = 'forecast.next.range';
    if (m.done) key = 'forecast.next.done';
    else if (m.earliest === null || m.latest === null) key = 'forecast.next.unknown';
    else if (m.earliest === m.latest) key = 'forecast.next.day';
    const known = m.earliest !== null && m.latest !== null;
    lines.push(`  ${app.t(key, known ? { what, date: day(m.latest!), earliest: day(m.earliest!), latest: day(m.latest!, m.earliest!) } : { what })}`);
  }
  const open = ahead.criticalPath.filter((s) => !s.done);
  if (open.length > 0) {
    const chain = open.map((s) => shortName(app, onboarding, s.key)).join(app.t('forecast.next.pathSeparator'));
    // Continued lines sit under the chain, not under the label.
    const [first = '', ...rest] = wrapHelp(`  ${app.t('forecast.next.path', { chain })}`, outputWidth(app)).split('\n');
    lines.push(first, ...rest.map((l) => `    ${l.trimStart()}`));
  }
  // The first claim window the forecast allows, when it is later than the one the notice alone allows (said below).
  const window = ahead.firstClaimWindow;
  const byNotice = claimWindowOf(onboarding, app.today);
  if (window && ahead.milestones.some((m) => m.id === 'claims-ready' && !m.done) && (!byNotice || window.from > byNotice.from)) {
    lines.push(`  ${app.t('forecast.next.firstWindow', { from: day(window.from), to: day(window.to, window.from) })}`);
  }
  return lines;
}

function claimWindowLine(app: App, window: ClaimWindow): string {
  const params = { from: shortDate(window.from, app.today), to: shortDate(window.to, app.today) };
  return app.t(window.first ? 'cli.next.firstClaimWindow' : 'cli.next.claimWindow', params);
}

export async function runStatus(app: App, args: string[]): Promise<void> {
  const { values } = parse('status', args, { json: { type: 'boolean' }, terminal: { type: 'string' } }, false);
  const { onboarding } = await app.load();
  const { profile } = onboarding;
  if (values.terminal !== undefined && !profile.terminals.some((t) => t.name === values.terminal)) {
    throw new SeikyuError(ExitCode.input, 'err.unknownTerminal', {
      terminal: excerpt(values.terminal),
      terminals: profile.terminals.map((t) => t.name).join(', '),
    });
  }
  const all = app.selector(onboarding).views();
  const views = values.terminal === undefined ? all : all.filter((v) => v.terminal === null || v.terminal === values.terminal);
  const after = outlook(app, onboarding);
  if (values.json) {
    app.out(
      printableJson({
        facility: facilityJson(profile),
        today: app.today,
        progress: progress(views),
        steps: views.map((v) => stepJson(v, app.today)),
        claimWindow: claimWindowJson(after.claimWindow),
        milestones: after.milestones,
        onboarded: after.onboarded,
        forecast: forecastJson(after.forecast),
      }),
    );
    return;
  }
  app.out(header(app, profile, progress(views)));
  if (after.onboarded) app.out(app.t('cli.ready'));
  if (after.claimWindow) app.out(claimWindowLine(app, after.claimWindow));
  for (const group of groupViews(views)) {
    app.out();
    app.out(trackTitle(app, group.track, group.terminal));
    for (const view of group.views) {
      for (const line of stepLines(app, view, '  ', false)) app.out(line);
      if (view.status === 'blocked' && view.blockedBy.length > 0) {
        app.out(`      ${app.t('cli.blockedBy', { needs: view.blockedBy.map((n) => unmetText(app, n)).join(', ') })}`);
      }
    }
  }
}

export async function runNext(app: App, args: string[]): Promise<void> {
  const { values } = parse('next', args, { json: { type: 'boolean' } }, false);
  const { onboarding } = await app.load();
  const views = app.selector(onboarding).views();
  const next = selectNext(views, app.today);
  const after = outlook(app, onboarding);
  if (values.json) {
    const json = (list: StepView[]) => list.map((v) => stepJson(v, app.today));
    app.out(
      printableJson({
        today: app.today,
        progress: progress(views),
        deadlines: json(next.deadlines),
        chase: json(next.chase),
        ready: json(next.ready),
        waiting: json(next.waiting),
        optional: json(next.optional),
        claimWindow: claimWindowJson(after.claimWindow),
        milestones: after.milestones,
        onboarded: after.onboarded,
        forecast: forecastJson(after.forecast),
      }),
    );
    return;
  }
  app.out(header(app, onboarding.profile, progress(views)));
  if (after.onboarded) app.out(app.t('cli.ready'));
  const sections: [string, StepView[]][] = [
    [app.t('cli.next.deadlineSoon'), next.deadlines],
    [app.t('cli.next.chase'), next.chase],
    [app.t('cli.next.ready'), next.ready],
    [app.t('cli.next.waiting'), next.waiting],
  ];
  for (const [title, list] of sections) {
    if (list.length === 0) continue;
    app.out();
    app.out(title);
    for (const view of list) for (const line of stepLines(app, view)) app.out(line);
  }
  if (!after.onboarded && after.forecast.milestones.length > 0) {
    app.out();
    for (const line of forecastLines(app, onboarding, after.forecast)) app.out(line);
  }
  // Once onboarding is over, what follows: the certificates' renewals (shown even before they are due) and
  // the next claim window. Before, the first claim window is still worth knowing.
  const renewals = after.onboarded ? views.filter((v) => isRecurring(v.step) && v.status === 'done') : [];
  if (after.claimWindow || renewals.length > 0) {
    app.out();
    app.out(app.t('cli.next.afterOnboarding'));
    if (after.claimWindow) app.out(`  ${claimWindowLine(app, after.claimWindow)}`);
    for (const view of renewals) for (const line of stepLines(app, view)) app.out(line);
  }
  if (next.optional.length > 0) {
    app.out();
    app.out(app.t('cli.next.optional'));
    for (const view of next.optional) for (const line of stepLines(app, view)) app.out(line);
  }
  if (!after.onboarded && next.chase.length === 0 && next.ready.length === 0) {
    app.out();
    const p = progress(views);
    app.out(p.done === p.total ? app.t('cli.next.allDone') : app.t('cli.next.nothing'));
  }
  app.out();
  app.out(app.t('cli.next.showHint'));
}
