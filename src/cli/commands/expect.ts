import { ExitCode, SeikyuError } from '../../machine/errors.js';
import type { App, Loaded } from '../app.js';
import { parse } from '../args.js';
import { parseDate, resolveInstance } from '../resolve.js';

function refuseUnlessWaiting(app: App, loaded: Loaded, stepId: string, terminal: string | undefined) {
  const instance = resolveInstance(app, loaded.onboarding, stepId, terminal);
  const title = instance.step.title[app.lang];
  if (!instance.step.wait) throw new SeikyuError(ExitCode.refused, 'err.expect.notWait', { title });
  const view = app.selector(loaded.onboarding).view(instance.key);
  if (view.status === 'done') throw new SeikyuError(ExitCode.refused, 'err.expect.done', { title });
  if (view.status === 'skipped') throw new SeikyuError(ExitCode.refused, 'err.skipped', { title, reason: view.reason });
  return instance;
}

export async function runExpect(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('expect', args, { by: { type: 'string' }, terminal: { type: 'string' }, note: { type: 'string' } });
  const [stepId, extra] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'expect' });
  if (extra !== undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'expect', arg: extra });
  if (values.by === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingOption', { command: 'expect', option: '--by' });
  const by = parseDate(values.by);
  if (by < app.today) throw new SeikyuError(ExitCode.input, 'err.expect.past', { value: by });
  const loaded = await app.load();
  const instance = refuseUnlessWaiting(app, loaded, stepId, values.terminal);
  const note = values.note?.trim() || undefined;
  const { event } = await app.append((current) => {
    refuseUnlessWaiting(app, current!, stepId, instance.terminal ?? undefined);
    return { type: 'expected', step: instance.step.id, terminal: instance.terminal, inputs: {}, by, ...(note ? { note } : {}), ...app.stamp() };
  });
  const title = instance.terminal === null ? instance.step.title[app.lang] : app.t('step.onTerminal', { title: instance.step.title[app.lang], terminal: instance.terminal });
  app.out(app.t('cli.expect.recorded', { title, date: by, id: event.id }));
}
