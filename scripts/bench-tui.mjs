#!/usr/bin/env node
// What the operator waits for in the interactive screen, measured in a real terminal (tmux, 80×24):
// start-up to the first frame of a saved onboarding, and keystroke to frame (↓ as `j` and as Down, Enter to
// the detail, Esc back). Baselines from the same run: `node -e 0` and `seikyu --version` spawned directly,
// and `node -e 0` in a tmux pane (what tmux itself costs). Prints figures; asserts nothing (this machine is
// noisy: compare the ratios within one run). Needs `npm run build` and tmux.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const N = 7;
const POLL_MS = 3;
const TIMEOUT_MS = 10_000;
const COLUMNS = 80;
const ROWS = 24;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'seikyu.js');
const node = process.execPath;

if (spawnSync('tmux', ['-V']).status !== 0) {
  console.error('bench-tui: tmux is not installed (apt-get install -y tmux).');
  process.exit(1);
}

// The program's environment: nothing from CI (Ink would draw only the last frame), a pinned clock and zone.
const env = {};
for (const [k, v] of Object.entries(process.env)) {
  if (v !== undefined && !k.startsWith('SEIKYU_') && !['CI', 'CONTINUOUS_INTEGRATION', 'NODE_OPTIONS', 'TMUX', 'TMUX_PANE'].includes(k)) env[k] = v;
}
if (!/utf-?8/i.test(env.LC_ALL ?? env.LC_CTYPE ?? env.LANG ?? '')) env.LANG = 'C.UTF-8';
const home = mkdtempSync(path.join(tmpdir(), 'seikyu-bench-tui-'));
const appEnv = { ...env, SEIKYU_HOME: home, SEIKYU_NOW: '2026-11-24', SEIKYU_LANG: 'ja', SEIKYU_OPERATOR: 'bench', TZ: 'Asia/Tokyo' };

