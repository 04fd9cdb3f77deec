import { catalogs, type MessageKey, type Translate } from './index.js';
import { visible } from './visible.js';

/**
 * The words of a check's result, from what was saved: the sentence's catalog key and the evidence that fills it.
 * A key this version does not know (a document from a newer program) falls back to the saved `detail`, then to
 * the key itself: what the check saw is never lost for want of a sentence. (Every catalog has the same keys.)
 */

function known(key: string): key is MessageKey {
  return Object.hasOwn(catalogs.ja, key);
}

/** The one sentence of a check result. */
export function checkSentence(t: Translate, reason: string, evidence: Record<string, string>, detail = ''): string {
  if (reason && known(reason)) return t(reason, evidence);
  return visible(detail || reason);
}

/** What to do about it, or null. */
export function checkFix(t: Translate, fix: string | null, evidence: Record<string, string>): string | null {
  return fix && known(fix) ? t(fix, evidence) : null;
}

/** The label of an evidence value (its name when the catalog has no label). */
export function evidenceLabel(t: Translate, name: string): string {
  const key = `evidence.${name}`;
  return known(key) ? t(key) : visible(name);
}

/** `label: value` lines, in the order the check looked. */
export function evidenceLines(t: Translate, evidence: Record<string, string>): string[] {
  return Object.entries(evidence).map(([name, value]) => `${evidenceLabel(t, name)}: ${visible(value)}`);
}
