import { checkedSteps, readsRecordedSecret, secretsForChecks, verify, type Verification } from '../../app/checks.js';
import type { SecretOpener } from '../../app/onboarding.js';
import { resolveInstance } from '../../app/resolve.js';
import { checkFix, checkSentence } from '../../i18n/check-text.js';
import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { excerpt, printableJson } from '../../i18n/visible.js';
import type { StepInstance } from '../../machine/plan.js';
import type { StepView } from '../../machine/selectors.js';
import type { Check } from '../../effects/checks/types.js';
import type { App, Loaded } from '../app.js';
import { parse } from '../args.js';
import { instanceTitle, labelled, resultLines } from '../check-render.js';

/**
 * `seikyu check [STEP…] [--terminal NAME] [--json]`: runs the checks that verify this PC and records their
 * results. Without a step: every check whose step can be done now (its needs met) or is done (checked again,
 * not recorded again); per-PC checks run for the PC named with `--terminal`, or the only one. Exit 0 when all
 * that ran passed, 4 when one failed; a check that cannot run here does not fail the run.
 */

/** A step left out of the run, and why. */
type Line = { kind: 'skipped'; instance: StepInstance; code: SkipCode; why: string };
type SkipCode = 'blocked' | 'needs-input' | 'by-hand';

/**
 * Why a step is not checked in this run, or null to check it. A check whose input (a file, a folder) is not
 * recorded yet has nothing to look at: `done` gives it. Without a named step, a step confirmed by hand (often on
 * another PC) and a blocked one are left alone too.
 */
function leaveOut(app: App, loaded: Loaded, checks: Map<string, Check>, instance: StepInstance, named: boolean, view: StepView): Line | null {
  const record = loaded.onboarding.snapshot.context.records[instance.key];
  const step = instance.step.id;
  if (!named && view.status === 'blocked') return { kind: 'skipped', instance, code: 'blocked', why: app.t('cli.check.blocked', { reason: view.reason }) };
  if (!named && record && !record.verified) return { kind: 'skipped', instance, code: 'by-hand', why: app.t('cli.check.byHand', { date: record.occurredAt, step }) };
  const needs = checks.get(step)?.needsInputs ?? [];
  const missing = instance.step.inputs.filter((input) => needs.includes(input.key) && !input.secret && !record?.inputs[input.key]);
  if (missing.length > 0) {
    const labels = missing.map((input) => input.label[app.lang]).join(app.t('list.separator'));
    return { kind: 'skipped', instance, code: 'needs-input', why: app.t('cli.check.needsInput', { labels, step }) };
  }
  return null;
}

/** The instances to check when none is named: every check step of this PC and the facility, but skipped ones. */
function defaultInstances(loaded: Loaded, steps: string[], terminal: string | null): StepInstance[] {
  return loaded.onboarding.plan.instances.filter((i) => steps.includes(i.step.id) && (i.terminal === null || i.terminal === terminal));
}

/** The PC this run checks: `--terminal`, or the only one; null when there are several and none was named. */
function thisTerminal(app: App, loaded: Loaded, named: string | undefined): string | null {
  const names = loaded.onboarding.profile.terminals.map((t) => t.name);
  if (named !== undefined) {
    if (!names.includes(named)) throw new SeikyuError(ExitCode.input, 'err.unknownTerminal', { terminal: excerpt(named), terminals: names.join(', ') });
    return named;
  }
  return names.length === 1 ? names[0]! : null;
}

