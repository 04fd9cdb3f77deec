import { statSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, SeikyuError } from '../../machine/errors.js';
import { applicableInputs, normalizeInput } from '../../machine/inputs.js';
import type { StepInstance } from '../../machine/plan.js';
import type { Input } from '../../machine/procedure-schema.js';
import { PROFILE_STEP } from '../../machine/replay.js';
import type { StepView } from '../../machine/selectors.js';
import { shortDate } from '../../machine/dates.js';
import type { App, Loaded } from '../app.js';
import { parse } from '../args.js';
import { parseDate, resolveInstance } from '../resolve.js';
import { stepLines } from '../render.js';

const options = {
  terminal: { type: 'string' },
  at: { type: 'string' },
  note: { type: 'string' },
  confirmed: { type: 'boolean' },
} as const;

/** Refuses what the procedure does not allow now; the same checks run again under the store's lock. */
export function refuseUnlessDoable(app: App, loaded: Loaded, stepId: string, terminal: string | undefined): { instance: StepInstance; view: StepView } {
  const instance = resolveInstance(app, loaded.onboarding, stepId, terminal);
  const title = instance.step.title[app.lang];
  if (instance.step.id === PROFILE_STEP) throw new SeikyuError(ExitCode.refused, 'err.facilityProfileStep');
  const view = app.selector(loaded.onboarding).view(instance.key);
  if (instance.step.kind.includes('milestone') && view.status !== 'skipped') throw new SeikyuError(ExitCode.refused, 'err.milestone', { title });
  switch (view.status) {
    case 'skipped':
      throw new SeikyuError(ExitCode.refused, 'err.skipped', { title, reason: view.reason });
    case 'done':
      throw new SeikyuError(ExitCode.refused, 'err.alreadyDone', {
        title,
        date: view.record!.occurredAt,
        id: view.record!.eventId,
      });
    case 'blocked':
      throw new SeikyuError(ExitCode.refused, 'err.blocked', { title, reason: view.reason });
    default:
      return { instance, view };
  }
}

/**
 * The latest day a need of the step was done, with that need's title. The day the profile was entered in
 * this program is not a real-world event: things done before it keep their real dates.
 */
function latestNeed(app: App, loaded: Loaded, instance: StepInstance): { date: string; title: string } | null {
  const records = loaded.onboarding.snapshot.context.records;
  const needs = instance.needs
    .flatMap((n) => (n.kind === 'all' ? [n.key] : n.keys))
    .filter((k) => k !== PROFILE_STEP && records[k] !== undefined)
    .sort((a, b) => records[a]!.occurredAt.localeCompare(records[b]!.occurredAt));
  const key = needs.at(-1);
  return key ? { date: records[key]!.occurredAt, title: loaded.onboarding.plan.byKey.get(key)!.step.title[app.lang] } : null;
}

/** The day it happened: not in the future, not before the steps it needs were done. */
function occurredAt(app: App, given: string | undefined, loaded: Loaded, instance: StepInstance): string {
  if (given === undefined) return app.today;
  const at = parseDate(given);
  if (at > app.today) throw new SeikyuError(ExitCode.input, 'err.date.future', { value: at });
  const latest = latestNeed(app, loaded, instance);
  if (latest && at < latest.date) {
    throw new SeikyuError(ExitCode.input, 'err.date.beforeNeeds', { value: at, title: latest.title, date: shortDate(latest.date, app.today) });
  }
  return at;
}

/** A date typed into an input (the notice's date) cannot be before the steps the step needs were done. */
export function checkInputDates(app: App, loaded: Loaded, instance: StepInstance, plain: Record<string, string>): void {
  const latest = latestNeed(app, loaded, instance);
  if (!latest) return;
  for (const input of instance.step.inputs) {
    const value = plain[input.key];
    if (input.format.type !== 'date' || value === undefined || value >= latest.date) continue;
    throw new SeikyuError(ExitCode.input, 'err.input.dateBeforeNeeds', { label: input.label[app.lang], key: input.key, value, title: latest.title, date: shortDate(latest.date, app.today) });
  }
}

/** Checks one input value (format, and that a file or folder exists); returns it normalized. */
export function checkValue(app: App, input: Input, raw: string): string {
  const params = { label: input.label[app.lang], key: input.key, hint: input.hint[app.lang] };
  const value = normalizeInput(input, raw);
  if (value === null) throw new SeikyuError(ExitCode.input, raw.trim() === '' ? 'err.input.missing' : 'err.input.invalid', params);
  if (input.format.type === 'date' && value > app.today) throw new SeikyuError(ExitCode.input, 'err.input.futureDate', { ...params, value });
  if (input.format.type === 'file' || input.format.type === 'folder') {
    const full = path.resolve(value);
    let ok: boolean;
    try {
      const info = statSync(full);
      ok = input.format.type === 'file' ? info.isFile() : info.isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) throw new SeikyuError(ExitCode.input, input.format.type === 'file' ? 'err.input.noFile' : 'err.input.noFolder', { ...params, path: value });
    return full;
  }
  return value;
}

