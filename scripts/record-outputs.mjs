#!/usr/bin/env node
// Records every output of the scenario in test/perf/output-scenario.mjs from one program, into
// test/fixtures/outputs/scenario.json, which test/perf/output-identical.test.ts compares the build against.
//
//   node scripts/record-outputs.mjs [--bin PATH/bin/seikyu.js] [--out FILE]
//
// Re-record only when an output is meant to change, from the program that has the intended change, and read the
// diff of scenario.json before committing it: every changed line is a change the user will see.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCENARIO_FORMAT, commandLine, runScenario, steps } from '../test/perf/output-scenario.mjs';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

let options;
try {
  options = parseArgs({
    options: {
      bin: { type: 'string', default: path.join(repoRoot, 'bin', 'seikyu.js') },
      out: { type: 'string', default: path.join(repoRoot, 'test', 'fixtures', 'outputs', 'scenario.json') },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  process.stderr.write(`record-outputs: ${error.message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write('usage: node scripts/record-outputs.mjs [--bin PATH/bin/seikyu.js] [--out FILE] [--quiet]\n');
  process.exit(0);
}

const bin = path.resolve(options.bin);
const out = path.resolve(options.out);
const started = Date.now();
const { entries } = await runScenario({
  bin,
  onEntry(entry, i) {
    if (options.quiet) return;
    const code = entry.file ? (entry.content === null ? 'missing' : `${entry.content.length} lines`) : `exit ${entry.code}`;
    process.stderr.write(`[${String(i + 1).padStart(3)}/${steps.length}] ${code.padEnd(9)} ${commandLine(entry)}\n`);
  },
});

const missing = entries.filter((e) => e.file && e.content === null);
if (missing.length > 0) {
  process.stderr.write(`record-outputs: ${missing.map((e) => e.file).join(', ')} was not written by the program: nothing recorded\n`);
  process.exit(1);
}

// No program path, date or host in the file: recording the same program twice gives the same bytes.
const document = { format: SCENARIO_FORMAT, entries };
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
const commands = entries.filter((e) => !e.file).length;
process.stderr.write(`record-outputs: ${commands} commands and ${entries.length - commands} files from ${bin} → ${out} (${Math.round((Date.now() - started) / 1000)} s)\n`);
