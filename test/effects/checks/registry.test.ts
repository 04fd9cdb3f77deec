import { describe, expect, it } from 'vitest';
import { createChecks } from '../../../src/effects/checks/index.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import { commandRunner, decodeOutput } from '../../../src/effects/checks/system.js';
import { realPorts } from '../../../src/effects/checks/ports.js';
import { result, type Check, type CheckRequest } from '../../../src/effects/checks/types.js';
import { loadProcedure } from '../../../src/effects/procedure-loader.js';
import { checkEn, checkJa } from '../../../src/i18n/checks/index.js';
import { makeProfile } from '../../helpers/scenario.js';

/** The registry, the runner's limits and the real command runner: what every check stands on. */

const clock = { now: () => new Date('2026-11-30T03:00:00Z') };

describe('the checks registry', () => {
  it('has a check for every step of kind check in the procedure, and none for another step', () => {
    const checks = createChecks(realPorts(clock, {}));
    const checkSteps = loadProcedure().steps.filter((s) => s.kind.includes('check')).map((s) => s.id);
    expect([...checks.keys()].sort()).toEqual([...checkSteps].sort());
    for (const [step, check] of checks) {
      expect(check.step).toBe(step);
      expect(check.timeoutMs).toBeGreaterThan(0);
      expect(check.timeoutMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('has every check sentence in both languages, and every fix key beside a sentence', () => {
    expect(Object.keys(checkEn).sort()).toEqual(Object.keys(checkJa).sort());
    for (const key of Object.keys(checkJa).filter((k) => k.endsWith('.fix'))) expect(Object.hasOwn(checkJa, key.slice(0, -'.fix'.length)), key).toBe(true);
  });
});

const request: CheckRequest = { step: 'net-config', terminal: '端末1', profile: makeProfile(), inputs: {}, recorded: () => null };

describe('running one check', () => {
  it('turns a check that overruns its time limit into cannot-run, and tells it to stop', async () => {
    let aborted = false;
    const slow: Check = {
      step: 'net-config',
      timeoutMs: 50,
      needsInputs: [],
      run: (_request, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve(result('passed', 'check.timeout'));
          });
        }),
    };
    const outcome = await runCheck(slow, request);
    expect(outcome).toMatchObject({ outcome: 'cannot-run', reason: 'check.timeout', evidence: { seconds: '0.1' }, fix: 'check.timeout.fix' });
    expect(aborted).toBe(true);
  });

  it('turns a check that throws into cannot-run with the first line of its message, never failed', async () => {
    const broken: Check = { step: 'net-config', timeoutMs: 1000, needsInputs: [], run: async () => Promise.reject(new Error('boom\n    at somewhere.js:1:1')) };
    expect(await runCheck(broken, request)).toMatchObject({ outcome: 'cannot-run', reason: 'check.crashed', evidence: { message: 'boom' } });
  });

  it('says which input is missing instead of running a check without it', async () => {
    let ran = false;
    const needsFolder: Check = { step: 'setup-manual', timeoutMs: 1000, needsInputs: ['folder'], run: async () => ((ran = true), result('passed', 'check.timeout')) };
    expect(await runCheck(needsFolder, { ...request, step: 'setup-manual', terminal: null })).toMatchObject({ outcome: 'cannot-run', reason: 'check.input-missing', evidence: { input: 'folder', step: 'setup-manual' } });
    expect(ran).toBe(false);
  });
});

describe('the real command runner', () => {
  it('runs a program with an argument array (no shell) and gives its exit code and output', async () => {
    const outcome = await commandRunner.run(process.execPath, ['-e', 'process.stdout.write("a b;c $HOME"); process.exit(3)']);
    expect(outcome).toEqual({ kind: 'exited', exitCode: 3, stdout: 'a b;c $HOME', stderr: '' });
  });

  it('tells a missing program apart, and stops one past its time limit', async () => {
    expect(await commandRunner.run('seikyu-no-such-program', [])).toEqual({ kind: 'missing' });
    expect(await commandRunner.run(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { timeoutMs: 200 })).toEqual({ kind: 'timeout' });
  });

  it('decodes CP932 (cmd on Japanese Windows) and UTF-16LE with its byte-order mark (PowerShell redirects)', () => {
    // 「接続されていません。」 as rasdial prints it on a Japanese Windows, in Shift_JIS bytes.
    const cp932 = Buffer.from('90da91b182b382ea82c482a282dc82b982f18142', 'hex');
    expect(decodeOutput(cp932, 'cp932')).toBe('接続されていません。');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('イーサネット\r\n', 'utf16le')]);
    expect(decodeOutput(utf16, 'utf16le')).toBe('イーサネット\r\n');
  });
});