/** Gathers and checks the inputs: arguments, then standard input lines, then questions on a terminal. */
async function gatherInputs(app: App, loaded: Loaded, instance: StepInstance, pairs: string[]): Promise<{ plain: Record<string, string>; secret: Record<string, string> }> {
  const step = instance.step;
  const title = step.title[app.lang];
  const applicable = applicableInputs(step, loaded.onboarding.profile);
  const byKey = new Map(step.inputs.map((i) => [i.key, i]));
  const given = new Map<string, string>();
  const accept = (key: string, value: string, fromArgument: boolean) => {
    const input = byKey.get(key);
    if (!input) {
      if (step.inputs.length === 0) throw new SeikyuError(ExitCode.input, 'err.input.none', { title, key });
      throw new SeikyuError(ExitCode.input, 'err.input.unknown', { title, key, keys: step.inputs.map((i) => i.key).join(', ') });
    }
    const params = { label: input.label[app.lang], key };
    if (!applicable.includes(input)) throw new SeikyuError(ExitCode.input, 'err.input.notApplicable', params);
    if (fromArgument && input.secret) throw new SeikyuError(ExitCode.input, 'err.input.secretArgument', params);
    if (given.has(key)) throw new SeikyuError(ExitCode.input, 'err.input.twice', { key });
    given.set(key, value);
  };
  for (const arg of pairs) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new SeikyuError(ExitCode.usage, 'err.input.badArgument', { arg });
    accept(arg.slice(0, eq), arg.slice(eq + 1), true);
  }
  const secrets = applicable.filter((i) => i.secret);
  if (secrets.length > 0 && !app.io.stdin.isTTY) {
    for (const [key, value] of await app.stdinPairs()) accept(key, value, false);
  }
  // Ask for the passphrase before the secrets are typed: a wrong one then costs nothing.
  if (secrets.length > 0) await app.prepareSecrets();
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const input of applicable) {
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
          checkValue(app, input, raw);
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
    const value = checkValue(app, input, raw);
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

/**
 * Everything about a `done` that can be checked before inputs are gathered: the step is doable now, the
 * date is possible, a check step confirmed by hand has a note.
 */
export function prepareDone(app: App, loaded: Loaded, request: { stepId: string; terminal?: string; at?: string; note?: string }) {
  const { instance, view } = refuseUnlessDoable(app, loaded, request.stepId, request.terminal);
  const at = occurredAt(app, request.at, loaded, instance);
  const note = request.note?.trim() || undefined;
  if (instance.step.kind.includes('check') && !note) {
    throw new SeikyuError(ExitCode.refused, 'err.checkNeedsNote', { title: instance.step.title[app.lang] });
  }
  return { instance, view, at, note };
}

/** Records a `done` whose inputs were checked; the step is checked again under the store's lock. */
export async function recordDone(
  app: App,
  instance: StepInstance,
  details: { at: string; note: string | undefined; plain: Record<string, string>; secret: Record<string, string> },
) {
  if (Object.keys(details.secret).length > 0) await app.prepareSecrets();
  return app.append((current) => {
    refuseUnlessDoable(app, current!, instance.step.id, instance.terminal ?? undefined);
    return {
      type: 'step-done',
      step: instance.step.id,
      terminal: instance.terminal,
      inputs: { ...details.plain },
      ...(details.note ? { note: details.note } : {}),
      ...app.stamp(details.at),
    };
  }, details.secret);
}

export async function runDone(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('done', args, options);
  const [stepId, ...pairs] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'done' });
  const loaded = await app.load();
  const { instance, at, note } = prepareDone(app, loaded, { stepId, terminal: values.terminal, at: values.at, note: values.note });
  const inputs = await gatherInputs(app, loaded, instance, pairs);
  checkInputDates(app, loaded, instance, inputs.plain);
  await confirmations(app, instance, values.confirmed === true);
  const { event, before, after } = await recordDone(app, instance, { at, note, ...inputs });
  const title = instance.terminal === null ? instance.step.title[app.lang] : app.t('step.onTerminal', { title: instance.step.title[app.lang], terminal: instance.terminal });
  app.out(app.t('cli.done.recorded', { title, id: event.id, date: event.occurredAt }));
  // What this record opened up: steps that were blocked before and are not now.
  const was = new Map(app.selector(before!.onboarding).views().map((v) => [v.key, v.status]));
  const now = app.selector(after.onboarding).views();
  const milestones = now.filter((v) => v.status === 'done' && was.get(v.key) !== 'done' && v.key !== instance.key);
  for (const m of milestones) app.out(app.t('cli.done.milestone', { title: m.terminal ? app.t('step.onTerminal', { title: m.title, terminal: m.terminal }) : m.title }));
  const opened = now.filter((v) => was.get(v.key) === 'blocked' && v.status !== 'blocked' && v.status !== 'done');
  if (opened.length > 0) {
    app.out(app.t('cli.done.unblocked'));
    for (const v of opened) for (const line of stepLines(app, v)) app.out(line);
  }
}
