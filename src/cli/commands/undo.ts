import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { pickTarget, recordUndo } from '../../app/records.js';
import type { App } from '../app.js';
import { excerpt } from '../../i18n/visible.js';
import { undoneByMap } from '../../i18n/describe.js';
import { parse } from '../args.js';
import { eventLine, eventSummary } from '../render.js';

/**
 * `seikyu undo [ID] [--yes]`. Without an id, on a terminal, the record about to be undone is named by its history
 * line and the operator says y/N first: "the last record" is easy to misjudge weeks into an onboarding. Declining
 * saves nothing (exit 4, as a declined confirmation of `done`); without a terminal it undoes at once, so scripts
 * keep working.
 */
export async function runUndo(app: App, args: string[]): Promise<void> {
  const { positionals, values } = parse('undo', args, { yes: { type: 'boolean' } });
  if (positionals.length > 1) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'undo', arg: excerpt(positionals[1]!) });
  let requested: number | null = null;
  if (positionals[0] !== undefined) {
    const match = /^#?(\d+)$/.exec(positionals[0].trim());
    if (!match) throw new SeikyuError(ExitCode.input, 'err.undo.badId', { value: excerpt(positionals[0]) });
    requested = Number(match[1]);
  }
  const loaded = await app.load();
  if (requested === null && values.yes !== true && app.interactive) {
    // Refusals (nothing to undo, a later step stands on it) come before the question.
    const target = pickTarget(app.service, loaded, null);
    const ignored = loaded.onboarding.ignored.some((i) => i.event.id === target.id);
    const line = eventLine(app, target, undoneByMap(loaded.doc.events).get(target.id), ignored);
    const answer = (await app.ask(app.t('prompt.undo', { line }))).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes' && answer !== 'はい') throw new SeikyuError(ExitCode.refused, 'err.undo.declined');
    // The record named is the one undone, even if another `seikyu` recorded something while the question waited.
    requested = target.id;
  }
  const { target, event } = await recordUndo(app.service, loaded, requested);
  app.out(app.t('cli.undo.recorded', { target: target.id, what: eventSummary(app, target), id: event.id }));
}
