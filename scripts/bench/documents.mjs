// The documents the bench reads: a clinic with 2 terminals whose log has exactly N events, made so the program
// accepts them as its own. The first events are recorded with the program (init, done); the log is then grown
// with `expected` events for the waiting `cert-letter` of each terminal, written in the shape the program writes
// (src/machine/events.ts), with the cache dropped; the last event is recorded with the program again
// (`seikyu expect`), which replays the log once and writes the cache and its digest itself. So the document on
// disk is one the program wrote, and `status` restores it from that cache as it would in use.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The pinned day the log was made on, and the day the bench reads it on. */
export const MADE_ON = '2026-11-20';
export const READ_ON = '2026-11-24';
export const FACILITY = 'ベンチ診療所';
export const TERMINALS = ['端末1', '端末2'];
/** The append the bench times, and that makes each document's last event. */
export const APPEND_ARGS = ['expect', 'cert-letter', '--terminal', TERMINALS[0], '--by', '2026-12-01'];

/** The environment every program run of the bench gets: nothing of the caller's seikyu settings, a pinned clock. */
export function programEnv(home, now = READ_ON) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('SEIKYU_') && !['CI', 'CONTINUOUS_INTEGRATION', 'NODE_OPTIONS', 'TMUX', 'TMUX_PANE', 'NO_COLOR', 'FORCE_COLOR'].includes(k)) env[k] = v;
  }
  if (!/utf-?8/i.test(env.LC_ALL ?? env.LC_CTYPE ?? env.LANG ?? '')) env.LANG = 'C.UTF-8';
  return { ...env, SEIKYU_HOME: home, SEIKYU_NOW: now, SEIKYU_LANG: 'ja', SEIKYU_OPERATOR: 'bench', TZ: 'Asia/Tokyo' };
}

function run(bin, home, args, now = MADE_ON) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: programEnv(home, now), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seikyu ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Makes a data folder under `work` holding a document of exactly `count` events and returns the document's bytes.
 * Checks that `status --json` loads it (exit 0) and that its cache covers the last event.
 */
export function makeDocument(bin, work, count) {
  const home = path.join(work, `doc-${count}`);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  run(bin, home, ['init', '--name', FACILITY, '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn', ...TERMINALS.flatMap((t) => ['--terminal', `${t}:claims,oqs`])]);
  run(bin, home, ['done', 'portal-account', 'email=uketsuke@example.jp']);
  run(bin, home, ['done', 'line-contract', 'customerId=CAF1234567890']);
  run(bin, home, ['done', 'oqs-application']);
  for (const t of TERMINALS) run(bin, home, ['done', 'cert-application', '--terminal', t]);
  const file = path.join(home, 'seikyu.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const made = doc.events.length;
  if (count < made + 1) throw new Error(`a document needs at least ${made + 1} events`);
  const template = doc.events.at(-1);
  for (let id = made + 1; id < count; id++) {
    doc.events.push({
      id,
      type: 'expected',
      step: 'cert-letter',
      terminal: TERMINALS[id % TERMINALS.length],
      inputs: {},
      occurredAt: template.occurredAt,
      recordedAt: template.recordedAt,
      operator: template.operator,
      by: '2026-12-01',
    });
  }
  // Dropped, not forged: the program rebuilds it (and its digest) on the append below.
  doc.cache = null;
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  run(bin, home, APPEND_ARGS);
  const bytes = readFileSync(file);
  const written = JSON.parse(bytes.toString('utf8'));
  if (written.events.length !== count) throw new Error(`the document has ${written.events.length} events, not ${count}`);
  if (written.cache?.lastEventId !== count) throw new Error(`the program did not write a cache up to event ${count}`);
  const status = spawnSync(process.execPath, [bin, 'status', '--json'], { env: programEnv(home), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (status.status !== 0) throw new Error(`status --json on ${count} events exited ${status.status}: ${status.stderr.trim()}`);
  return bytes;
}

/** A fresh data folder holding `bytes` as its document (nothing else: no backup, no screen preferences). */
export function dataFolder(dir, bytes) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, 'seikyu.json'), bytes, { mode: 0o600 });
  return dir;
}

