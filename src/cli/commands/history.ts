import { splitInputs } from '../../machine/events.js';
import { printableJson } from '../../i18n/visible.js';
import type { App } from '../app.js';
import { parse } from '../args.js';
import { eventLine, eventSummary } from '../render.js';
import { undoneByMap } from '../../i18n/describe.js';

export async function runHistory(app: App, args: string[]): Promise<void> {
  const { values } = parse('history', args, { json: { type: 'boolean' } }, false);
  const { doc, onboarding } = await app.load();
  const undoneBy = undoneByMap(doc.events);
  const ignored = new Set(onboarding.ignored.map((i) => i.event.id));
  if (values.json) {
    const events = doc.events.map((e) => {
      const { plain: inputs, secretKeys: secretInputs } = splitInputs(e.inputs);
      return {
        id: e.id,
        type: e.type,
        step: e.step,
        terminal: e.terminal,
        inputs,
        secretInputs,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        operator: e.operator,
        note: e.note ?? null,
        summary: eventSummary(app, e),
        ...(e.by !== undefined ? { by: e.by } : {}),
        ...(e.target !== undefined ? { target: e.target } : {}),
        ...(e.change !== undefined ? { change: e.change } : {}),
        ...(e.detail !== undefined ? { detail: e.detail } : {}),
        ...(e.key !== undefined ? { key: e.key } : {}),
        undoneBy: undoneBy.get(e.id) ?? null,
      };
    });
    app.out(printableJson({ events }));
    return;
  }
  if (doc.events.length === 0) {
    app.out(app.t('cli.history.empty'));
    return;
  }
  for (const e of doc.events) app.out(eventLine(app, e, undoneBy.get(e.id), ignored.has(e.id)));
}
