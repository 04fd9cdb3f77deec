import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binFile, repoRoot, requireBuild } from '../helpers/cli.js';
import { SCENARIO_FORMAT, commandLine, firstDifference, runScenario, steps, type Entry } from './output-scenario.mjs';

/**
 * Issue 11's safety net: every output of a long scenario (help, init, status/next/show/history in Japanese and
 * English, text and --json, done/expect/undo/profile/check/reveal, exports and their files, imports, refusals
 * with their exit codes, over weeks of pinned dates) must stay byte for byte what the program printed before the
 * speed work. The recording is test/fixtures/outputs/scenario.json, written by scripts/record-outputs.mjs from the
 * program as it was; this replays the same scenario against the build (or SEIKYU_OUTPUT_BIN, to prove it can fail)
 * and compares exit code, stdout, stderr and each file written.
 */

const overridden = process.env.SEIKYU_OUTPUT_BIN;
const bin = overridden ? path.resolve(overridden) : binFile;
const recordingFile = path.join(repoRoot, 'test', 'fixtures', 'outputs', 'scenario.json');
const recording = JSON.parse(readFileSync(recordingFile, 'utf8')) as { format: number; entries: Entry[] };
const groups = [...new Set(recording.entries.map((entry) => entry.group))];

let actual: Entry[] = [];

beforeAll(async () => {
  if (!overridden) requireBuild();
  // About 160 commands one after another (each waits for the previous record): minutes on a busy machine.
  actual = (await runScenario({ bin })).entries;
}, 1_800_000);

describe(`the outputs of ${path.relative(repoRoot, bin) || bin} are those recorded in ${path.relative(repoRoot, recordingFile)}`, () => {
  it('replays the scenario that was recorded (same format, same steps; else re-record)', () => {
    expect(recording.format, 'scenario.json format').toBe(SCENARIO_FORMAT);
    expect(recording.entries.length, 'entries recorded vs. steps in test/perf/output-scenario.mjs').toBe(steps.length);
    expect(actual.length, 'entries replayed').toBe(recording.entries.length);
  });

  for (const group of groups) {
    it(`${group}: each command's exit code, stdout and stderr, and each file written, byte for byte`, () => {
      const indexes = recording.entries.flatMap((entry, i) => (entry.group === group ? [i] : []));
      const differences = indexes.flatMap((i) => {
        const got = actual[i];
        if (!got) return [`${commandLine(recording.entries[i]!)}: not run (the replay ended early)`];
        const difference = firstDifference(recording.entries[i]!, got);
        return difference === null ? [] : [`#${i + 1} ${difference}`];
      });
      expect(indexes.length).toBeGreaterThan(0);
      expect(
        differences,
        `${differences.length} of ${indexes.length} entries of "${group}" differ from the recording. First:\n${differences[0] ?? ''}\n` +
          '(an output meant to change: re-record with `node scripts/record-outputs.mjs --bin bin/seikyu.js` and review the diff)',
      ).toEqual([]);
    });
  }
});
