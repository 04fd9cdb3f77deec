import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson, checkBundle, facilityIdOf, keepLocalSecrets, logDifference, openBundleSecrets, progressOf, sealForStore, type CheckedBundle } from '../../app/handoff.js';
import type { Loaded } from '../../app/onboarding.js';
import { localTimestamp } from '../../effects/clock.js';
import { StoreError } from '../../effects/store.js';
import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { excerpt } from '../../i18n/visible.js';
import type { App } from '../app.js';
import { parse } from '../args.js';
import { handoffPassphrase } from './export.js';

/** A bundle of years of records is a few MB; anything far beyond is not one (and is not read into memory). */
const MAX_MB = 64;

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : String(error);
}

/** The file's text; a missing file, a folder or a huge file is one sentence (exit 3). */
async function readBundleFile(file: string): Promise<string> {
  const shown = excerpt(file, 200);
  let size: number;
  try {
    const info = await lstat(file);
    if (!info.isFile()) throw new SeikyuError(ExitCode.input, 'handoff.err.notAFile', { file: shown });
    size = info.size;
  } catch (error) {
    if (error instanceof SeikyuError) throw error;
    if (errorCode(error) === 'ENOENT') throw new SeikyuError(ExitCode.input, 'handoff.err.noFile', { file: shown });
    throw new SeikyuError(ExitCode.input, 'handoff.err.read', { file: shown, detail: errorCode(error) });
  }
  if (size > MAX_MB * 1024 * 1024) throw new SeikyuError(ExitCode.input, 'handoff.err.tooLarge', { file: shown, max: MAX_MB });
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SeikyuError(ExitCode.input, 'handoff.err.read', { file: shown, detail: errorCode(error) });
  }
}

/** Where the records replaced are kept: beside the document, named by the time of the import, never over another copy. */
async function keptPath(app: App): Promise<string> {
  const stamp = localTimestamp(app.clock.now()).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  for (let n = 1; ; n++) {
    const candidate = path.join(path.dirname(app.store.file), `seikyu.json.before-import-${stamp}${n === 1 ? '' : `-${n}`}.bak`);
    if (!(await lstat(candidate).then(() => true, () => false))) return candidate;
  }
}

/** What the import would make of the current state, on standard output. */
function preview(app: App, file: string, checked: CheckedBundle, current: Loaded | null, other: boolean): void {
  const { bundle, onboarding } = checked;
  const explainer = (o: Loaded['onboarding']) => app.service.explainer(o);
  const after = progressOf(onboarding, explainer);
  app.out(app.t('handoff.preview.title', { file: excerpt(file, 200) }));
  app.out(app.t('handoff.preview.facility', { name: onboarding.profile.name, code: onboarding.profile.code, done: after.done, total: after.total }));
  app.out(app.t('handoff.preview.exported', { at: bundle.exportedAt, by: bundle.exportedBy, version: bundle.program.version, procedure: bundle.procedureVersion }));
  app.out(app.t('handoff.preview.events', { events: bundle.events.length }));
  if (checked.carried > 0) app.out(app.t('handoff.preview.secrets', { carried: checked.carried, left: checked.notExported }));
  else if (checked.notExported > 0) app.out(app.t('handoff.preview.secretsLeft', { left: checked.notExported }));
  if (!current) {
    app.out(app.t('handoff.preview.noCurrent'));
  } else {
    const diff = logDifference(current.doc.events, checked.events);
    const now = progressOf(current.onboarding, explainer);
    app.out(diff.added === 0 && diff.removed === 0 ? app.t('handoff.preview.same') : app.t('handoff.preview.diff', { ...diff, done: now.done, total: now.total }));
    if (other) app.out(app.t('handoff.preview.otherFacility', { current: current.onboarding.profile.name }));
  }
}

