#!/usr/bin/env node
// The screen's rows of `npm run bench` alone — the first frame and key → frame, under a pseudo-terminal of
// 80×24 (scripts/bench/pty-frames.py) — with the same options: `node scripts/bench-tui.mjs [--quick] [--out FILE]`.
process.argv.push('--only', '3,4');
await import('./bench.mjs');
