import type { Onboarding } from '../../src/machine/replay.js';
import type { Input } from '../../src/machine/procedure-schema.js';
import { closureOf, isMilestone, topoOrder } from '../machine/support.js';
import { PROFILE_STEP } from '../../src/machine/replay.js';

/**
 * What to record, in order, to bring a facility to one step: every instance it needs (transitively), needs
 * first, without milestones (they complete themselves) and skipped steps. Check steps are confirmed by hand
 * with a note; inputs get values of their format (files and folders from `paths`).
 */
export interface DriveStep {
  step: string;
  terminal: string | null;
  plain: Record<string, string>;
  secret: Record<string, string>;
  note?: string;
}

export function stepsBefore(onboarding: Onboarding, key: string, paths: { file: string; folder: string }, today: string): DriveStep[] {
  const plan = onboarding.plan;
  const keys = topoOrder(plan, closureOf(plan, key)).filter((k) => k !== PROFILE_STEP && !isMilestone(plan, k) && plan.byKey.get(k)!.applies);
  return keys.map((k) => {
    const instance = plan.byKey.get(k)!;
    const plain: Record<string, string> = {};
    const secret: Record<string, string> = {};
    for (const input of instance.step.inputs.filter((i) => i.required && !i.appliesWhen)) (input.secret ? secret : plain)[input.key] = sample(input, paths, today);
    return { step: instance.step.id, terminal: instance.terminal, plain, secret, ...(instance.step.kind.includes('check') ? { note: 'checked by hand' } : {}) };
  });
}

/** Values that fit the procedure's patterns (application numbers, network IDs, passwords). */
const PATTERN_SAMPLES = ['CAF0123456789', '12345678@tk123456', 'Abcd1234'];

function sample(input: Input, paths: { file: string; folder: string }, today: string): string {
  switch (input.format.type) {
    case 'date':
      return input.format.future ? '2099-01-01' : today;
    case 'email':
      return 'office@example.jp';
    case 'file':
      return paths.file;
    case 'folder':
      return paths.folder;
    case 'integer':
      return String(input.format.min ?? 1);
    case 'choice':
      return input.format.values[0]!;
    case 'pattern': {
      const value = PATTERN_SAMPLES.find((v) => new RegExp(`^(?:${(input.format as { pattern: string }).pattern})$`).test(v));
      if (!value) throw new Error(`no sample for the pattern of ${input.key}`);
      return value;
    }
    default:
      return `sample-${input.key}`;
  }
}
