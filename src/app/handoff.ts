import { createHash } from 'node:crypto';
// A namespace import lets the bundler keep only what is used (the `z` object carries every locale: 450 KB against 85 KB).
import * as z from 'zod';
import { localClock, localDay } from '../effects/clock.js';
import { createSecrets, decryptSecret, encryptSecret, isNotExported, NOT_EXPORTED, SecretError, SecretsHeader, unlockSecrets, type SecretKey } from '../effects/secrets.js';
import type { SeikyuDocument } from '../effects/store-document.js';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import type { Explainer } from '../i18n/explain.js';
import type { Translate } from '../i18n/index.js';
import { refusalMessage } from '../i18n/refusal.js';
import { decide, hasControlCharacters, type Refusal } from '../machine/authority.js';
import { EncryptedValue, isEncrypted, StoredEvent } from '../machine/events.js';
import { checkLog } from '../machine/log.js';
import type { Lang, Procedure } from '../machine/procedure-schema.js';
import { Profile } from '../machine/profile.js';
import { accepted, applyEvent, currentProfile, replay, toMachineEvent, type Onboarding } from '../machine/replay.js';
import { progress } from '../machine/selectors.js';
import type { SecretOpener } from './onboarding.js';

/**
 * The handoff bundle: one JSON file that carries an onboarding to another person or PC (`seikyu export --format
 * json`, `seikyu import`, the screen's export). It holds the complete event log (the record), the profile and
 * the derived status of every step (for a person or a script reading it), who exported it and when, a facility
 * id that stays the same across exports, and a SHA-256 digest over a canonical form of all of it.
 *
 * An import is a document from someone else: it goes through the same checks as a document read from disk (the
 * schema, the log's meaning) and, beyond them, every event is judged by the one authority on the state before
 * it, as `append` judged it when it was recorded — so a bundle can only bring in what this program could have
 * recorded itself.
 */

/** What the file says it is: another program's JSON does not carry it. */
export const BUNDLE_KIND = 'medical-seikyu/handoff';
/** The bundle format this program writes; a higher one is refused (update the program). */
export const BUNDLE_FORMAT = 1;
/** Stands in a bundle for a secret input left out: the value was recorded, it is not in the file. */
export const NOT_EXPORTED_TEXT = 'recorded, not exported';

const NotExportedMarker = z.strictObject({ secret: z.literal(NOT_EXPORTED_TEXT) });
type NotExportedMarker = z.infer<typeof NotExportedMarker>;
const notExportedMarker = (): NotExportedMarker => ({ secret: NOT_EXPORTED_TEXT });

/** An event as a bundle carries it: as stored, except that a secret input is a marker or ciphertext under the handoff key. */
const BundleEvent = StoredEvent.extend({ inputs: z.record(z.string(), z.union([z.string(), EncryptedValue, NotExportedMarker])) });
type BundleEvent = z.infer<typeof BundleEvent>;

const BundleSecrets = z.discriminatedUnion('exported', [
  /** The secret inputs are markers: `count` values were recorded and left out. */
  z.strictObject({ exported: z.literal(false), count: z.number().int().min(0) }),
  /** `count` values are carried, encrypted under the handoff passphrase's key (its header here); any others are markers. */
  z.strictObject({ exported: z.literal(true), count: z.number().int().min(0), key: SecretsHeader.nullable() }),
]);

