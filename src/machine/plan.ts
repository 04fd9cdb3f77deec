import type { Condition, Procedure, Step, Text } from './procedure-schema.js';
import { hasRole, type Profile } from './profile.js';
import { needIds } from './procedure.js';

/**
 * The plan: the procedure laid out for one facility profile. Every facility step once, every per-terminal
 * step once per terminal that has its role. Needs are resolved to instance keys here, once; the machine's
 * guards and the selectors' explanations both read them from the plan.
 */

/** One step for one terminal (or the facility): the unit the statechart has a region for. */
export interface StepInstance {
  /** `cert-letter@端末1` for a per-terminal step, the step id for a facility step. */
  key: string;
  step: Step;
  terminal: string | null;
  /** False when the profile makes the step unnecessary; then it is `skipped` with `skipReason`. */
  applies: boolean;
  skipReason: Text | null;
  /** Needs as declared, resolved to instance keys. Needs on steps that do not exist for this terminal are dropped. */
  needs: ResolvedNeed[];
}

export type ResolvedNeed = { kind: 'all'; key: string } | { kind: 'anyOf'; keys: string[] };

export interface Plan {
  procedure: Procedure;
  profile: Profile;
  instances: StepInstance[];
  byKey: ReadonlyMap<string, StepInstance>;
}

export function instanceKey(stepId: string, terminal: string | null): string {
  return terminal === null ? stepId : `${stepId}@${terminal}`;
}

/** Does the profile meet the condition? */
export function conditionHolds(condition: Condition | undefined, profile: Profile): boolean {
  if (!condition) return true;
  if (condition.connection && !condition.connection.includes(profile.connection)) return false;
  if (condition.carrier && !condition.carrier.includes(profile.carrier)) return false;
  if (condition.hasRole && !hasRole(profile, condition.hasRole)) return false;
  return true;
}

/** The terminals a step exists for (null: the facility). */
function terminalsFor(step: Step, profile: Profile): (string | null)[] {
  switch (step.scope) {
    case 'facility':
      return [null];
    case 'terminal':
      return profile.terminals.map((t) => t.name);
    case 'terminal:claims':
      return profile.terminals.filter((t) => t.roles.includes('claims')).map((t) => t.name);
    case 'terminal:oqs':
      return profile.terminals.filter((t) => t.roles.includes('oqs')).map((t) => t.name);
  }
}

export function buildPlan(procedure: Procedure, profile: Profile): Plan {
  const stepsById = new Map(procedure.steps.map((s) => [s.id, s]));
  const exists = new Set<string>();
  for (const step of procedure.steps) for (const t of terminalsFor(step, profile)) exists.add(instanceKey(step.id, t));

  const instances: StepInstance[] = [];
  for (const step of procedure.steps) {
    for (const terminal of terminalsFor(step, profile)) {
      const resolve = (id: string): string | null => {
        const target = stepsById.get(id)!;
        const key = instanceKey(id, target.scope === 'facility' ? null : terminal);
        return exists.has(key) ? key : null;
      };
      const needs: ResolvedNeed[] = [];
      for (const need of step.needs) {
        const keys = needIds(need).map(resolve).filter((k): k is string => k !== null);
        if (keys.length === 0) continue;
        if (typeof need === 'string' || keys.length === 1) needs.push({ kind: 'all', key: keys[0]! });
        else needs.push({ kind: 'anyOf', keys });
      }
      for (const id of step.afterAnyTerminal) {
        const keys = profile.terminals.map((t) => instanceKey(id, t.name)).filter((k) => exists.has(k));
        if (keys.length === 1) needs.push({ kind: 'all', key: keys[0]! });
        else if (keys.length > 1) needs.push({ kind: 'anyOf', keys });
      }
      const applies = conditionHolds(step.appliesWhen, profile);
      instances.push({
        key: instanceKey(step.id, terminal),
        step,
        terminal,
        applies,
        skipReason: applies ? null : step.appliesWhen!.reason,
        needs,
      });
    }
  }
  return { procedure, profile, instances, byKey: new Map(instances.map((i) => [i.key, i])) };
}

/**
 * The needs that really gate an instance: a skipped need counts as met, so it drops out; of an `anyOf`,
 * only the alternatives that apply count, and when none applies the need is met.
 */
export function effectiveNeeds(plan: Plan, instance: StepInstance): ResolvedNeed[] {
  const out: ResolvedNeed[] = [];
  for (const need of instance.needs) {
    if (need.kind === 'all') {
      if (plan.byKey.get(need.key)!.applies) out.push(need);
    } else {
      const keys = need.keys.filter((k) => plan.byKey.get(k)!.applies);
      if (keys.length === 1) out.push({ kind: 'all', key: keys[0]! });
      else if (keys.length > 1) out.push({ kind: 'anyOf', keys });
    }
  }
  return out;
}

/** The instances of a step (one for a facility step, one per matching terminal otherwise). */
export function instancesOf(plan: Plan, stepId: string): StepInstance[] {
  return plan.instances.filter((i) => i.step.id === stepId);
}

/** Every instance that (directly) needs this one. */
export function dependentsOf(plan: Plan, key: string): StepInstance[] {
  return plan.instances.filter((i) => i.needs.some((n) => (n.kind === 'all' ? n.key === key : n.keys.includes(key))));
}
