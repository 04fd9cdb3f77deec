import type { Check, CheckRequest, CheckResult } from '../effects/checks/types.js';
import { runCheck } from '../effects/checks/run.js';
import { SecretError } from '../effects/secrets.js';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { decide, type Refusal } from '../machine/authority.js';
import { isEncrypted, type NewEvent } from '../machine/events.js';
import { applicableInputs } from '../machine/inputs.js';
import { instanceKey, type StepInstance } from '../machine/plan.js';
import type { Appended, Loaded, OnboardingService, SecretOpener } from './onboarding.js';

/**
 * Verifying steps with their checks. A check runs outside replay, on request; its result becomes an event
 * (`check-passed`, which completes the step as verified, or `check-failed`) judged by the one authority like
 * every other record. A result that cannot be recorded now (the step is blocked, or already done) is still
 * shown: the PC was looked at. A check that cannot run here records nothing.
 */

/** Loads the checks when the first one runs (they bring execa, node-forge, the zip reader and PC/SC). */
export type CheckRegistry = () => Promise<Map<string, Check>>;

/** What the operator gave for this run; secrets are plain here and encrypted by the store. */
export interface GivenInputs {
  plain: Record<string, string>;
  secret: Record<string, string>;
}

export interface Verification {
  instance: StepInstance;
  result: CheckResult;
  /** The event saved for it, or null (cannot-run, a failure already on record, or not recordable now). */
  recorded: Appended | null;
  /**
   * Why a passed or failed result was not recorded: the authority's refusal, or the program's own reason (the step
   * is done already, the same failure is on record, an exploratory run records only what passed).
   */
  notRecorded: SeikyuError | null;
}

/** Does the step have a check this program runs? */
export async function hasCheck(registry: CheckRegistry, stepId: string): Promise<boolean> {
  return (await registry()).has(stepId);
}

/** The ids of the steps that have a check, in the procedure's order. */
export async function checkedSteps(svc: OnboardingService, registry: CheckRegistry): Promise<string[]> {
  const checks = await registry();
  return svc.procedure.steps.filter((s) => checks.has(s.id)).map((s) => s.id);
}

/**
 * The inputs and facts of another instance's current record, for checks that build on it. Secret inputs are
 * opened only when `open` is given (the passphrase was available); otherwise they are left out.
 */
function recordedOf(loaded: Loaded, open: SecretOpener | null) {
  return (step: string, terminal: string | null) => {
    const record = loaded.onboarding.snapshot.context.records[instanceKey(step, terminal)];
    if (!record) return null;
    const inputs: Record<string, string> = { ...record.inputs };
    if (open && record.secretKeys.length > 0) {
      const stored = loaded.doc.events.find((e) => e.id === record.eventId)?.inputs ?? {};
      for (const key of record.secretKeys) {
        const value = stored[key];
        if (value !== undefined && isEncrypted(value)) {
          try {
            inputs[key] = open(value);
          } catch {
            // A value that does not open is left out: the check then says the input is missing.
          }
        }
      }
    }
    return { inputs, facts: record.verified?.facts ?? {} };
  };
}

/** Does running this instance's check read a secret recorded earlier (the certificate's password)? */
export function readsRecordedSecret(loaded: Loaded, instance: StepInstance, given: GivenInputs): boolean {
  const records = loaded.onboarding.snapshot.context.records;
  const own = records[instance.key];
  if (own && own.secretKeys.some((k) => given.secret[k] === undefined)) return true;
  // The closed network's check shakes hands with the client certificate recorded for the same PC.
  if (instance.step.id === 'closed-network' && instance.terminal !== null) {
    return (records[instanceKey('client-cert', instance.terminal)]?.secretKeys.length ?? 0) > 0;
  }
  return false;
}

/**
 * Opens the document's secrets for a check, or null when no passphrase can be had here (no terminal, no
 * `SEIKYU_PASSPHRASE`): the check then says so without running. A wrong passphrase is the operator's to hear
 * (exit 7), not a check that silently misses its password.
 */
export async function secretsForChecks(svc: OnboardingService): Promise<SecretOpener | null> {
  try {
    return await svc.openSecrets();
  } catch (error) {
    if (error instanceof SecretError && error.code === 'no-passphrase') return null;
    if (error instanceof SeikyuError && error.key === 'err.secret.noPassphrase') return null;
    throw error;
  }
}

/** The request a check runs with: the inputs given now, else those recorded for the step. */
export function checkRequest(loaded: Loaded, instance: StepInstance, given: GivenInputs, open: SecretOpener | null): CheckRequest {
  const recorded = recordedOf(loaded, open);
  const own = recorded(instance.step.id, instance.terminal);
  return {
    step: instance.step.id,
    terminal: instance.terminal,
    profile: loaded.onboarding.profile,
    inputs: { ...(own?.inputs ?? {}), ...given.plain, ...given.secret },
    recorded,
  };
}

/**
 * The event a result makes. A passed check records the inputs it was given (secrets encrypted by the store)
 * and the facts named like the step's inputs (`notAfter` at `client-cert`) as inputs too; a failed one records
 * what it saw, never an input (a wrong password is not kept).
 */
