import { isUsableDate } from '../machine/dates.js';
import { excerpt } from '../i18n/visible.js';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { instancesOf, type StepInstance } from '../machine/plan.js';
import type { Procedure } from '../machine/procedure-schema.js';
import type { Onboarding } from '../machine/replay.js';
import type { Lang } from '../machine/procedure-schema.js';
import type { Translate } from '../i18n/index.js';

/** What resolving needs: the words of its errors. */
export type Words = { t: Translate; lang: Lang };

/** Edit distance, to suggest the step id the operator probably meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function requireStepId(app: Words, procedure: Procedure, id: string): void {
  if (procedure.steps.some((s) => s.id === id)) return;
  const best = procedure.steps.map((s) => ({ id: s.id, d: distance(id, s.id) })).sort((x, y) => x.d - y.d)[0];
  const suggestion = best && best.d <= Math.max(2, Math.floor(id.length / 3)) ? app.t('err.suggestion', { id: best.id }) : '';
  throw new SeikyuError(ExitCode.usage, 'err.unknownStep', { step: excerpt(id), suggestion });
}

/** The instance of a step the command is about: `--terminal` names it, or the only terminal it exists for. */
export function resolveInstance(app: Words, onboarding: Onboarding, stepId: string, terminal: string | undefined): StepInstance {
  const { plan, profile } = onboarding;
  requireStepId(app, plan.procedure, stepId);
  const step = plan.procedure.steps.find((s) => s.id === stepId)!;
  const title = step.title[app.lang];
  const names = profile.terminals.map((t) => t.name);
  if (step.scope === 'facility') {
    if (terminal !== undefined) throw new SeikyuError(ExitCode.usage, 'err.facilityStep', { title });
    return instancesOf(plan, stepId)[0]!;
  }
  if (terminal !== undefined) {
    const known = profile.terminals.find((t) => t.name === terminal);
    if (!known) throw new SeikyuError(ExitCode.input, 'err.unknownTerminal', { terminal: excerpt(terminal), terminals: names.join(', ') });
    const instance = instancesOf(plan, stepId).find((i) => i.terminal === terminal);
    if (!instance) {
      const roles = known.roles.map((r) => app.t(r === 'claims' ? 'cli.role.claims' : 'cli.role.oqs')).join(', ');
      throw new SeikyuError(ExitCode.refused, 'err.stepNotForTerminal', { title, terminal, roles });
    }
    return instance;
  }
  const instances = instancesOf(plan, stepId);
  if (instances.length === 1) return instances[0]!;
  throw new SeikyuError(ExitCode.usage, 'err.terminalRequired', {
    title,
    terminals: (instances.length > 0 ? instances.map((i) => i.terminal!) : names).join(', '),
  });
}

/** A `--at` / `--by` date: a real YYYY-MM-DD. */
export function parseDate(value: string): string {
  if (!isUsableDate(value)) throw new SeikyuError(ExitCode.input, 'err.date.format', { value: excerpt(value) });
  return value;
}
