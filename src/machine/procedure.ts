import { Procedure, type Need, type Step } from './procedure-schema.js';

/** A broken procedure data file: which step and field, and what is wrong. */
export class ProcedureError extends Error {
  constructor(
    readonly step: string | null,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${step ? `step '${step}', ` : ''}field '${field}': ${problem}`);
    this.name = 'ProcedureError';
  }
}

/** The step ids a need names: one, or the alternatives of an `anyOf`. */
export function needIds(need: Need): string[] {
  return typeof need === 'string' ? [need] : need.anyOf;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * Parses and validates the procedure data: the schema, then the rules that span steps (known needs,
 * scopes that can be met, no cycles, waits where the kind says so). Throws ProcedureError.
 */
export function parseProcedure(raw: unknown): Procedure {
  const parsed = Procedure.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path;
    let step: string | null = null;
    let rest = path;
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      const rawSteps = (raw as { steps?: unknown[] }).steps;
      const candidate = rawSteps?.[path[1]] as { id?: unknown } | undefined;
      step = typeof candidate?.id === 'string' ? candidate.id : `#${path[1] + 1}`;
      rest = path.slice(2);
    }
    throw new ProcedureError(step, fieldPath(rest) || '(root)', issue.message);
  }
  const procedure = parsed.data;
  const byId = new Map<string, Step>();
  for (const step of procedure.steps) {
    if (byId.has(step.id)) throw new ProcedureError(step.id, 'id', 'the id is used twice');
    byId.set(step.id, step);
  }
  for (const step of procedure.steps) {
    step.needs.forEach((need, i) => {
      for (const id of needIds(need)) {
        const target = byId.get(id);
        if (!target) throw new ProcedureError(step.id, `needs[${i}]`, `unknown step '${id}'`);
        if (id === step.id) throw new ProcedureError(step.id, `needs[${i}]`, 'a step cannot need itself');
        if (step.scope === 'facility' && target.scope !== 'facility') {
          throw new ProcedureError(step.id, `needs[${i}]`, `a facility step cannot need the per-terminal step '${id}'`);
        }
      }
    });
    const isWait = step.kind.includes('wait');
    if (isWait && !step.wait) throw new ProcedureError(step.id, 'wait', 'a wait step needs a wait window');
    if (!isWait && step.wait) throw new ProcedureError(step.id, 'wait', 'only a wait step has a wait window');
    if (isWait && step.needs.length === 0) throw new ProcedureError(step.id, 'needs', 'a wait starts when a step it needs is done');
    if (step.wait?.window.type === 'days' && step.wait.window.min > step.wait.window.max) {
      throw new ProcedureError(step.id, 'wait.window', 'min is greater than max');
    }
    const keys = new Set<string>();
    step.inputs.forEach((input, i) => {
      if (keys.has(input.key)) throw new ProcedureError(step.id, `inputs[${i}].key`, `the key '${input.key}' is used twice`);
      keys.add(input.key);
      if (input.format.type === 'pattern') {
        try {
          new RegExp(input.format.pattern);
        } catch {
          throw new ProcedureError(step.id, `inputs[${i}].format.pattern`, 'not a valid regular expression');
        }
      }
    });
    if (step.deadline) {
      const after = byId.get(step.deadline.after);
      if (!after) throw new ProcedureError(step.id, 'deadline.after', `unknown step '${step.deadline.after}'`);
      const from = step.deadline.fromInput;
      if (from && !after.inputs.some((input) => input.key === from && input.format.type === 'date')) {
        throw new ProcedureError(step.id, 'deadline.fromInput', `'${step.deadline.after}' has no date input '${from}'`);
      }
    }
    if (step.contact && !procedure.contacts[step.contact]) {
      throw new ProcedureError(step.id, 'contact', `unknown contact '${step.contact}'`);
    }
    if (step.kind.includes('milestone') && step.needs.length === 0) {
      throw new ProcedureError(step.id, 'needs', 'a milestone is done when its needs are: it must have some');
    }
  }
  // Cycles would make a step wait for itself forever.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const mark = state.get(id);
    if (mark === 'done') return;
    if (mark === 'visiting') throw new ProcedureError(id, 'needs', `cycle: ${[...trail, id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const need of byId.get(id)!.needs) for (const next of needIds(need)) visit(next, [...trail, id]);
    state.set(id, 'done');
  };
  for (const step of procedure.steps) visit(step.id, []);
  return procedure;
}
