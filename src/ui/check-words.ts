import { checkFix, checkSentence, evidenceLabel } from '../i18n/check-text.js';
import { visible } from '../i18n/visible.js';
import type { MessageKey, Params, Translate } from '../i18n/index.js';

/**
 * A check's result in the screen's words, as lines: the mark and the sentence, what to do about anything but
 * a pass, then what became of it. Shared by the `c` key (the message line) and the `d` form of a check step
 * (its error, when the check did not let the step be done).
 */

/** ✓ passed, ✗ failed, ! cannot run here: the marks of `seikyu check`. */
export const CHECK_MARK = { passed: '✓', failed: '✗', 'cannot-run': '!' } as const;

/**
 * What a check saw and what became of it: the shape of the app's `Verification` (src/app/checks.ts), which
 * the screen knows only through its port.
 */
export interface Seen {
  result: { outcome: keyof typeof CHECK_MARK; reason: string; fix: string | null; evidence: Record<string, string> };
  /** The event recorded for it, or null. */
  recorded: { event: { id: number } } | null;
  /** Why a passed or failed result was not recorded. */
  notRecorded: { key: MessageKey; params: Params } | null;
}

/** How the screen names an input of the step (its label), or null when the step has no such input. */
export type InputLabel = (key: string) => string | null;

/**
 * The mark and sentence, then the fix under anything but a pass. An input the check lacks is given in the `d`
 * form on the screen (the runner's own fix names the command line's argument).
 */
function seenLines(t: Translate, { result }: Seen, labelOf: InputLabel, inForm: boolean): string[] {
  const label = result.reason === 'check.input-missing' && result.evidence.input !== undefined ? labelOf(result.evidence.input) : null;
  const evidence = label !== null ? { ...result.evidence, input: label } : result.evidence;
  const lines = [`${CHECK_MARK[result.outcome]} ${checkSentence(t, result.reason, evidence)}`];
  // The error a check met (a file the system would not read) is evidence the sentence leaves out.
  if (result.outcome !== 'passed' && result.evidence.message) lines.push(`${evidenceLabel(t, 'message')}: ${visible(result.evidence.message)}`);
  const fix = result.outcome === 'passed' ? null : label !== null ? t(inForm ? 'ui.check.inputMissingFixForm' : 'ui.check.inputMissingFix', { label }) : checkFix(t, result.fix, result.evidence);
  if (fix) lines.push(`${t('cli.check.fix')} ${fix}`);
  return lines;
}

/** `c`: what the check saw, and what was recorded of it (or why nothing was). */
export function checkLines(t: Translate, seen: Seen, labelOf: InputLabel = () => null): string[] {
  const lines = seenLines(t, seen, labelOf, false);
  if (seen.recorded) lines.push(t(seen.result.outcome === 'passed' ? 'cli.check.recordedPassed' : 'cli.check.recordedFailed', { id: seen.recorded.event.id }));
  else if (seen.notRecorded) lines.push(notRecordedLine(t, seen.notRecorded));
  return lines;
}

/** `d` without a note on a check step that was not done by it: what the check saw, and that the step is not done. */
export function notDoneLines(t: Translate, seen: Seen, labelOf: InputLabel = () => null): string[] {
  const lines = seenLines(t, seen, labelOf, true);
  if (seen.notRecorded) lines.push(notRecordedLine(t, seen.notRecorded));
  else if (seen.result.outcome === 'failed') lines.push(seen.recorded ? t('ui.check.failedNotDone', { id: seen.recorded.event.id }) : t('ui.check.notDone'));
  else if (seen.result.outcome === 'cannot-run') lines.push(t('ui.check.cannotRunForm'));
  return lines;
}

/** The program's own notes (the step stays done, the same failure is on record) read alone. */
function notRecordedLine(t: Translate, { key, params }: { key: MessageKey; params: Params }): string {
  return key.startsWith('check.note.') ? t(key, params) : t('cli.check.notRecorded', { why: t(key, params) });
}
