import { ExitCode, SeikyuError } from '../../machine/errors.js';
import type { StoredEvent } from '../../machine/events.js';
import { effectiveEvents, replay, undoneIds } from '../../machine/replay.js';
import { isDone } from '../../machine/build-machine.js';
import type { App, Loaded } from '../app.js';
import { parse } from '../args.js';
import { eventSummary } from '../render.js';

/** The event to undo, checked: it exists, counts now, and nothing done later stands on it. */
export function pickTarget(app: App, loaded: Loaded, requested: number | null): StoredEvent {
  const events = loaded.doc.events;
  const undone = undoneIds(events);
  let target: StoredEvent | undefined;
  if (requested === null) {
    const effective = effectiveEvents(events).filter((e) => e.type !== 'profile-created');
    target = effective.at(-1);
    if (!target) throw new SeikyuError(ExitCode.refused, 'err.undo.nothing');
  } else {
    target = events.find((e) => e.id === requested);
    if (!target) throw new SeikyuError(ExitCode.input, 'err.undo.unknown', { id: requested });
  }
  if (target.type === 'undone') throw new SeikyuError(ExitCode.refused, 'err.undo.undo', { id: target.id });
  if (target.type === 'profile-created') throw new SeikyuError(ExitCode.refused, 'err.undo.profileCreated', { id: target.id });
  if (target.type === 'profile-changed') {
    // Profile events carry the whole profile: undoing one under a later change would undo nothing.
    const later = effectiveEvents(events).find((e) => e.type === 'profile-changed' && e.id > target!.id);
    if (later) throw new SeikyuError(ExitCode.refused, 'err.undo.laterProfile', { id: target.id, later: later.id });
  }
  if (undone.has(target.id)) {
    const by = events.find((e) => e.type === 'undone' && e.target === target!.id)!.id;
    throw new SeikyuError(ExitCode.refused, 'err.undo.already', { id: target.id, by });
  }
  // Replaying without the target must keep every other step that is done now (milestones follow by themselves).
  const { onboarding } = loaded;
  const without = replay(app.procedure, [...events, { ...target, id: Number.MAX_SAFE_INTEGER, type: 'undone', target: target.id, step: null, terminal: null, inputs: {} }]);
  if (without) {
    const lost = onboarding.plan.instances.filter((i) => {
      if (i.step.kind.includes('milestone')) return false;
      if (!isDone(onboarding.snapshot, i.key)) return false;
      const record = onboarding.snapshot.context.records[i.key];
      if (record?.eventId === target!.id) return false;
      const after = without.plan.byKey.get(i.key);
      // A step that no longer applies (skipped, or its terminal gone) keeps its record in the log; only a
      // step that still applies but would lose a need counts as lost.
      if (!after || !after.applies) return false;
      return !isDone(without.snapshot, i.key);
    });
    if (lost.length > 0) {
      const titles = lost.map((i) => (i.terminal ? app.t('step.onTerminal', { title: i.step.title[app.lang], terminal: i.terminal }) : i.step.title[app.lang]));
      throw new SeikyuError(ExitCode.refused, 'err.undo.dependents', { id: target.id, titles: titles.join(app.t('list.separator')) });
    }
  }
  return target;
}

/** Appends the undo of an event (the last one when `requested` is null), checked again under the lock. */
export async function recordUndo(app: App, loaded: Loaded, requested: number | null) {
  const target = pickTarget(app, loaded, requested);
  const { event, after } = await app.append((current) => {
    const checked = pickTarget(app, current!, target.id);
    return { type: 'undone', step: checked.step, terminal: checked.terminal, inputs: {}, target: checked.id, ...app.stamp() };
  });
  return { target, event, after };
}

export async function runUndo(app: App, args: string[]): Promise<void> {
  const { positionals } = parse('undo', args, {});
  if (positionals.length > 1) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'undo', arg: positionals[1]! });
  let requested: number | null = null;
  if (positionals[0] !== undefined) {
    const match = /^#?(\d+)$/.exec(positionals[0].trim());
    if (!match) throw new SeikyuError(ExitCode.input, 'err.undo.badId', { value: positionals[0] });
    requested = Number(match[1]);
  }
  const { target, event } = await recordUndo(app, await app.load(), requested);
  app.out(app.t('cli.undo.recorded', { target: target.id, what: eventSummary(app, target), id: event.id }));
}
