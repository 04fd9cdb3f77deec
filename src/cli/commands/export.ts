import fs from 'node:fs';
import { chmod, link, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildBundle, secretCount, type Bundle } from '../../app/handoff.js';
import type { Loaded, OnboardingService } from '../../app/onboarding.js';
import { localTimestamp, type Clock } from '../../effects/clock.js';
import { isJapaneseHoliday } from '../../effects/holidays.js';
import { unlockSecrets } from '../../effects/secrets.js';
import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import type { Translate } from '../../i18n/index.js';
import { excerpt } from '../../i18n/visible.js';
import type { App } from '../app.js';
import { choice, parse } from '../args.js';
import { stepJson } from '../render.js';
import type { ExportFormat, ReportInput } from '../report/index.js';
import { PROGRAM_VERSION } from '../version.js';

const FORMATS = ['json', 'md', 'html', 'mermaid', 'dot'] as const;
const MIN_PASSPHRASE = 8;

/** What an export needs besides the document: the service, the clock, who exports. */
export interface ExportDeps {
  svc: OnboardingService;
  clock: Clock;
  operator: string;
}

/** The bundle of a loaded onboarding; `carry`: the secrets, re-encrypted under the handoff passphrase. */
export function bundleOf(deps: ExportDeps, loaded: Loaded, carry: Parameters<typeof buildBundle>[1] = null): Promise<Bundle> {
  const today = deps.svc.today();
  return buildBundle(
    {
      doc: loaded.doc,
      procedureVersion: deps.svc.procedure.version,
      programVersion: PROGRAM_VERSION,
      steps: deps.svc.explainer(loaded.onboarding).views().map((v) => stepJson(v, today)),
      exportedAt: localTimestamp(deps.clock.now()),
      exportedBy: deps.operator,
    },
    carry,
  );
}

/** The bundle as a file's text. */
export function bundleText(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** What the report and the diagrams are made from. */
export function reportInput(deps: ExportDeps, loaded: Loaded): ReportInput {
  return {
    loaded,
    lang: deps.svc.lang,
    t: deps.svc.t,
    today: deps.svc.today(),
    now: deps.clock.now(),
    holidays: isJapaneseHoliday,
    operator: deps.operator,
    programVersion: PROGRAM_VERSION,
  };
}

/** A report or a diagram (loaded when used: its renderers are not needed by the bundle). */
export async function renderReport(format: ExportFormat, input: ReportInput): Promise<string> {
  const { renderExport } = await import('../report/index.js');
  return renderExport(format, input);
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : error instanceof Error ? error.message : String(error);
}

/**
 * Writes `text` to `file` atomically: a private temporary file in the same folder (mode 0600, flushed), then
 * linked to its name — which fails if the name exists, so an existing file is never replaced — or, where the
 * file system has no hard links, renamed after a check that nothing is there.
 */
export async function writeNewFile(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  const shown = excerpt(file, 200);
  const existing = await lstat(target).catch(() => null);
  if (existing) throw new SeikyuError(ExitCode.input, existing.isDirectory() ? 'handoff.err.isFolder' : 'handoff.err.exists', { file: shown });
  // A folder that is not there is said as such, not as an error code.
  const folder = await lstat(path.dirname(target)).catch(() => null);
  if (!folder?.isDirectory()) throw new SeikyuError(ExitCode.input, 'handoff.err.noFolder', { folder: excerpt(path.dirname(file) || '.', 200) });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, target);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new SeikyuError(ExitCode.input, 'handoff.err.exists', { file: shown });
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EACCES'].includes(errorCode(error))) throw error;
      if (await lstat(target).then(() => true, () => false)) throw new SeikyuError(ExitCode.input, 'handoff.err.exists', { file: shown });
      await rename(temp, target);
    }
  } catch (error) {
    if (error instanceof SeikyuError) throw error;
    throw new SeikyuError(ExitCode.input, 'handoff.err.write', { file: shown, detail: errorCode(error) });
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/**
 * The screen's export: the bundle and the HTML report side by side in `dir` (made private, 0700, like the data
 * folder it sits in), named by the facility and the time, never over an earlier pair.
 */
export async function writeExportPair(dir: string, prefix: string, now: Date, texts: { json: string; html: string }): Promise<{ dir: string; json: string; html: string }> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') await chmod(dir, 0o700);
  } catch (error) {
    throw new SeikyuError(ExitCode.input, 'handoff.err.write', { file: excerpt(dir, 200), detail: errorCode(error) });
  }
  const stamp = localTimestamp(now).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const exists = (name: string) => lstat(path.join(dir, name)).then(() => true, () => false);
  let base = `${prefix}-${stamp}`;
  for (let n = 2; (await exists(`${base}.json`)) || (await exists(`${base}.html`)); n++) base = `${prefix}-${stamp}-${n}`;
  const names = { json: `${base}.json`, html: `${base}.html` };
  await writeNewFile(path.join(dir, names.json), texts.json);
  await writeNewFile(path.join(dir, names.html), texts.html);
  return { dir, ...names };
}

