import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcscPort, type PcscListing } from '../../../src/effects/checks/pcsc.js';
import { createReaderChecks } from '../../../src/effects/checks/reader.js';
import { commandRunner } from '../../../src/effects/checks/system.js';
import type { CheckPorts, CheckResult, CommandRunner, PcscOutcome, PcscPort } from '../../../src/effects/checks/types.js';
import { translator } from '../../../src/i18n/index.js';
import { missingPcscStack, PcscdStack, SECOND_VIRTUAL_READER, VICC_ATR, VIRTUAL_READER } from '../../helpers/pcscd.js';

/**
 * The PC/SC port and the `reader-detected` check against a real pcscd with the virtual readers and the vicc card
 * emulator. One file on purpose: only one pcscd can run on a machine. The tests run in order and share the
 * stack: readers without a card, the card inserted, the card removed, then pcscd stopped.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function pcscliteLoads(): Promise<string | null> {
  try {
    await import('pcsclite');
    return null;
  } catch (error) {
    return `pcsclite that loads in this Node (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

const addon = await pcscliteLoads();
const missing = [...missingPcscStack(), ...[addon].filter((m): m is string => m !== null)];
const inCi = Boolean(process.env.CI);
// pcsclite does not build on Node 24 and later: there the program runs without it (the PowerShell fallback and the
// sentence that says what is missing are tested in reader.test.ts), so its absence is expected, in CI too.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const unsupportedNode = addon !== null && nodeMajor >= 24;
const skip = missing.length > 0 && (!inCi || unsupportedNode);
if (skip) {
  const why = unsupportedNode ? `pcsclite does not load on Node ${nodeMajor} (expected: it does not build there): ${addon}` : `the real PC/SC stack is missing here: ${missing.join('; ')}. (In CI this fails instead.)`;
  console.warn(`SKIPPED test/effects/checks/pcsc-real.test.ts: ${why}`);
}

/** The real runner, for the port's child process only: the test fails if the port falls back to PowerShell. */
const childOnly: CommandRunner = {
  run: (file, args, options) => (file === process.execPath ? commandRunner.run(file, args, options) : Promise.reject(new Error(`unexpected command ${file}: pcsclite should have been used`))),
};

const stack = new PcscdStack();
const port = pcscPort({ platform: 'linux', runner: childOnly });
const LIST_TIMEOUT_MS = 5_000;

/** One listing, timed; the time is printed so CI logs show how long a real call takes. */
async function list(label: string, through: PcscPort = port): Promise<PcscOutcome> {
  const started = performance.now();
  const outcome = await through.listReaders({ timeoutMs: LIST_TIMEOUT_MS });
  console.log(`listReaders (${label}): ${(performance.now() - started).toFixed(1)} ms → ${outcome.kind}`);
  return outcome;
}

function listed(outcome: PcscOutcome): PcscListing {
  if (outcome.kind !== 'listed') throw new Error(`expected a listing, got ${JSON.stringify(outcome)}\npcscd log:\n${stack.log()}`);
  return outcome;
}

/** The check as the CLI builds it, with the real port; every other port is unused by it. */
async function runCheck(): Promise<CheckResult> {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used by reader-detected')) });
  const ports = { platform: 'linux', env: {}, runner: childOnly, fs: unused, zip: unused, resolver: unused, tls: unused, pcsc: port, clock: unused } as unknown as CheckPorts;
  const [check] = createReaderChecks(ports);
  const started = performance.now();
  const outcome = await check!.run({ step: 'reader-detected', terminal: '端末1', profile: {} as never, inputs: {}, recorded: () => null }, new AbortController().signal);
  console.log(`reader-detected: ${(performance.now() - started).toFixed(1)} ms → ${outcome.outcome} ${outcome.reason}`);
  return outcome;
}