export async function runCheck(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('check', args, { terminal: { type: 'string' }, json: { type: 'boolean' } });
  let loaded = await app.load();
  const checked = await checkedSteps(app.service, app.checks);
  const terminal = thisTerminal(app, loaded, values.terminal);
  let instances: StepInstance[];
  let unnamedTerminal = false;
  const named = positionals.length > 0;
  if (named) {
    // A step named twice is checked once.
    instances = [...new Set(positionals)].map((id) => {
      // A facility step has no PC; a per-PC step is this PC's (`--terminal`, or the only one).
      const facility = loaded.onboarding.plan.procedure.steps.find((s) => s.id === id)?.scope === 'facility';
      const instance = resolveInstance(app.service, loaded.onboarding, id, facility ? undefined : (values.terminal ?? terminal ?? undefined));
      if (!checked.includes(instance.step.id)) throw new SeikyuError(ExitCode.usage, 'err.check.noCheck', { title: instance.step.title[app.lang], step: instance.step.id });
      return instance;
    });
    instances = instances.filter((instance, index) => instances.findIndex((other) => other.key === instance.key) === index);
  } else {
    instances = defaultInstances(loaded, checked, terminal);
    unnamedTerminal = terminal === null && loaded.onboarding.plan.instances.some((i) => i.terminal !== null && checked.includes(i.step.id));
  }
  const checks = await app.checks();
  const views = new Map(app.selector(loaded.onboarding).views().map((v) => [v.key, v]));
  const lines: Line[] = [];
  const toRun: StepInstance[] = [];
  for (const instance of instances) {
    const view = views.get(instance.key)!;
    if (view.status === 'skipped') continue;
    const left = leaveOut(app, loaded, checks, instance, named, view);
    if (left) lines.push(left);
    else toRun.push(instance);
  }
  const progress = values.json ? null : spinner(app);
  if (!values.json) {
    const name = loaded.onboarding.profile.name;
    app.out(terminal === null ? app.t('cli.check.header', { name }) : app.t('cli.check.headerTerminal', { name, terminal }));
    if (unnamedTerminal) app.out(app.t('cli.check.whichTerminal', { terminals: loaded.onboarding.profile.terminals.map((t) => t.name).join(', ') }));
  }
  let open: SecretOpener | null | undefined;
  const ran: Verification[] = [];
  for (const instance of toRun) {
    // The passphrase is asked once, and only when a check reads a secret recorded earlier.
    if (open === undefined && readsRecordedSecret(loaded, instance, { plain: {}, secret: {} })) open = await secretsForChecks(app.service);
    progress?.start(instanceTitle(app, instance));
    // A run over every check records what passed; a failure is recorded when its step is named.
    const verification = await verify(app.service, app.checks, loaded, instance, { open: open ?? null, recordFailures: named });
    progress?.stop();
    if (verification.recorded) loaded = verification.recorded.after;
    ran.push(verification);
    if (!values.json) for (const line of resultLines(app, verification)) app.out(line);
  }
  const count = (outcome: string) => ran.filter((v) => v.result.outcome === outcome).length;
  const failed = count('failed');
  if (values.json) {
    app.out(
      printableJson({
        terminal,
        results: [...ran.map((v) => resultJson(app, v)), ...lines.map((line) => skippedJson(app, line))],
        summary: { passed: count('passed'), failed, cannotRun: count('cannot-run'), notRun: lines.length },
      }),
    );
  } else {
    for (const line of lines) app.out(`[-] ${instanceTitle(app, line.instance)} — ${line.why}`);
    app.out('');
    const tally = { failed, passed: count('passed'), cannot: count('cannot-run') };
    const summary = ran.length === 0 ? 'cli.check.none' : failed > 0 ? 'cli.check.summary' : tally.passed === 0 ? 'cli.check.nothingChecked' : 'cli.check.allPassed';
    app.out(app.t(summary, tally));
  }
  if (failed > 0) throw new SeikyuError(ExitCode.refused, 'err.check.failed', { count: failed });
}

function resultJson(app: App, v: Verification) {
  const { result } = v;
  const words = labelled(app, v.instance, result);
  return {
    step: v.instance.step.id,
    terminal: v.instance.terminal,
    title: v.instance.step.title[app.lang],
    outcome: result.outcome,
    code: result.reason,
    message: checkSentence(app.t, words.reason, words.evidence),
    fix: checkFix(app.t, words.fix, words.evidence),
    evidence: result.evidence,
    facts: result.facts,
    recorded: v.recorded ? v.recorded.event.id : null,
    notRecorded: v.notRecorded ? app.t(v.notRecorded.key, v.notRecorded.params) : null,
  };
}

function skippedJson(app: App, line: Line) {
  const { instance } = line;
  return {
    step: instance.step.id,
    terminal: instance.terminal,
    title: instance.step.title[app.lang],
    outcome: 'not-run',
    code: line.code,
    message: line.why,
    fix: null,
    evidence: {},
    facts: {},
    recorded: null,
    notRecorded: null,
  };
}

/**
 * A spinner on the line of the running check, on a terminal only: piped output gets plain lines. Drawn on
 * standard error so standard output stays the results alone.
 */
function spinner(app: App) {
  const stream = app.io.stderr;
  if (stream.isTTY !== true) return null;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let timer: NodeJS.Timeout | null = null;
  let frame = 0;
  let label = '';
  const draw = () => stream.write(`\r\u001b[2K${frames[frame++ % frames.length]} ${label}`);
  return {
    start(title: string) {
      label = app.t('cli.check.running', { title });
      draw();
      timer = setInterval(draw, 80);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      stream.write('\r\u001b[2K');
    },
  };
}

