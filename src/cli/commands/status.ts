import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { progress, selectNext, type StepView } from '../../machine/selectors.js';
import { excerpt, printableJson } from '../../i18n/visible.js';
import type { App } from '../app.js';
import { parse } from '../args.js';
import { facilityJson, groupViews, header, stepLines, trackTitle, unmetText, viewJson } from '../render.js';

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
  if (values.json) {
    app.out(printableJson({ facility: facilityJson(profile), today: app.today, progress: progress(views), steps: views.map(viewJson) }));
    return;
  }
  app.out(header(app, profile, progress(views)));
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
  if (values.json) {
    const json = (list: StepView[]) => list.map(viewJson);
    app.out(printableJson({ today: app.today, progress: progress(views), deadlines: json(next.deadlines), chase: json(next.chase), ready: json(next.ready), waiting: json(next.waiting) }));
    return;
  }
  app.out(header(app, onboarding.profile, progress(views)));
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
  if (next.chase.length === 0 && next.ready.length === 0) {
    app.out();
    const p = progress(views);
    app.out(p.done === p.total ? app.t('cli.next.allDone') : app.t('cli.next.nothing'));
  }
  app.out();
  app.out(app.t('cli.next.showHint'));
}
