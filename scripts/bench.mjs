#!/usr/bin/env node
// Measures what the operator waits for: replaying the log, restoring from the cached snapshot, and a whole
// `seikyu status` run. Prints figures; asserts nothing (machines here are noisy: compare ratios in one run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadProcedure } = await import(path.join(root, 'dist/effects/procedure-loader.js'));
const { replay, restore, persist, persistIgnored, machineKey, applyEvent } = await import(path.join(root, 'dist/machine/replay.js'));
const { selectSteps } = await import(path.join(root, 'dist/i18n/explain.js'));
const { translator } = await import(path.join(root, 'dist/i18n/index.js'));

const procedure = loadProcedure();
const profile = {
  name: 'ベンチ診療所', code: '0110113719', carrier: 'ntt', area: 'east', connection: 'ipv6-ipvpn',
  terminals: [1, 2, 3].map((n) => ({ name: `端末${n}`, roles: ['claims', 'oqs'] })),
};

function log(extraExpects) {
  const events = [];
  const push = (e) => events.push({ id: events.length + 1, terminal: null, inputs: {}, occurredAt: '2026-11-01', recordedAt: '2026-11-01T09:00:00+09:00', operator: 'bench', ...e });
  push({ type: 'profile-created', step: 'facility-profile', profile });
  for (const step of ['portal-account', 'line-contract', 'oqs-application']) push({ type: 'step-done', step });
  for (const n of [1, 2, 3]) push({ type: 'step-done', step: 'cert-application', terminal: `端末${n}` });
  for (let i = 0; i < extraExpects; i++) push({ type: 'expected', step: 'cert-letter', terminal: '端末1', by: '2026-12-01' });
  return events;
}

function time(label, fn, rounds) {
  fn();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  const ms = (performance.now() - start) / rounds;
  console.log(`${label.padEnd(52)} ${ms.toFixed(2).padStart(9)} ms`);
  return ms;
}

const options = { today: '2026-11-24', lang: 'ja', t: translator('ja') };
for (const n of [0, 200, 2000]) {
  const events = log(n);
  const state = replay(procedure, events);
  const cache = { key: machineKey(procedure, state.profile), lastEventId: events.at(-1).id, snapshot: persist(state), ignored: persistIgnored(state) };
  const r = time(`replay, 3 terminals, ${events.length} events`, () => replay(procedure, events), 20);
  const c = time(`restore from cache, ${events.length} events`, () => restore(procedure, events, cache), 20);
  console.log(`${''.padEnd(52)} replay/restore = ${(r / c).toFixed(1)}x`);
}
// An append applies one event to the state before it; it does not replay the log.
{
  const events = log(10_000);
  const before = replay(procedure, events.slice(0, -1));
  const last = events.at(-1);
  const r = time(`append by replay of ${events.length} events`, () => replay(procedure, events), 5);
  const a = time(`append by one transition at ${events.length} events`, () => applyEvent(procedure, before, events, last), 20);
  console.log(`${''.padEnd(52)} replay/transition = ${(r / a).toFixed(0)}x`);
}
const state = replay(procedure, log(0));
time(`selectors: ${state.plan.instances.length} step views`, () => selectSteps(state.plan, state.snapshot, options), 50);

// A whole command, against `node -e 0` in the same run.
const dir = mkdtempSync(path.join(tmpdir(), 'seikyu-bench-'));
const env = { ...process.env, SEIKYU_HOME: dir, NO_COLOR: '1' };
const bin = path.join(root, 'bin/seikyu.js');
spawnSync(process.execPath, [bin, 'init', '--name', 'ベンチ', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn'], { env });
const wall = (args) => {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { env });
  if (r.status !== 0) throw new Error(String(r.stderr));
  return performance.now() - start;
};
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(Array.from({ length: 7 }, () => wall(['-e', '0'])));
const status = median(Array.from({ length: 7 }, () => wall([bin, 'status'])));
const version = median(Array.from({ length: 7 }, () => wall([bin, '--version'])));
console.log(`${'node -e 0 (median of 7)'.padEnd(52)} ${base.toFixed(0).padStart(9)} ms`);
console.log(`${'seikyu --version (median of 7)'.padEnd(52)} ${version.toFixed(0).padStart(9)} ms  (${(version / base).toFixed(1)}x node)`);
console.log(`${'seikyu status (median of 7)'.padEnd(52)} ${status.toFixed(0).padStart(9)} ms  (${(status / base).toFixed(1)}x node)`);
rmSync(dir, { recursive: true, force: true });
