import type { Verification } from '../app/checks.js';
import type { CheckResult } from '../effects/checks/types.js';
import { checkFix, checkSentence, evidenceLines } from '../i18n/check-text.js';
import type { StepInstance } from '../machine/plan.js';
import type { App } from './app.js';

/**
 * A check's result in the manner of `flutter doctor`: one line with its mark (✓ passed, ✗ failed, ! cannot run
 * here), then, under a failure, what it saw and what to do. Shared by `seikyu check` and `seikyu done`.
 */

export const MARK: Record<CheckResult['outcome'], string> = { passed: '✓', failed: '✗', 'cannot-run': '!' };

/** The step's short name, with its PC: a check's line is one line. */
export function instanceTitle(app: App, instance: StepInstance): string {
  const title = instance.step.short[app.lang];
  return instance.terminal === null ? title : app.t('step.onTerminal', { title, terminal: instance.terminal });
}

/** The lines of one result: `[✓] title — sentence`, then evidence and fix indented under anything but a pass. */
export function resultLines(app: App, verification: Pick<Verification, 'instance' | 'result' | 'recorded' | 'notRecorded'>, options: { evidence?: boolean } = {}): string[] {
  const { instance } = verification;
  const result = labelled(app, instance, verification.result);
  const lines = [`[${MARK[result.outcome]}] ${instanceTitle(app, instance)} — ${checkSentence(app.t, result.reason, result.evidence)}`];
  // What it saw matters under a failure, and the error under a check that could not run; else the sentence says it.
  const detailed = options.evidence ?? (result.outcome === 'failed' || (result.outcome === 'cannot-run' && result.evidence.message !== undefined));
  if (detailed) for (const line of evidenceLines(app.t, result.evidence)) lines.push(`    • ${line}`);
  const fix = checkFix(app.t, result.fix, result.evidence);
  if (fix && result.outcome !== 'passed') lines.push(`    ${app.t('cli.check.fix')} ${fix}`);
  if (verification.recorded) {
    lines.push(`    ${app.t(result.outcome === 'passed' ? 'cli.check.recordedPassed' : 'cli.check.recordedFailed', { id: verification.recorded.event.id })}`);
  } else if (verification.notRecorded) {
    const { key, params } = verification.notRecorded;
    // The program's own notes read alone; the authority's refusal is said to be why nothing was recorded.
    lines.push(`    ${key.startsWith('check.note.') ? app.t(key, params) : app.t('cli.check.notRecorded', { why: app.t(key, params) })}`);
  }
  return lines;
}


/** A result that names an input by its key (`folder`) names it by its label for the operator (「フォルダー」). */
export function labelled(app: App, instance: StepInstance, result: CheckResult): CheckResult {
  const key = result.evidence.input;
  const input = key === undefined ? undefined : instance.step.inputs.find((i) => i.key === key);
  return input ? { ...result, evidence: { ...result.evidence, input: input.label[app.lang] } } : result;
}
