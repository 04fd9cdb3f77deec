import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { excerpt } from '../../i18n/visible.js';
import { applicableInputs } from '../../machine/inputs.js';
import type { StepInstance } from '../../machine/plan.js';
import { checkDone, checkValue, prepareDone, recordDone } from '../../app/records.js';
import type { App, Loaded } from '../app.js';
import { parse } from '../args.js';
import { stepLines } from '../render.js';
import { instanceTitle, resultLines } from '../check-render.js';
import { readsRecordedSecret, secretsForChecks, verify } from '../../app/checks.js';
import type { StoredEvent } from '../../machine/events.js';

const options = {
  terminal: { type: 'string' },
  at: { type: 'string' },
  note: { type: 'string' },
  confirmed: { type: 'boolean' },
} as const;

/** Gathers and checks the inputs: arguments, then standard input lines, then questions on a terminal. */
async function gatherInputs(
  app: App,
  loaded: Loaded,
  instance: StepInstance,
  pairs: string[],
  only: readonly string[] | null = null,
): Promise<{ plain: Record<string, string>; secret: Record<string, string> }> {
  const step = instance.step;
  const title = step.title[app.lang];
  const applicable = applicableInputs(step, loaded.onboarding.profile);
  const byKey = new Map(step.inputs.map((i) => [i.key, i]));
  const given = new Map<string, string>();
  // A step that takes a secret may have it typed in an argument where a key belongs: what is not a key is then not echoed.
  const hidesTyped = step.inputs.some((i) => i.secret);
  const keys = step.inputs.map((i) => i.key).join(', ');
  const accept = (key: string, value: string, fromArgument: boolean) => {
    const input = byKey.get(key);
    if (!input) {
      if (step.inputs.length === 0) throw new SeikyuError(ExitCode.input, 'err.input.none', { title, key: excerpt(key) });
      if (hidesTyped && fromArgument) throw new SeikyuError(ExitCode.input, 'err.input.unknownHidden', { title, keys });
      throw new SeikyuError(ExitCode.input, 'err.input.unknown', { title, key: excerpt(key), keys });
    }
    const params = { label: input.label[app.lang], key };
    if (!applicable.includes(input)) throw new SeikyuError(ExitCode.input, 'err.input.notApplicable', params);
    if (fromArgument && input.secret) throw new SeikyuError(ExitCode.input, 'err.input.secretArgument', params);
    if (given.has(key)) throw new SeikyuError(ExitCode.input, 'err.input.twice', { key });
    given.set(key, value);
  };
  for (const arg of pairs) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw hidesTyped ? new SeikyuError(ExitCode.usage, 'err.input.badArgumentHidden', { title, keys }) : new SeikyuError(ExitCode.usage, 'err.input.badArgument', { arg: excerpt(arg) });
    accept(arg.slice(0, eq), arg.slice(eq + 1), true);
  }
  // A check asks only what it reads (the certificate's file and password); it finds the rest (its expiry).
  const asked = only === null ? applicable : applicable.filter((i) => only.includes(i.key) || given.has(i.key));
  const secrets = asked.filter((i) => i.secret);
  if (secrets.length > 0 && !app.io.stdin.isTTY) {
    for (const [key, value] of await app.stdinPairs()) accept(key, value, false);
  }
  // Ask for the passphrase before the secrets are typed: a wrong one then costs nothing.
  if (secrets.length > 0) await app.prepareSecrets();
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const input of asked) {
    let raw = given.get(input.key);
    if (raw === undefined && app.interactive) {
      for (;;) {
        const label = input.label[app.lang];
        const hint = input.hint[app.lang];
        const question = input.secret
          ? app.t('prompt.secretInput', { label })
          : app.t(input.required ? 'prompt.input' : 'prompt.inputOptional', { label, hint });
        raw = await app.ask(question, input.secret);
        if (!input.required && raw.trim() === '') {
          raw = undefined;
          break;
        }
        try {
          checkValue(app.service, input, raw);
          break;
        } catch (error) {
          // On a terminal, a typo is asked again instead of ending the command.
          if (!(error instanceof SeikyuError)) throw error;
          app.io.stderr.write(app.t(error.key, error.params) + '\n');
        }
      }
    }
    if (raw === undefined) {
      if (!input.required) continue;
      const params = { label: input.label[app.lang], key: input.key, hint: input.hint[app.lang] };
      throw new SeikyuError(ExitCode.input, input.secret ? 'err.input.missingSecret' : 'err.input.missing', params);
    }
    const value = checkValue(app.service, input, raw);
    (input.secret ? secret : plain)[input.key] = value;
  }
  return { plain, secret };
}