export function resultEvent(svc: OnboardingService, loaded: Loaded, instance: StepInstance, result: CheckResult, given: GivenInputs, at?: string): NewEvent | null {
  const base = { step: instance.step.id, terminal: instance.terminal, reason: result.reason, evidence: result.evidence, ...svc.stamp(at) };
  if (result.outcome === 'failed') return { type: 'check-failed', inputs: {}, ...base };
  if (result.outcome !== 'passed') return null;
  const inputs: Record<string, string> = { ...given.plain };
  for (const input of applicableInputs(instance.step, loaded.onboarding.profile)) {
    const fact = result.facts[input.key];
    if (fact !== undefined && !input.secret && inputs[input.key] === undefined) inputs[input.key] = fact;
  }
  return { type: 'check-passed', inputs, facts: result.facts, ...base };
}

/** A secret's place while the authority judges an event before the store encrypts it. */
const SECRET_PLACEHOLDER = { iv: '-', tag: '-', data: '' };

/** May this result be recorded now? Null when it may, else the refusal. */
export function recordRefusal(svc: OnboardingService, loaded: Loaded, event: NewEvent, given: GivenInputs): Refusal | null {
  const draft = { ...event, inputs: { ...event.inputs } };
  for (const key of Object.keys(given.secret)) draft.inputs[key] = SECRET_PLACEHOLDER;
  const decision = decide(svc.ground(loaded), draft);
  return decision.ok ? null : decision.refusal;
}

/** The failure already on record when it is this one (same sentence, same evidence): it is not recorded twice. */
function sameFailure(loaded: Loaded, instance: StepInstance, result: CheckResult) {
  const failure = loaded.onboarding.snapshot.context.failures[instance.key];
  return failure !== undefined && failure.reason === result.reason && JSON.stringify(failure.evidence) === JSON.stringify(result.evidence) ? failure : null;
}

/** Failures that come from what was typed for this run, not from the PC. */
const TYPING_MISTAKES: ReadonlySet<string> = new Set(['check.client-cert.wrong-password', 'check.client-cert.password-full-width']);

/** The result a check gives without running when the password it reads is recorded but cannot be opened here. */
function lockedResult(instance: StepInstance): CheckResult {
  return { outcome: 'cannot-run', reason: 'check.secret-locked', fix: 'check.secret-locked.fix', evidence: { step: instance.step.id }, facts: {} };
}

/**
 * Runs the instance's check and records its result when the authority takes it. `given` are inputs typed for
 * this run (`seikyu done client-cert file=…`); `open` opens recorded secrets when the check reads one.
 */
export async function verify(
  svc: OnboardingService,
  registry: CheckRegistry,
  loaded: Loaded,
  instance: StepInstance,
  options: { given?: GivenInputs; open?: SecretOpener | null; at?: string; record?: boolean; recordFailures?: boolean } = {},
): Promise<Verification> {
  const given = options.given ?? { plain: {}, secret: {} };
  const check = (await registry()).get(instance.step.id);
  if (!check) throw new Error(`no check for ${instance.step.id}`);
  const open = options.open ?? null;
  const result = open === null && readsRecordedSecret(loaded, instance, given) ? lockedResult(instance) : await runCheck(check, checkRequest(loaded, instance, given, open));
  const event = resultEvent(svc, loaded, instance, result, given, options.at);
  const shown = (notRecorded: SeikyuError | null): Verification => ({ instance, result, recorded: null, notRecorded });
  if (!event || options.record === false) return shown(null);
  // A step done already keeps its record: a check run again shows what the PC is like now.
  const done = loaded.onboarding.snapshot.context.records[instance.key];
  if (done) {
    const params = { id: done.eventId, date: done.occurredAt };
    return shown(new SeikyuError(ExitCode.refused, event.type === 'check-passed' ? 'check.note.stillDone' : 'check.note.doneStands', params));
  }
  if (event.type === 'check-failed') {
    // A mistyped password says nothing about the PC, and the password itself is never kept: shown, not recorded.
    if (TYPING_MISTAKES.has(result.reason)) return shown(new SeikyuError(ExitCode.refused, 'check.note.typo'));
    const same = sameFailure(loaded, instance, result);
    if (same) return shown(new SeikyuError(ExitCode.refused, 'check.note.sameFailure', { id: same.eventId, date: same.occurredAt }));
    if (options.recordFailures === false) return shown(new SeikyuError(ExitCode.refused, 'check.note.unnamed', { step: instance.step.id }));
  }
  const refusal = recordRefusal(svc, loaded, event, given);
  if (refusal) return { instance, result, recorded: null, notRecorded: svc.refusal(loaded, refusal) };
  const recorded = await svc.append((current) => {
    // The state may have moved since the check began; the append judges the event again under the lock.
    void current;
    return structuredClone(event);
  }, event.type === 'check-passed' ? given.secret : {});
  return { instance, result, recorded, notRecorded: null };
}
