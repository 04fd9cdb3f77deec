import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { excerpt } from '../../i18n/visible.js';
import type { App } from '../app.js';
import { parse } from '../args.js';
import { recordExpect } from '../../app/records.js';

export async function runExpect(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('expect', args, { by: { type: 'string' }, terminal: { type: 'string' }, note: { type: 'string' } });
  const [stepId, extra] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'expect' });
  if (extra !== undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'expect', arg: excerpt(extra) });
  if (values.by === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingOption', { command: 'expect', option: '--by' });
  const { instance, event, by } = await recordExpect(app.service, await app.load(), stepId, values.terminal, values.by, values.note);
  const title = instance.terminal === null ? instance.step.title[app.lang] : app.t('step.onTerminal', { title: instance.step.title[app.lang], terminal: instance.terminal });
  app.out(app.t('cli.expect.recorded', { title, date: by, id: event.id }));
}
