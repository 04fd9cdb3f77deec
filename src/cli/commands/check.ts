import { checkedSteps, readsRecordedSecret, secretsForChecks, verify, type Verification } from '../../app/checks.js';
import type { SecretOpener } from '../../app/onboarding.js';
import { resolveInstance } from '../../app/resolve.js';
import { checkFix, checkSentence } from '../../i18n/check-text.js';
import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { excerpt, printableJson } from '../../i18n/visible.js';
import { instanceKey, type StepInstance } from '../../machine/plan.js';
import type { App, Loaded } from '../app.js';
import { parse } from '../args.js';
import { instanceTitle, resultLines } from '../check-render.js';

/**
 * `seikyu check [STEP…] [--terminal NAME] [--json]`: runs the checks that verify this PC and records their
 * results. Without a step: every check whose step can be done now (its needs met) or is done (checked again,
 * not recorded again); per-PC checks run for the PC named with `--terminal`, or the only one. Exit 0 when all
 * that ran passed, 4 when one failed; a check that cannot run here does not fail the run.
 */

/** One line of the run: a check that ran, or a step left out (and why). */
type Line = { kind: 'ran'; verification: Verification } | { kind: 'skipped'; instance: StepInstance; why: string };

/** The instances to check when none is named. */
function defaultInstances(app: App, loaded: Loaded, steps: string[], terminal: string | null): { run: StepInstance[]; left: Line[] } {
  const plan = loaded.onboarding.plan;
  const views = new Map(app.selector(loaded.onboarding).views().map((v) => [v.key, v]));
  const run: StepInstance[] = [];
  const left: Line[] = [];
  for (const stepId of steps) {
    for (const instance of plan.instances.filter((i) => i.step.id === stepId && (i.terminal === null || i.terminal === terminal))) {
      const view = views.get(instance.key)!;
      if (view.status === 'skipped') continue;
      if (view.status === 'blocked') left.push({ kind: 'skipped', instance, why: app.t('cli.check.blocked', { reason: view.reason }) });
      else run.push(instance);
    }
  }
  return { run, left };
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
  const lines: Line[] = [];
  let unnamedTerminal = false;
  if (positionals.length > 0) {
    instances = positionals.map((id) => {
      // A facility step has no PC; a per-PC step is this PC's (`--terminal`, or the only one).
      const facility = loaded.onboarding.plan.procedure.steps.find((s) => s.id === id)?.scope === 'facility';
      const instance = resolveInstance(app.service, loaded.onboarding, id, facility ? undefined : (values.terminal ?? terminal ?? undefined));
      if (!checked.includes(instance.step.id)) throw new SeikyuError(ExitCode.usage, 'err.check.noCheck', { title: instance.step.title[app.lang], step: instance.step.id });
      return instance;
    });
  } else {
    const chosen = defaultInstances(app, loaded, checked, terminal);
    instances = chosen.run;
    lines.push(...chosen.left);
    unnamedTerminal = terminal === null && loaded.onboarding.plan.instances.some((i) => i.terminal !== null && checked.includes(i.step.id));
  }
  const progress = values.json ? null : spinner(app);
  if (!values.json) {
    const name = loaded.onboarding.profile.name;
    app.out(terminal === null ? app.t('cli.check.header', { name }) : app.t('cli.check.headerTerminal', { name, terminal }));
    if (unnamedTerminal) app.out(app.t('cli.check.whichTerminal', { terminals: loaded.onboarding.profile.terminals.map((t) => t.name).join(', ') }));
  }
  let open: SecretOpener | null | undefined;
  for (const instance of instances) {
    // The passphrase is asked once, and only when a check reads a secret recorded earlier.
    if (open === undefined && readsRecordedSecret(loaded, instance, { plain: {}, secret: {} })) open = await secretsForChecks(app.service);
    progress?.start(instanceTitle(app, instance));
    const verification = await verify(app.service, app.checks, loaded, instance, { open: open ?? null });
    progress?.stop();
    if (verification.recorded) loaded = verification.recorded.after;
    lines.push({ kind: 'ran', verification });
    if (!values.json) for (const line of resultLines(app, verification)) app.out(line);
  }
  const ran = lines.filter((l): l is Extract<Line, { kind: 'ran' }> => l.kind === 'ran').map((l) => l.verification);
  const count = (outcome: string) => ran.filter((v) => v.result.outcome === outcome).length;
  const failed = count('failed');
  if (values.json) {
    app.out(
      printableJson({
        terminal,
        results: lines.map((line) => (line.kind === 'ran' ? resultJson(app, line.verification) : skippedJson(line))),
        summary: { passed: count('passed'), failed, cannotRun: count('cannot-run'), notRun: lines.length - ran.length },
      }),
    );
  } else {
    for (const line of lines) if (line.kind === 'skipped') app.out(`[-] ${instanceTitle(app, line.instance)} — ${line.why}`);
    app.out('');
    app.out(ran.length === 0 ? app.t('cli.check.none') : failed === 0 ? app.t('cli.check.allPassed', { passed: count('passed'), cannot: count('cannot-run') }) : app.t('cli.check.summary', { failed, passed: count('passed'), cannot: count('cannot-run') }));
  }
  if (failed > 0) throw new SeikyuError(ExitCode.refused, 'err.check.failed', { count: failed });
}

function resultJson(app: App, v: Verification) {
  const { result } = v;
  return {
    step: v.instance.step.id,
    terminal: v.instance.terminal,
    title: v.instance.step.title[app.lang],
    outcome: result.outcome,
    code: result.reason,
    message: checkSentence(app.t, result.reason, result.evidence),
    fix: checkFix(app.t, result.fix, result.evidence),
    evidence: result.evidence,
    facts: result.facts,
    recorded: v.recorded ? v.recorded.event.id : null,
    notRecorded: v.notRecorded ? app.t(v.notRecorded.key, v.notRecorded.params) : null,
  };
}

function skippedJson(line: Extract<Line, { kind: 'skipped' }>) {
  return { step: line.instance.step.id, terminal: line.instance.terminal, outcome: 'not-run', message: line.why, key: instanceKey(line.instance.step.id, line.instance.terminal) };
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

