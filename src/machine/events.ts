// A namespace import lets the bundler keep only what is used (the `z` object carries every locale: 450 KB against 85 KB).
import * as z from 'zod';
import { Profile } from './profile.js';

/**
 * The event log is the record of the onboarding; the statechart snapshot is only a cache of replaying it.
 * Events are appended, never rewritten: a correction is an `undone` event that names its target.
 */

/** A calendar day in the facility's local time. Waits and deadlines count whole days. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** AES-256-GCM ciphertext of one secret input, base64 fields. */
export const EncryptedValue = z.strictObject({
  iv: z.string().min(1),
  tag: z.string().min(1),
  data: z.string(),
});
export type EncryptedValue = z.infer<typeof EncryptedValue>;

export const EventType = z.enum([
  /** `seikyu init`: the first profile. */
  'profile-created',
  /** `seikyu profile …`: a new profile replaces the old one (terminal added or removed, connection changed…). */
  'profile-changed',
  /** A step was done, or what a wait/input step awaited arrived (with its inputs). */
  'step-done',
  /** A check ran and failed: `reason` (the sentence's catalog key) and `evidence` say what it saw. */
  'check-failed',
  /** The outside party gave a date: `by`. */
  'expected',
  /** Compensates the event `target`: replay ignores both. */
  'undone',
  /**
   * A check ran and passed: the step is done as **verified** (a `step-done` on a check step is confirmed by hand,
   * with a note). Carries the inputs checked, what the check saw (`evidence`) and recorded (`facts`).
   */
  'check-passed',
  /**
   * `seikyu reveal`: the operator read back the secret input `key` of the step's current record. It changes no
   * state and cannot be undone; the value itself is never in the event.
   */
  'secret-revealed',
]);
export type EventType = z.infer<typeof EventType>;

export const StoredEvent = z.strictObject({
  /** 1, 2, 3… in the order recorded. */
  id: z.number().int().min(1),
  type: EventType,
  /** The step the event is about; `facility-profile` for profile events, null for `undone`. */
  step: z.string().nullable(),
  /** The terminal of a per-terminal step, else null. */
  terminal: z.string().nullable(),
  /** Non-secret inputs in plain text; secret inputs only as ciphertext. */
  inputs: z.record(z.string(), z.union([z.string(), EncryptedValue])),
  /** The day it really happened (may be back-dated with `--at`). */
  occurredAt: IsoDate,
  /** When it was recorded, ISO 8601 with time zone. */
  recordedAt: z.string().min(1),
  operator: z.string(),
  note: z.string().optional(),
  /** profile-created / profile-changed: the whole profile after the event. */
  profile: Profile.optional(),
  /** profile-changed: what changed, for the history ("terminal-added 端末2"). */
  change: z.string().optional(),
  /** expected: the date the outside party gave. */
  by: IsoDate.optional(),
  /** undone: the id of the compensated event. */
  target: z.number().int().min(1).optional(),
  /** check-failed: what the check saw, in words (failures recorded before checks gave a `reason`). */
  detail: z.string().optional(),
  /** check-passed / check-failed: the catalog key of the check's sentence (`check.client-cert.expired`). */
  reason: z.string().max(200).optional(),
  /** check-passed / check-failed: what the check saw, by name (paths, fingerprints, dates; never a secret). */
  evidence: z.record(z.string().max(100), z.string().max(2000)).optional(),
  /** check-passed: the values it recorded (`notAfter`, `fingerprint`…); those named like inputs are also inputs. */
  facts: z.record(z.string().max(100), z.string().max(2000)).optional(),
  /** secret-revealed: the key of the secret input that was shown (never its value). */
  key: z.string().optional(),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** An event before the store gives it an id. */
export type NewEvent = Omit<StoredEvent, 'id'>;

export function isEncrypted(value: string | EncryptedValue): value is EncryptedValue {
  return typeof value === 'object';
}

/** An event's inputs as the plain ones and the names of the secret ones (whose values never leave). */
export function splitInputs(inputs: StoredEvent['inputs']): { plain: Record<string, string>; secretKeys: string[] } {
  const plain: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(inputs)) {
    if (isEncrypted(v)) secretKeys.push(k);
    else plain[k] = v;
  }
  return { plain, secretKeys };
}
