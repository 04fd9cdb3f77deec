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

/** Records the date an outside party gave for a wait; checked again under the store's lock. */
export async function recordExpect(app: App, loaded: Loaded, stepId: string, terminal: string | undefined, byText: string, noteText?: string) {
  const by = parseDate(byText.trim());
  if (by < app.today) throw new SeikyuError(ExitCode.input, 'err.expect.past', { value: by });
  const instance = refuseUnlessWaiting(app, loaded, stepId, terminal);
  const note = noteText?.trim() || undefined;
  const { event, after } = await app.append((current) => {
    refuseUnlessWaiting(app, current!, stepId, instance.terminal ?? undefined);
    return { type: 'expected', step: instance.step.id, terminal: instance.terminal, inputs: {}, by, ...(note ? { note } : {}), ...app.stamp() };
  });
  return { instance, event, after, by };
}

export async function runExpect(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('expect', args, { by: { type: 'string' }, terminal: { type: 'string' }, note: { type: 'string' } });
  const [stepId, extra] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'expect' });
  if (extra !== undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'expect', arg: extra });
  if (values.by === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingOption', { command: 'expect', option: '--by' });
  const { instance, event, by } = await recordExpect(app, await app.load(), stepId, values.terminal, values.by, values.note);
  const title = instance.terminal === null ? instance.step.title[app.lang] : app.t('step.onTerminal', { title: instance.step.title[app.lang], terminal: instance.terminal });
  app.out(app.t('cli.expect.recorded', { title, date: by, id: event.id }));
}
