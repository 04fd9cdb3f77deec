#!/usr/bin/env node
// `npm run prove`: builds, runs the suites of test/prove/ at their long sizes (SEIKYU_PROVE=long), and prints a
// table of what they proved. Every test there may print `PROVE <name>=<value>` lines (the crash, pause and
// concurrency suites do) or `fuzz <target>: N cases` lines (the fuzz suites); the table collects both, so a new
// suite shows up in it without a change here. Extra arguments go to vitest (e.g. one file).
// Exit code: vitest's, so a failing suite fails the run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const work = mkdtempSync(path.join(os.tmpdir(), 'seikyu-prove-'));
const report = path.join(work, 'vitest.json');
const files = process.argv.slice(2);
const began = Date.now();
const child = spawn(npx, ['vitest', 'run', ...(files.length > 0 ? files : ['test/prove/']), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  cwd: root,
  env: { ...process.env, SEIKYU_PROVE: 'long' },
  stdio: ['ignore', 'pipe', 'inherit'],
});

const figures = new Map();
const fuzz = new Map();
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) collect(line);
});

// Built from a string: a control character in a regular expression literal reads as a mistake.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function collect(line) {
  // Colour codes and vitest's prefixes may surround the line: match anywhere in it.
  const plain = line.replace(ANSI, '');
  const figure = /PROVE ([A-Za-z0-9_.-]+)=(\S+)/.exec(plain);
  if (figure) figures.set(figure[1], figure[2]);
  // `fuzz <target>: N cases`, or indented `  <target>: N cases` under a suite's `PROVE fuzz.<suite>=<total>`.
  const cases = /^\s*(?:fuzz )?([^:|]+): (\d+) cases\s*$/.exec(plain);
  if (cases) fuzz.set(cases[1].trim(), (fuzz.get(cases[1].trim()) ?? 0) + Number(cases[2]));
}

const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
collect(pending);

let failed = '?';
let total = '?';
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  // Tests, not suites: a failed file also counts its describe blocks as failed suites.
  failed = json.numFailedTests;
  total = json.numTotalTests;
} catch {
  // vitest did not get as far as writing its report: the exit code says it failed.
}
rmSync(work, { recursive: true, force: true });

const get = (name) => figures.get(name) ?? '–';
const rows = [
  ['kills (SIGKILL of a writing command)', get('crash.kills')],
  ['acknowledged events lost', get('crash.acknowledged_lost')],
  ['unloadable after a kill', get('crash.unloadable')],
  ['lingering locks (next command refused, or waited over 2 s for the lock)', get('crash.lingering_locks')],
  ['slowest lock wait / slowest next command (ms)', `${get('crash.slowest_lock_wait_ms')} / ${get('crash.slowest_next_command_ms')}`],
  ['leftover temp files', get('crash.leftover_temp_files')],
  ['paused holders / confirmed records lost', `${get('pause.pauses')} / ${get('pause.confirmed_lost')}`],
  ['concurrent appends kept (of acknowledged)', `${get('concurrency.kept')} (of ${get('concurrency.appends_acknowledged')})`],
  ['concurrent appends twice', get('concurrency.twice')],
  ['refusals with SEIKYU_LOCK_WAIT_MS=0 / naming the holder / saved anyway', `${get('concurrency.nowait.refused')} / ${get('concurrency.nowait.refused_naming_holder')} / ${get('concurrency.nowait.refused_but_saved')}`],
  ...[...figures].filter(([name]) => name.startsWith('fuzz.')).map(([name, n]) => [`fuzz cases in all: ${name.slice(5)}`, n]),
  ...[...fuzz].sort(([a], [b]) => a.localeCompare(b)).map(([target, n]) => [`fuzz cases: ${target}`, String(n)]),
  ['failed tests (of all run)', `${failed} (of ${total})`],
];
const width = Math.max(...rows.map(([k]) => k.length));
const lines = [
  '',
  `npm run prove — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${os.cpus().length} cores, ${((Date.now() - began) / 60000).toFixed(1)} min`,
  '',
  `| ${'figure'.padEnd(width)} | value |`,
  `| ${'-'.repeat(width)} | ----- |`,
  ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`),
];
const shown = new Set(['crash.kills', 'crash.acknowledged_lost', 'crash.unloadable', 'crash.lingering_locks', 'crash.slowest_lock_wait_ms', 'crash.slowest_next_command_ms', 'crash.leftover_temp_files', 'pause.pauses', 'pause.confirmed_lost', 'concurrency.kept', 'concurrency.appends_acknowledged', 'concurrency.twice', 'concurrency.nowait.refused', 'concurrency.nowait.refused_naming_holder', 'concurrency.nowait.refused_but_saved']);
const others = [...figures].filter(([name]) => !shown.has(name) && !name.startsWith('fuzz.'));
if (others.length > 0) lines.push('', 'Other figures:', ...others.map(([name, value]) => `  ${name} = ${value}`));
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(code);