export const Bundle = z.strictObject({
  kind: z.literal(BUNDLE_KIND),
  format: z.number().int().min(1),
  program: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }),
  procedureVersion: z.number().int(),
  /** SHA-256 (hex) of the canonical form of the first event (the facility's registration). */
  facilityId: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the onboarding was started (the document's `createdAt`). */
  createdAt: z.string().min(1),
  exportedAt: z.string().min(1),
  exportedBy: z.string(),
  profile: Profile,
  events: z.array(BundleEvent).min(1),
  /** As `status --json` gives them when exported; derived, so an import recomputes them and does not read these. */
  steps: z.array(z.unknown()),
  secrets: BundleSecrets,
  /** `sha256:` and the hex SHA-256 of the canonical form of everything else. */
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type Bundle = z.infer<typeof Bundle>;

/**
 * JSON with the keys of every object sorted and no white space: the same value always gives the same bytes,
 * whatever order and indentation the file was written with.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The digest of a bundle: over everything but the digest itself. */
export function bundleDigest(bundle: Record<string, unknown>): string {
  const { digest: _digest, ...content } = bundle;
  return `sha256:${sha256(canonicalJson(content))}`;
}

/**
 * The facility's id: derived from its registration (the first event, kept verbatim by every export and
 * import), so it is the same in every bundle of one onboarding and needs nothing new in the document.
 */
export function facilityIdOf(events: readonly { id: number }[]): string | null {
  const first = events[0];
  return first ? sha256(canonicalJson(first)) : null;
}

/** What an export reads. */
export interface BundleSource {
  doc: SeikyuDocument;
  procedureVersion: number;
  programVersion: string;
  /** The steps as `status --json` gives them today. */
  steps: unknown[];
  exportedAt: string;
  exportedBy: string;
}

/** How many secret values a log holds (recorded and still encrypted here; those left out by an earlier export not counted). */
export function secretCount(events: readonly StoredEvent[]): { held: number; notExported: number } {
  let held = 0;
  let notExported = 0;
  for (const event of events) {
    for (const value of Object.values(event.inputs)) {
      if (!isEncrypted(value)) continue;
      if (isNotExported(value)) notExported++;
      else held++;
    }
  }
  return { held, notExported };
}

/**
 * The bundle of a document. Without `carry` every secret input is a marker ("recorded, not exported"); with it,
 * each is opened with the store's key and sealed again under a new key made from the handoff passphrase — never
 * the store's key, and never in plain text.
 */
export async function buildBundle(source: BundleSource, carry: { open: SecretOpener; passphrase: string } | null): Promise<Bundle> {
  const { doc } = source;
  const first = doc.events[0];
  if (!first || !doc.profile) throw new SeikyuError(ExitCode.state, 'err.notInitialized', { path: '' });
  let handoff: { header: SecretsHeader; key: SecretKey } | null = null;
  if (carry && secretCount(doc.events).held > 0) handoff = await createSecrets(carry.passphrase);
  let count = 0;
  const events: BundleEvent[] = doc.events.map((event) => {
    const inputs: BundleEvent['inputs'] = {};
    for (const [name, value] of Object.entries(event.inputs)) {
      if (!isEncrypted(value)) inputs[name] = value;
      else if (!handoff || isNotExported(value)) inputs[name] = notExportedMarker();
      else {
        inputs[name] = encryptSecret(handoff.key, carry!.open(value));
        count++;
      }
    }
    return { ...event, inputs };
  });
  const secrets: Bundle['secrets'] = carry ? { exported: true, count, key: handoff?.header ?? null } : { exported: false, count: secretCount(doc.events).held + secretCount(doc.events).notExported };
  const content = {
    kind: BUNDLE_KIND,
    format: BUNDLE_FORMAT,
    program: { name: 'medical-seikyu', version: source.programVersion },
    procedureVersion: source.procedureVersion,
    facilityId: facilityIdOf(doc.events)!,
    createdAt: doc.createdAt,
    exportedAt: source.exportedAt,
    exportedBy: source.exportedBy,
    profile: doc.profile,
    events,
    steps: source.steps,
    secrets,
  } satisfies Omit<Bundle, 'digest'>;
  return { ...content, digest: bundleDigest(content) };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a bundle: every check before anything changes.

/** What a bundle's file held, checked: its events as the document will store them (secrets still under the handoff key). */
export interface CheckedBundle {
  bundle: Bundle;
  /** The events with each left-out secret as the document's "not exported" value. */
  events: StoredEvent[];
  /** The state the events replay to, on this program's procedure. */
  onboarding: Onboarding;
  /** How many secret values it carries (encrypted) and how many it left out. */
  carried: number;
  notExported: number;
}

/** What reading a bundle needs: the procedure, the words, and the service's views of a state. */
export interface BundleDeps {
  procedure: Procedure;
  t: Translate;
  lang: Lang;
  explainer: (onboarding: Onboarding) => Explainer;
}

function invalid(detail: string): SeikyuError {
  return new SeikyuError(ExitCode.input, 'handoff.err.invalid', { detail });
}

/** The first string of `value` (keys included) with a control character, by its path; null when none. */
function controlPath(value: unknown, where: string): string | null {
  if (typeof value === 'string') return hasControlCharacters(value) ? where : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = controlPath(v, `${where}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = where === '' ? k : `${where}.${k}`;
      if (hasControlCharacters(k)) return path;
      const found = controlPath(v, path);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Parses and checks a bundle's text: its kind and format, its digest, its shape, no control characters in any
 * of its text, the facility id and profile consistent with its events, the log's meaning (as every load checks
 * it), and every event accepted by the authority on the state before it. Each problem is one sentence (exit 3;
 * a newer format or procedure, exit 6).
 */
export function checkBundle(text: string, deps: BundleDeps): CheckedBundle {
  const { procedure, t, lang } = deps;
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new SeikyuError(ExitCode.input, 'handoff.err.notJson');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { kind?: unknown }).kind !== BUNDLE_KIND) {
    throw new SeikyuError(ExitCode.input, 'handoff.err.notBundle');
  }
  const record = raw as Record<string, unknown>;
  const format = record.format;
  if (typeof format !== 'number' || !Number.isInteger(format)) throw invalid('format');
  if (format > BUNDLE_FORMAT) throw new SeikyuError(ExitCode.store, 'handoff.err.newerFormat', { format, supported: BUNDLE_FORMAT });
  let digest: string;
  try {
    digest = bundleDigest(record);
  } catch {
    // Only a hostile file nests deep enough to exhaust the stack of the canonical form.
    throw invalid('(root)');
  }
  if (typeof record.digest !== 'string' || record.digest !== digest) throw new SeikyuError(ExitCode.input, 'handoff.err.digest');
  const parsed = Bundle.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The field's place only: the validator's own words are English and name its internals.
    throw invalid(issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)');
  }
  const bundle = parsed.data;
  if (bundle.procedureVersion > procedure.version) {
    throw new SeikyuError(ExitCode.store, 'handoff.err.newerProcedure', { version: bundle.procedureVersion, supported: procedure.version });
  }
  const { steps: _derived, ...read } = bundle;
  const control = controlPath(read, '');
  if (control) throw new SeikyuError(ExitCode.input, 'handoff.err.control', { field: control });
  if (bundle.facilityId !== facilityIdOf(bundle.events)) throw invalid('facilityId');
  let carried = 0;
  let notExported = 0;
  const events: StoredEvent[] = bundle.events.map((event) => {
    const inputs: StoredEvent['inputs'] = {};
    for (const [name, value] of Object.entries(event.inputs)) {
      if (typeof value === 'object' && 'secret' in value) {
        inputs[name] = { ...NOT_EXPORTED };
        notExported++;
      } else {
        if (typeof value === 'object') carried++;
        inputs[name] = value;
      }
    }
    return { ...event, inputs };
  });
  if (carried > 0 && !(bundle.secrets.exported && bundle.secrets.key)) throw invalid('secrets');
  if (bundle.secrets.count !== carried + notExported) throw invalid('secrets.count');
  // The store numbers records 1, 2, 3… and never removes one: a gap is a record taken out of the file.
  const gap = events.findIndex((event, index) => event.id !== index + 1);
  if (gap !== -1) throw new SeikyuError(ExitCode.input, 'handoff.err.gap', { id: gap + 1, found: events[gap]!.id });
  if (canonicalJson(currentProfile(events)) !== canonicalJson(bundle.profile)) throw invalid('profile');
  const problem = checkLog(procedure, events);
  if (problem) {
    const key = problem.code === 'unknown-step' ? 'handoff.err.unknownStep' : 'handoff.err.log';
    throw new SeikyuError(ExitCode.input, key, { ...(problem.code === 'unknown-step' ? { step: problem.step } : {}), id: problem.id, detail: t(`log.${problem.code}`, { ...problem }) });
  }
  const judged = judgeLog(procedure, events);
  if ('refusal' in judged) {
    const words = {
      t,
      lang,
      procedure,
      onboarding: judged.before,
      explainer: judged.before ? deps.explainer(judged.before) : null,
      today: judged.today,
      path: '',
    };
    const message = refusalMessage(judged.refusal, words);
    // The refusal's own sentence, without its full stop: it is read inside this one.
    throw new SeikyuError(ExitCode.input, 'handoff.err.replay', { id: judged.id, reason: t(message.key, message.params).replace(/[。.]\s*$/u, '') });
  }
  return { bundle, events, onboarding: judged.onboarding, carried, notExported };
}

/**
 * Every event judged by the authority on the state of the events before it, with the day and time it was recorded
 * as "now" (as `append` judged it then), and applied as `append` applies it. The first one refused is named.
 */
export function judgeLog(
  procedure: Procedure,
  events: readonly StoredEvent[],
): { onboarding: Onboarding } | { id: number; refusal: Refusal; before: Onboarding | null; today: string } {
  let state: Onboarding | null = null;
  let today = '';
  for (const [index, event] of events.entries()) {
    const at = new Date(event.recordedAt);
    const valid = !Number.isNaN(at.getTime());
    today = valid ? localDay(at) : event.occurredAt;
    const { id, ...draft } = event;
    const ground = { procedure, onboarding: state, events: events.slice(0, index), today, ...(valid ? { now: localClock(at) } : {}) };
    const decision = decide(ground, draft);
    if (!decision.ok) return { id, refusal: decision.refusal, before: state, today };
    const next: Onboarding | null = event.type === 'secret-revealed' && state ? state : applyEvent(procedure, state, events.slice(0, index + 1), event);
    if (!next) return { id, refusal: { code: 'no-profile' }, before: state, today };
    const machineEvent = toMachineEvent(event);
    if (machineEvent && event.type !== 'profile-created' && !accepted(next.snapshot, machineEvent)) {
      return { id, refusal: { code: 'machine-refused', key: machineEvent.key }, before: state, today };
    }
    state = next;
  }
  // The state as a load computes it (a full replay), which the cache and every command then agree with.
  const onboarding = replay(procedure, events);
  if (!onboarding) return { id: events[0]?.id ?? 0, refusal: { code: 'no-profile' }, before: null, today };
  return { onboarding };
}

/**
 * Opens the secrets a bundle carries with the handoff passphrase. A passphrase that does not open its key is
 * exit 7 (nothing changes); a value that does not authenticate under the right key means the file was altered.
 */
export async function openBundleSecrets(checked: CheckedBundle, passphrase: string): Promise<Map<EncryptedValue, string>> {
  const opened = new Map<EncryptedValue, string>();
  const header = checked.bundle.secrets.exported ? checked.bundle.secrets.key : null;
  if (!header) return opened;
  let key: SecretKey;
  try {
    key = await unlockSecrets(header, passphrase);
  } catch (error) {
    if (error instanceof SecretError && error.code !== 'corrupt') throw new SeikyuError(ExitCode.secret, 'handoff.err.wrongPassphrase');
    throw invalid('secrets.key');
  }
  for (const event of checked.events) {
    for (const value of Object.values(event.inputs)) {
      if (!isEncrypted(value) || isNotExported(value)) continue;
      try {
        opened.set(value, decryptSecret(key, value));
      } catch {
        throw invalid(`events #${event.id}`);
      }
    }
  }
  return opened;
}