/** The handoff passphrase: SEIKYU_EXPORT_PASSPHRASE (as SEIKYU_PASSPHRASE is read), else asked hidden on a terminal. */
export async function handoffPassphrase(app: App, isNew: boolean): Promise<string> {
  const fromEnv = app.io.env.SEIKYU_EXPORT_PASSPHRASE;
  let value: string;
  if (fromEnv !== undefined && fromEnv !== '') {
    value = fromEnv;
  } else if (app.io.stdin.isTTY === true) {
    value = await app.ask(app.t(isNew ? 'handoff.prompt.newPassphrase' : 'handoff.prompt.passphrase'), true);
    if (isNew) {
      if ([...value].length < MIN_PASSPHRASE) throw new SeikyuError(ExitCode.secret, 'handoff.err.passphraseShort');
      if ((await app.ask(app.t('handoff.prompt.repeat'), true)) !== value) throw new SeikyuError(ExitCode.secret, 'handoff.err.passphraseMismatch');
    }
  } else {
    throw new SeikyuError(ExitCode.secret, 'handoff.err.noPassphrase');
  }
  if (isNew && [...value].length < MIN_PASSPHRASE) throw new SeikyuError(ExitCode.secret, 'handoff.err.passphraseShort');
  return value;
}

/** How the secrets went, in words. */
function secretsText(t: Translate, bundle: Bundle): string {
  const left = bundle.events.reduce((n, e) => n + Object.values(e.inputs).filter((v) => typeof v === 'object' && 'secret' in v).length, 0);
  if (bundle.secrets.exported && bundle.secrets.count > 0) {
    return left > 0 ? t('handoff.secrets.carriedAndLeft', { count: bundle.secrets.count, left }) : t('handoff.secrets.carried', { count: bundle.secrets.count });
  }
  return left > 0 ? t('handoff.secrets.left', { count: left }) : t('handoff.secrets.none');
}

/**
 * `seikyu export [--format json|md|html|mermaid|dot] [-o FILE] [--include-secrets]`. The format defaults to
 * json: the handoff bundle is what this command is for, and `seikyu export > handoff.json` should just work.
 */
export async function runExport(app: App, args: string[]): Promise<void> {
  const { values } = parse(
    'export',
    args,
    { format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'include-secrets': { type: 'boolean' } },
    false,
  );
  const format = choice('--format', values.format, FORMATS) ?? 'json';
  if (values['include-secrets'] && format !== 'json') throw new SeikyuError(ExitCode.usage, 'handoff.err.secretsOnlyJson');
  const output = values.output;
  // A file that is there already is refused before any passphrase is asked.
  const there = output === undefined ? null : await lstat(path.resolve(output)).catch(() => null);
  if (output !== undefined && there) {
    throw new SeikyuError(ExitCode.input, there.isDirectory() ? 'handoff.err.isFolder' : 'handoff.err.exists', { file: excerpt(output, 200) });
  }
  const loaded = await app.load();
  const deps: ExportDeps = { svc: app.service, clock: app.clock, operator: app.operator };
  let text: string;
  let done: string;
  if (format === 'json') {
    let carry: Parameters<typeof buildBundle>[1] = null;
    if (values['include-secrets'] && secretCount(loaded.doc.events).held > 0) {
      // The store's passphrase first (it opens the values), then the handoff one, which must be another.
      const open = await app.service.openSecrets();
      const passphrase = await handoffPassphrase(app, true);
      const header = loaded.doc.secrets;
      if (header && (await unlockSecrets(header, passphrase).then(() => true, () => false))) throw new SeikyuError(ExitCode.secret, 'handoff.err.sameAsStore');
      carry = { open, passphrase };
    } else if (values['include-secrets']) {
      carry = { open: () => '', passphrase: '' };
    }
    const bundle = await bundleOf(deps, loaded, carry);
    text = bundleText(bundle);
    done = app.t('handoff.cli.written', { file: output ?? '', events: bundle.events.length, secrets: secretsText(app.t, bundle) });
  } else {
    text = await renderReport(format, reportInput(deps, loaded));
    done = app.t('handoff.cli.reportWritten', { file: output ?? '' });
  }
  if (output === undefined) {
    app.io.stdout.write(text);
    return;
  }
  await writeNewFile(output, text);
  app.out(done);
}