describe.skipIf(skip)('the PC/SC port on a real pcscd with the virtual reader', () => {
  beforeAll(async () => {
    if (missing.length > 0) return;
    await stack.startPcscd();
  });

  afterAll(async () => {
    await stack.stop();
  });

  it('has pcscd, the virtual reader, vicc and a loadable pcsclite on this machine (CI must install them)', () => {
    expect(missing).toEqual([]);
  });

  it('lists both virtual readers, with no ATR while no card is inserted', async () => {
    const outcome = listed(await list('no card'));
    expect(outcome.readers).toEqual([
      { name: VIRTUAL_READER, atr: null, card: 'absent' },
      { name: SECOND_VIRTUAL_READER, atr: null, card: 'absent' },
    ]);
    const result = await runCheck();
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.reader-detected.no-card', evidence: { readers: `${VIRTUAL_READER}, ${SECOND_VIRTUAL_READER}` } });
    expect(result.facts).toEqual({ reader: VIRTUAL_READER });
  });

  it('reads the ATR of the card vicc inserts, in lower-case hex', async () => {
    await stack.insertCard();
    const outcome = listed(await list('card inserted'));
    expect(outcome.readers.find((reader) => reader.name === VIRTUAL_READER)).toEqual({ name: VIRTUAL_READER, atr: VICC_ATR, card: 'read' });
    expect(outcome.readers.find((reader) => reader.name === SECOND_VIRTUAL_READER)?.atr).toBeNull();
    const result = await runCheck();
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.reader-detected.card-read', evidence: { atr: VICC_ATR }, facts: { reader: VIRTUAL_READER, atr: VICC_ATR } });
    expect(translator('ja')(result.reason, result.evidence)).toContain('カードを読み取りました');
  });

  it('answers two calls in a row and two at once, each with the card', async () => {
    const first = listed(await list('first of two in a row'));
    const second = listed(await list('second of two in a row'));
    const together = (await Promise.all([list('concurrent A'), list('concurrent B')])).map(listed);
    for (const outcome of [first, second, ...together]) {
      expect(outcome.readers.find((reader) => reader.name === VIRTUAL_READER)?.atr).toBe(VICC_ATR);
    }
  });

  it('shows no ATR once the card is removed', async () => {
    await stack.removeCard();
    const outcome = listed(await list('card removed'));
    expect(outcome.readers.map((reader) => reader.atr)).toEqual([null, null]);
    expect((await runCheck()).reason).toBe('check.reader-detected.no-card');
  });

  it('lets a process that used the port exit by itself within a second (no handle left open)', async () => {
    await stack.insertCard();
    const timing = await runChild();
    console.log(`child: listReaders ${timing.listMs.toFixed(1)} ms, exit ${timing.exitAfterMs.toFixed(1)} ms after its answer`);
    expect(timing.outcome).toMatchObject({ kind: 'listed' });
    expect(timing.exitAfterMs).toBeLessThan(1_000);
    await stack.removeCard();
  });

  it('keeps answering after more listings than pcscd allows contexts (what pcsclite leaks ends with its child)', async () => {
    // pcsclite leaves about one context open per listing; in one process, the 10th listing against a pcscd
    // limited to 12 contexts froze the process. Each listing runs in its own child, so none is left over.
    await stack.stopPcscd();
    await stack.startPcscd({ maxContexts: 12 });
    const kinds: string[] = [];
    for (let i = 0; i < 15; i++) kinds.push((await list(`listing ${i + 1} of 15, pcscd limited to 12 contexts`)).kind);
    expect(kinds).toEqual(Array(15).fill('listed'));
  });

  it('says the PC/SC service is not running once pcscd is stopped', async () => {
    await stack.stopPcscd();
    const outcome = await list('pcscd stopped');
    expect(outcome.kind).toBe('no-service');
    if (outcome.kind === 'no-service') expect(outcome.message).toMatch(/SCardEstablishContext.*0x8010001d/i);
    const result = await runCheck();
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.reader-detected.no-service', fix: 'check.reader-detected.no-service.fix' });
    expect(translator('ja')(result.reason, result.evidence)).toBe('PC/SC サービス（pcscd）が動いていないため、カードリーダーを使えません。');
    expect(translator('ja')(result.fix!, result.evidence)).toContain('sudo systemctl start pcscd');
  });
});

interface ChildTiming {
  outcome: unknown;
  listMs: number;
  /** From the child's answer on stdout to its exit. */
  exitAfterMs: number;
}

/**
 * Runs the port in a fresh Node process and measures how long it lives after answering. pcsc.ts and system.ts
 * (the real runner) have no relative run-time imports, so each is transpiled alone; they are written under
 * node_modules/.cache so that execa and pcsclite resolve as they do for the program.
 */
async function runChild(): Promise<ChildTiming> {
  const cache = path.join(root, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(path.join(cache, 'seikyu-pcsc-child-'));
  try {
    for (const name of ['pcsc', 'system']) {
      const source = await readFile(path.join(root, `src/effects/checks/${name}.ts`), 'utf8');
      const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } });
      await writeFile(path.join(dir, `${name}.mjs`), outputText);
    }
    await writeFile(
      path.join(dir, 'child.mjs'),
      [
        "import { pcscPort } from './pcsc.mjs';",
        "import { commandRunner } from './system.mjs';",
        'const started = performance.now();',
        "const outcome = await pcscPort({ platform: 'linux', runner: commandRunner }).listReaders({ timeoutMs: 5000 });",
        'process.stdout.write(JSON.stringify({ outcome, listMs: performance.now() - started }) + "\\n");',
      ].join('\n'),
    );
    return await new Promise<ChildTiming>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(dir, 'child.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let answeredAt: number | null = null;
      // A child that hangs is the failure this test looks for: kill it and say so rather than wait forever.
      const hang = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the child did not exit within 10 s (answered: ${answeredAt !== null}); stdout: ${stdout} stderr: ${stderr}`));
      }, 10_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (answeredAt === null && stdout.includes('\n')) answeredAt = performance.now();
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('exit', (code) => {
        clearTimeout(hang);
        if (code !== 0 || answeredAt === null) return reject(new Error(`the child exited with ${code}: ${stderr}`));
        const answer = JSON.parse(stdout) as { outcome: unknown; listMs: number };
        resolve({ outcome: answer.outcome, listMs: answer.listMs, exitAfterMs: performance.now() - answeredAt });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
