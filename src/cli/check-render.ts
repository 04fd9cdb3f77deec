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
  const { instance, result } = verification;
  const lines = [`[${MARK[result.outcome]}] ${instanceTitle(app, instance)} — ${checkSentence(app.t, result.reason, result.evidence)}`];
  // What it saw matters under a failure; a check that could not run says why in its sentence and fix.
  const detailed = options.evidence ?? result.outcome === 'failed';
  if (detailed) for (const line of evidenceLines(app.t, result.evidence)) lines.push(`    • ${line}`);
  const fix = checkFix(app.t, result.fix, result.evidence);
  if (fix && result.outcome !== 'passed') lines.push(`    ${app.t('cli.check.fix')} ${fix}`);
  if (verification.recorded) {
    lines.push(`    ${app.t(result.outcome === 'passed' ? 'cli.check.recordedPassed' : 'cli.check.recordedFailed', { id: verification.recorded.event.id })}`);
  } else if (verification.notRecorded) {
    lines.push(`    ${app.t('cli.check.notRecorded', { why: app.t(verification.notRecorded.key, verification.notRecorded.params) })}`);
  }
  return lines;
}