/**
 * `seikyu import FILE [--dry-run] [--yes]`: everything is checked before anything changes (see `checkBundle`),
 * the result is shown, and only then — confirmed on a terminal, or with --yes — the current state is replaced,
 * the records replaced kept beside the document.
 */
export async function runImport(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('import', args, { 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' } });
  const [file, extra] = positionals;
  if (file === undefined) throw new SeikyuError(ExitCode.usage, 'handoff.err.missingFile');
  if (extra !== undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'import', arg: excerpt(extra) });
  const text = await readBundleFile(file);
  const svc = app.service;
  const checked = checkBundle(text, { procedure: svc.procedure, t: app.t, lang: app.lang, explainer: (o) => svc.explainer(o) });
  const current = await svc.current();
  const other = current !== null && facilityIdOf(current.doc.events) !== checked.bundle.facilityId;
  // Another facility's records over this one's: a mistake too costly for a y at a question.
  if (other && values.yes !== true && values['dry-run'] !== true) {
    throw new SeikyuError(ExitCode.refused, 'handoff.err.otherFacility', { bundle: checked.onboarding.profile.name, current: current.onboarding.profile.name });
  }
  // The handoff passphrase is proved before anything is shown or asked, a dry run included: it checks the bundle whole.
  const opened = checked.carried > 0 ? await openBundleSecrets(checked, await handoffPassphrase(app, false)) : null;
  // Secrets left out of the bundle that this folder holds for the same records stay.
  const local = current && !other ? keepLocalSecrets(checked.events, current.doc.events) : { events: checked.events, kept: 0 };
  preview(app, file, checked, current, other);
  if (local.kept > 0) app.out(app.t('handoff.preview.keptSecrets', { kept: local.kept }));
  // The same records, and no secret to bring: importing would change nothing but leave a copy. Nothing to ask.
  if (current && !other && checked.carried === 0 && canonicalJson(local.events) === canonicalJson(current.doc.events)) {
    app.out(app.t('handoff.cli.nothingToImport'));
    return;
  }
  if (values['dry-run']) {
    app.out(app.t('handoff.preview.dryRun'));
    return;
  }
  if (values.yes !== true) {
    if (!app.interactive) throw new SeikyuError(ExitCode.refused, 'handoff.err.needsYes');
    const answer = (await app.ask(app.t('handoff.prompt.confirm'))).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes' && answer !== 'はい') throw new SeikyuError(ExitCode.refused, 'handoff.err.declined');
  }
  // Secrets: opened with the handoff passphrase, sealed again under this folder's key (a new one if it has none).
  let events = local.events;
  let header = current?.doc.secrets ?? null;
  if (opened) {
    const unlocked = await svc.storeKey(header);
    header = unlocked.header;
    events = sealForStore(local.events, opened, unlocked.key);
  }
  const seen = canonicalJson(current?.doc.events ?? null);
  const keep = await keptPath(app);
  let loaded: Loaded;
  try {
    loaded = await svc.replace(
      { createdAt: checked.bundle.createdAt, events, secrets: header },
      {
        expect: (doc) => {
          // Another `seikyu` recorded while the questions waited: what was shown is not what would be replaced.
          if (canonicalJson(doc?.events ?? null) !== seen || (doc?.secrets?.salt ?? null) !== (current?.doc.secrets?.salt ?? null)) {
            throw new SeikyuError(ExitCode.store, 'handoff.err.changed');
          }
        },
        keepPreviousAs: keep,
      },
    );
  } catch (error) {
    if (error instanceof StoreError && error.code === 'io' && error.detail === 'EEXIST') throw new SeikyuError(ExitCode.store, 'handoff.err.keptExists', { file: keep });
    throw error;
  }
  const progress = progressOf(loaded.onboarding, (o) => svc.explainer(o));
  app.out(app.t('handoff.cli.imported', { name: loaded.onboarding.profile.name, events: loaded.doc.events.length, done: progress.done, total: progress.total }));
  if (current) app.out(app.t('handoff.cli.kept', { file: keep }));
}
