import { SecretError } from '../effects/secrets.js';
import { isEncrypted, type NewEvent, type StoredEvent } from '../machine/events.js';
import type { StepInstance } from '../machine/plan.js';
import type { Loaded, OnboardingService } from './onboarding.js';
import { resolveInstance } from './resolve.js';

/**
 * Reading a secret back (`seikyu reveal`, the step detail's key): the person who stored the リファレンスID needs
 * it again when downloading the certificate. Every reveal is recorded — who, when, which input, never the
 * value — and the value is handed back only once the passphrase opened it and that record is saved.
 */

/** What a reveal records: the step instance and the input's key; `inputs` stays empty. */
function revealEvent(svc: OnboardingService, instance: StepInstance, input: string): NewEvent {
  return { type: 'secret-revealed', step: instance.step.id, terminal: instance.terminal, inputs: {}, key: input, ...svc.stamp() };
}

/** The stored ciphertext of `input` in the instance's current record, as the state `loaded` has it. */
function storedSecret(loaded: Loaded, instance: StepInstance, input: string) {
  const eventId = loaded.onboarding.snapshot.context.records[instance.key]?.eventId;
  const value = loaded.doc.events.find((e) => e.id === eventId)?.inputs[input];
  // The authority found the key among the record's secrets: a record without its ciphertext was changed by hand.
  if (value === undefined || !isEncrypted(value)) throw new SecretError('corrupt', `record #${eventId ?? '?'} has no ciphertext for ${input}`);
  return value;
}

/**
 * Reveals the secret input `input` of the step's current record. Refusals (unknown step, terminal or input, an
 * input that is not secret, nothing recorded) come before the passphrase is asked; a wrong passphrase or a
 * failed save returns no value. The value is read from the state under the store's lock, so it is the one the
 * saved reveal names even when another `seikyu` changed the record meanwhile.
 */
export async function revealSecret(
  svc: OnboardingService,
  request: { stepId: string; terminal?: string; input: string },
): Promise<{ value: string; event: StoredEvent; after: Loaded }> {
  const loaded = await svc.load();
  const instance = resolveInstance(svc, loaded.onboarding, request.stepId, request.terminal);
  svc.authorize(loaded, revealEvent(svc, instance, request.input));
  const open = await svc.openSecrets();
  const shown: { value?: string } = {};
  const { event, after } = await svc.append((current) => {
    const draft = revealEvent(svc, instance, request.input);
    // The append asks the authority again on this state; judging first keeps a refused reveal from decrypting.
    svc.authorize(current, draft);
    shown.value = open(storedSecret(current!, instance, request.input));
    return draft;
  });
  // Set by the build above, which ran before the save succeeded.
  return { value: shown.value!, event, after };
}