async function confirmations(app: App, instance: StepInstance, confirmed: boolean): Promise<void> {
  const items = instance.step.confirm.map((c) => c[app.lang]);
  if (items.length === 0 || confirmed) return;
  const title = instance.step.title[app.lang];
  if (!app.interactive) {
    const list = items.map((item) => item.replace(/[。.]$/u, '')).join(app.t('list.separator'));
    throw new SeikyuError(ExitCode.refused, 'err.confirmNeeded', { title, items: list });
  }
  for (const item of items) {
    const answer = (await app.ask(app.t('prompt.confirm', { item }))).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes' && answer !== 'はい') throw new SeikyuError(ExitCode.refused, 'err.confirmDeclined');
  }
}

export async function runDone(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('done', args, options);
  const [stepId, ...pairs] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'done' });
  const loaded = await app.load();
  const { instance, at, note, verify: verifying } = prepareDone(app.service, loaded, { stepId, terminal: values.terminal, at: values.at, note: values.note });
  if (verifying) return verifyDone(app, loaded, instance, pairs, at, values.confirmed === true);
  const inputs = await gatherInputs(app, loaded, instance, pairs);
  checkDone(app.service, loaded, instance, { at, note, ...inputs });
  await confirmations(app, instance, values.confirmed === true);
  const { event, before, after } = await recordDone(app.service, instance, { at, note, ...inputs });
  announce(app, instance, event, before!, after);
}

/**
 * `done` on a check step without `--note`: the check runs with the inputs given and its result is the record.
 * Passed: done, verified. Failed: recorded as failed, with what it saw and what to do (exit 4). Cannot run
 * here: nothing recorded; the operator can check by hand and say how with `--note`.
 */
async function verifyDone(app: App, loaded: Loaded, instance: StepInstance, pairs: string[], at: string, confirmed: boolean): Promise<void> {
  const check = (await app.checks()).get(instance.step.id);
  if (!check) throw new SeikyuError(ExitCode.refused, 'err.check.noCheckNote', { title: instance.step.title[app.lang] });
  const given = await gatherInputs(app, loaded, instance, pairs, check.needsInputs);
  await confirmations(app, instance, confirmed);
  const open = readsRecordedSecret(loaded, instance, given) ? await secretsForChecks(app.service) : null;
  const verification = await verify(app.service, app.checks, loaded, instance, { given, open, at });
  for (const line of resultLines(app, verification, { evidence: true })) app.out(line);
  const title = instanceTitle(app, instance);
  if (verification.result.outcome === 'failed') throw new SeikyuError(ExitCode.refused, 'err.check.doneFailed', { title, step: instance.step.id });
  if (verification.result.outcome === 'cannot-run') throw new SeikyuError(ExitCode.refused, 'err.check.doneCannotRun', { title, step: instance.step.id });
  if (!verification.recorded) throw verification.notRecorded ?? new SeikyuError(ExitCode.refused, 'err.check.doneCannotRun', { title, step: instance.step.id });
  const { event, before, after } = verification.recorded;
  announce(app, instance, event, before!, after);
}

/** Says what was recorded, and what it completed and opened up. */
function announce(app: App, instance: StepInstance, event: StoredEvent, before: Loaded, after: Loaded): void {
  const title = instanceTitle(app, instance);
  app.out(app.t(event.type === 'check-passed' ? 'cli.done.verified' : 'cli.done.recorded', { title, id: event.id, date: event.occurredAt }));
  // What this record opened up: steps that were blocked before and are not now.
  const was = new Map(app.selector(before.onboarding).views().map((v) => [v.key, v.status]));
  const now = app.selector(after.onboarding).views();
  // Only milestones complete by themselves (a renewal that shows as valid is not one that was done).
  const milestones = now.filter((v) => v.step.kind.includes('milestone') && v.status === 'done' && was.get(v.key) !== 'done');
  for (const m of milestones) app.out(app.t('cli.done.milestone', { title: m.terminal ? app.t('step.onTerminal', { title: m.title, terminal: m.terminal }) : m.title }));
  const opened = now.filter((v) => was.get(v.key) === 'blocked' && v.status !== 'blocked' && v.status !== 'done');
  if (opened.length > 0) {
    app.out(app.t('cli.done.unblocked'));
    for (const v of opened) for (const line of stepLines(app, v)) app.out(line);
  }
}
