import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { recordUndo } from '../../app/records.js';
import type { App } from '../app.js';
import { excerpt } from '../../i18n/visible.js';
import { parse } from '../args.js';
import { eventSummary } from '../render.js';

export async function runUndo(app: App, args: string[]): Promise<void> {
  const { positionals } = parse('undo', args, {});
  if (positionals.length > 1) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'undo', arg: positionals[1]! });
  let requested: number | null = null;
  if (positionals[0] !== undefined) {
    const match = /^#?(\d+)$/.exec(positionals[0].trim());
    if (!match) throw new SeikyuError(ExitCode.input, 'err.undo.badId', { value: excerpt(positionals[0]) });
    requested = Number(match[1]);
  }
  const { target, event } = await recordUndo(app.service, await app.load(), requested);
  app.out(app.t('cli.undo.recorded', { target: target.id, what: eventSummary(app, target), id: event.id }));
}