// A saved onboarding: the profile and a few steps done.
function seikyu(...args) {
  const r = spawnSync(node, [bin, ...args], { env: { ...appEnv, SEIKYU_NOW: '2026-11-20' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seikyu ${args.join(' ')}: ${r.stderr}`);
}
seikyu('init', '--name', 'ベンチ診療所', '--code', '0110113719', '--area', 'east', '--connection', 'ipv6-ipvpn');
seikyu('done', 'portal-account', 'email=uketsuke@example.jp');
seikyu('done', 'line-contract', 'customerId=CAF1234567890');
seikyu('done', 'oqs-application');
seikyu('done', 'cert-application');

const quote = (w) => `'${w.replace(/'/g, `'\\''`)}'`;
/** Socket name → socket file (kill-server leaves the file behind). */
const sockets = new Map();

function tmux(socket, ...args) {
  return execFileSync('tmux', ['-u', '-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts a pane running argv; returns the socket and the time just before tmux was spawned. */
function startPane(argv, vars = {}) {
  const socket = `seikyu-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
  sockets.set(socket, null);
  const assigns = Object.entries(vars).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  const command = `env -u CI -u CONTINUOUS_INTEGRATION ${assigns} ${argv.map(quote).join(' ')}; echo __EXIT__$?; exec sleep 3600`;
  const t0 = performance.now();
  tmux(socket, 'new-session', '-d', '-s', 'main', '-x', String(COLUMNS), '-y', String(ROWS), '-c', root, command);
  return { socket, t0 };
}

function socketFile(socket) {
  if (!sockets.get(socket)) sockets.set(socket, tmux(socket, 'display-message', '-p', '#{socket_path}').trim());
  return sockets.get(socket);
}

function kill(socket) {
  if (!sockets.has(socket)) return;
  let file = null;
  try {
    file = socketFile(socket);
    tmux(socket, 'kill-server');
  } catch {
    // already gone
  }
  if (file) rmSync(file, { force: true });
  sockets.delete(socket);
}

const polls = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls capture-pane (every POLL_MS at most) until test(screen); returns ms since t0 and the screen. */
async function until(socket, t0, test, what) {
  let last = performance.now();
  for (;;) {
    const screen = tmux(socket, 'capture-pane', '-p', '-t', 'main');
    const now = performance.now();
    polls.push(now - last);
    last = now;
    if (test(screen)) return { ms: now - t0, screen };
    if (now - t0 > TIMEOUT_MS) throw new Error(`bench-tui: no ${what} after ${TIMEOUT_MS} ms:\n${screen}`);
    await sleep(POLL_MS);
  }
}

const marked = (screen) => screen.split('\n').findIndex((l) => l.startsWith('›'));
const header = (screen) => /^ベンチ診療所 .*\d+\/\d+$/.test(screen.split('\n')[0] ?? '') && marked(screen) !== -1;

/** Sends a key and waits for the frame that shows its effect. */
async function key(socket, name, test, what) {
  const t0 = performance.now();
  tmux(socket, 'send-keys', '-t', 'main', name);
  return (await until(socket, t0, test, what)).ms;
}

const results = {
  'node -e 0 (spawnSync)': [],
  'seikyu --version (spawnSync)': [],
  'tmux pane: node -e 0 until exit shows': [],
  'tmux pane: seikyu until dashboard header': [],
  'key j: selection marker moved': [],
  'key Down: selection marker moved': [],
  'key Enter: detail shown': [],
  'key Esc: dashboard back': [],
  'one tmux client call (display -p)': [],
};

function spawnTime(args) {
  const t0 = performance.now();
  const r = spawnSync(node, args, { env: appEnv, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

try {
  // Warm the file cache once, untimed.
  spawnTime(['-e', '0']);
  spawnTime([bin, '--version']);
  for (let run = 0; run < N; run++) {
    results['node -e 0 (spawnSync)'].push(spawnTime(['-e', '0']));
    results['seikyu --version (spawnSync)'].push(spawnTime([bin, '--version']));

    const base = startPane([node, '-e', '0']);
    results['tmux pane: node -e 0 until exit shows'].push((await until(base.socket, base.t0, (s) => s.includes('__EXIT__0'), 'exit')).ms);
    kill(base.socket);

    const { socket, t0 } = startPane([node, bin], appEnv);
    const first = await until(socket, t0, header, 'dashboard header');
    results['tmux pane: seikyu until dashboard header'].push(first.ms);
    const c0 = performance.now();
    tmux(socket, 'display', '-p', '-t', 'main', '#{pane_pid}');
    results['one tmux client call (display -p)'].push(performance.now() - c0);

    let at = marked(first.screen);
    results['key j: selection marker moved'].push(await key(socket, 'j', (s) => marked(s) !== -1 && marked(s) !== at, 'move after j'));
    at = marked(tmux(socket, 'capture-pane', '-p', '-t', 'main'));
    results['key Down: selection marker moved'].push(await key(socket, 'Down', (s) => marked(s) !== -1 && marked(s) !== at, 'move after Down'));
    results['key Enter: detail shown'].push(await key(socket, 'Enter', (s) => /\((line-contract|setup-manual|portal-account)\)/.test(s), 'detail'));
    results['key Esc: dashboard back'].push(await key(socket, 'Escape', (s) => s.includes('Enter 詳細') && marked(s) !== -1, 'dashboard'));
    tmux(socket, 'send-keys', '-t', 'main', 'q');
    await until(socket, performance.now(), (s) => s.includes('__EXIT__0'), 'exit after q');
    kill(socket);
  }
} finally {
  for (const socket of [...sockets.keys()]) kill(socket);
  rmSync(home, { recursive: true, force: true });
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const fmt = (ms) => ms.toFixed(1).padStart(8);

const pollMedian = median(polls);
console.log(`seikyu TUI bench — node ${process.version}, ${spawnSync('tmux', ['-V'], { encoding: 'utf8' }).stdout.trim()}, ${COLUMNS}×${ROWS}, N=${N} runs each`);
console.log(`Polling: capture-pane every ${POLL_MS} ms at most; measured poll period median ${pollMedian.toFixed(1)} ms (max ${Math.max(...polls).toFixed(1)} ms) = the resolution of the tmux figures.`);
console.log('Tmux figures include spawning one tmux client for the key or the session (see the client-call row).');
console.log('');
console.log(`${'measure'.padEnd(44)}${'median'.padStart(8)}${'min'.padStart(8)}${'max'.padStart(8)}  (ms)`);
for (const [label, xs] of Object.entries(results)) {
  console.log(`${label.padEnd(44)}${fmt(median(xs))}${fmt(Math.min(...xs))}${fmt(Math.max(...xs))}`);
}
const m = (label) => median(results[label]);
const firstFrame = m('tmux pane: seikyu until dashboard header');
console.log('');
console.log('Ratios of medians:');
console.log(`  first frame / node -e 0 (spawnSync)        ${(firstFrame / m('node -e 0 (spawnSync)')).toFixed(1)}×`);
console.log(`  first frame / seikyu --version (spawnSync) ${(firstFrame / m('seikyu --version (spawnSync)')).toFixed(1)}×`);
console.log(`  first frame / node -e 0 in a tmux pane     ${(firstFrame / m('tmux pane: node -e 0 until exit shows')).toFixed(1)}×`);
console.log(`  first frame − node -e 0 in a tmux pane     ${(firstFrame - m('tmux pane: node -e 0 until exit shows')).toFixed(1)} ms (the program's own start-up and first render)`);
console.log(`  --version / node -e 0 (spawnSync)          ${(m('seikyu --version (spawnSync)') / m('node -e 0 (spawnSync)')).toFixed(1)}×`);
