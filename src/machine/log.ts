import { isValidDate } from './dates.js';
import type { StoredEvent } from './events.js';
import type { Procedure } from './procedure-schema.js';

/**
 * The meaning of a saved log, checked on every load: the schema says each event has the right fields, this
 * says they make sense together. A document that fails is refused, never repaired: it was changed by hand or
 * by another program, and only a person can tell which record is the true one.
 */

/** The first thing wrong with a log. `id` is the event where it shows. */
export type LogProblem =
  | { code: 'duplicate-id'; id: number }
  | { code: 'out-of-order'; id: number; after: number }
  | { code: 'not-first'; id: number }
  | { code: 'no-profile'; id: number }
  | { code: 'unknown-step'; id: number; step: string }
  | { code: 'bad-date'; id: number; field: string; value: string }
  | { code: 'missing-field'; id: number; field: string }
  | { code: 'undo-target'; id: number; target: number };

/** Step ids the log may name: today's procedure, and the steps earlier versions had. */
function knownSteps(procedure: Procedure): Set<string> {
  return new Set([...procedure.steps.map((s) => s.id), ...procedure.retiredSteps]);
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with its offset, on a real calendar day. */
function isTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  return m !== null && isValidDate(m[1]!);
}

/** The first problem of the log, or null when every event makes sense. */
export function checkLog(procedure: Procedure, events: readonly StoredEvent[]): LogProblem | null {
  const steps = knownSteps(procedure);
  // Date inputs are read as dates (a deadline counts from one): a damaged one is refused like any other date.
  const dateInputs = new Map(procedure.steps.map((s) => [s.id, s.inputs.filter((i) => i.format.type === 'date').map((i) => i.key)]));
  const seen = new Map<number, StoredEvent>();
  let previous = 0;
  for (const [index, event] of events.entries()) {
    const { id } = event;
    if (seen.has(id)) return { code: 'duplicate-id', id };
    if (id <= previous) return { code: 'out-of-order', id, after: previous };
    previous = id;
    const problem = eventProblem(event, index, steps, seen) ?? dateInputProblem(event, dateInputs);
    if (problem) return problem;
    seen.set(id, event);
  }
  return null;
}

function eventProblem(event: StoredEvent, index: number, steps: Set<string>, earlier: Map<number, StoredEvent>): LogProblem | null {
  const { id } = event;
  if ((event.type === 'profile-created') !== (index === 0)) return { code: 'not-first', id };
  if (!isValidDate(event.occurredAt)) return { code: 'bad-date', id, field: 'occurredAt', value: event.occurredAt };
  if (!isTimestamp(event.recordedAt)) return { code: 'bad-date', id, field: 'recordedAt', value: event.recordedAt };
  switch (event.type) {
    case 'profile-created':
    case 'profile-changed':
      return event.profile ? null : { code: 'no-profile', id };
    case 'undone': {
      const target = event.target === undefined ? undefined : earlier.get(event.target);
      // A reveal happened and cannot be taken back: an undo pointing at one is not a record this program makes.
      if (!target || target.type === 'undone' || target.type === 'secret-revealed') return { code: 'undo-target', id, target: event.target ?? 0 };
      return null;
    }
    case 'expected':
      if (event.by === undefined) return { code: 'missing-field', id, field: 'by' };
      if (!isValidDate(event.by)) return { code: 'bad-date', id, field: 'by', value: event.by };
      return stepProblem(event, steps);
    case 'step-done':
    case 'check-passed':
    case 'check-failed':
      return stepProblem(event, steps);
    case 'secret-revealed':
      if (event.key === undefined) return { code: 'missing-field', id, field: 'key' };
      return stepProblem(event, steps);
  }
}

function dateInputProblem(event: StoredEvent, dateInputs: Map<string, string[]>): LogProblem | null {
  if (event.type !== 'step-done' && event.type !== 'check-passed') return null;
  for (const key of dateInputs.get(event.step ?? '') ?? []) {
    const value = event.inputs[key];
    if (typeof value === 'string' && !isValidDate(value)) return { code: 'bad-date', id: event.id, field: `inputs.${key}`, value };
  }
  return null;
}

function stepProblem(event: StoredEvent, steps: Set<string>): LogProblem | null {
  if (event.step === null) return { code: 'missing-field', id: event.id, field: 'step' };
  return steps.has(event.step) ? null : { code: 'unknown-step', id: event.id, step: event.step };
}