/** The events with each carried secret sealed under the store's key (left-out ones stay as they are). */
export function sealForStore(events: readonly StoredEvent[], opened: Map<EncryptedValue, string>, key: SecretKey | null): StoredEvent[] {
  return events.map((event) => {
    const inputs: StoredEvent['inputs'] = {};
    for (const [name, value] of Object.entries(event.inputs)) {
      const plain = isEncrypted(value) ? opened.get(value) : undefined;
      inputs[name] = plain !== undefined && key ? encryptSecret(key, plain) : value;
    }
    return { ...event, inputs };
  });
}

/** An event compared across two logs: its secret inputs count by name only (their ciphertexts differ per key). */
function comparable(event: StoredEvent): string {
  const inputs = Object.fromEntries(Object.entries(event.inputs).map(([k, v]) => [k, isEncrypted(v) ? '(secret)' : v]));
  return canonicalJson({ ...event, inputs });
}

/** What an import changes: the records the current log and the bundle share from the start, and what each has beyond. */
export function logDifference(current: readonly StoredEvent[], incoming: readonly StoredEvent[]): { same: number; added: number; removed: number } {
  let same = 0;
  while (same < current.length && same < incoming.length && comparable(current[same]!) === comparable(incoming[same]!)) same++;
  return { same, added: incoming.length - same, removed: current.length - same };
}

/** Progress of a state, as `status` counts it. */
export function progressOf(onboarding: Onboarding, explainer: (onboarding: Onboarding) => Explainer): { done: number; total: number } {
  return progress(explainer(onboarding).views());
}

/**
 * Secrets left out of a bundle that this folder recorded itself, for the same records: kept (still sealed under
 * this folder's key) rather than replaced by the "not exported" marker. A record counts as the same when
 * everything but its secret values is identical, at the same place in the log.
 */
export function keepLocalSecrets(incoming: readonly StoredEvent[], current: readonly StoredEvent[]): { events: StoredEvent[]; kept: number } {
  let kept = 0;
  const events = incoming.map((event, index) => {
    const local = current[index];
    if (!local || comparable(local) !== comparable(event)) return event;
    let changed = false;
    const inputs: StoredEvent['inputs'] = { ...event.inputs };
    for (const [name, value] of Object.entries(event.inputs)) {
      const mine = local.inputs[name];
      if (isEncrypted(value) && isNotExported(value) && mine !== undefined && isEncrypted(mine) && !isNotExported(mine)) {
        inputs[name] = mine;
        kept++;
        changed = true;
      }
    }
    return changed ? { ...event, inputs } : event;
  });
  return { events, kept };
}
