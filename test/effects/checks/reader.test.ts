import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { childProgram, NO_GET_PNPDEVICE_EXIT, pcscPort, windowsReadersCommand } from '../../../src/effects/checks/pcsc.js';
import { createReaderChecks, READER_DETECTED_TIMEOUT_MS } from '../../../src/effects/checks/reader.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import { commandRunner, decodeOutput } from '../../../src/effects/checks/system.js';
import type { CheckPorts, CheckResult, CommandOutcome, CommandRunner, OutputEncoding, PcscOutcome, PcscPort } from '../../../src/effects/checks/types.js';
import * as readerMessages from '../../../src/i18n/checks/reader.js';
import { catalogs, translator } from '../../../src/i18n/index.js';

/**
 * `reader-detected` through fake ports (its verdict on each thing the PC/SC port can say), the port's Windows
 * fallback on recorded `Get-PnpDevice … | ConvertTo-Json` output through a runner that expects exact argv, the
 * port without pcsclite on Linux and macOS, and the port's pcsclite handling on a scripted pcsclite for what the
 * real pcscd (test/effects/checks/pcsc-real.test.ts) cannot produce: a mute card, a silent service.
 */

const fixtures = fileURLToPath(new URL('../../fixtures/checks/reader/', import.meta.url));
const ja = translator('ja');
const en = translator('en');

/** Every result a test produced, so the last test can check all their sentences in both languages. */
const seen: CheckResult[] = [];

// ---- Fakes -------------------------------------------------------------------------------------------------------

interface Expected {
  file: string;
  args: readonly string[];
  outcome: CommandOutcome;
}

/** A runner that expects exact calls in order and answers each with recorded output. */
class FakeRunner implements CommandRunner {
  private readonly expected: Expected[] = [];
  readonly calls: { file: string; args: readonly string[]; encoding: OutputEncoding | undefined }[] = [];

  expect(file: string, args: readonly string[], outcome: CommandOutcome): this {
    this.expected.push({ file, args, outcome });
    return this;
  }

  async run(file: string, args: readonly string[], options: { encoding?: OutputEncoding } = {}): Promise<CommandOutcome> {
    this.calls.push({ file, args, encoding: options.encoding });
    const next = this.expected.shift();
    if (!next) throw new Error(`unexpected command: ${file} ${args.join(' ')}`);
    expect({ file, args }).toEqual({ file: next.file, args: next.args });
    return next.outcome;
  }

  /** Every expected call was made. */
  done(): void {
    expect(this.expected.map(({ file, args }) => `${file} ${args.join(' ')}`)).toEqual([]);
  }
}

/** A recorded output file, decoded the way the real runner decodes PowerShell's UTF-8 (the BOM dropped). */
async function recorded(name: string, exitCode = 0): Promise<CommandOutcome> {
  const bytes = await readFile(`${fixtures}${name}`);
  return { kind: 'exited', exitCode, stdout: decodeOutput(bytes, 'utf8'), stderr: '' };
}

const noCommands: CommandRunner = { run: (file) => Promise.reject(new Error(`unexpected command ${file}`)) };

/** The ports of the check: only `pcsc` and `platform` are read; any other use fails the test. */
function portsWith(pcsc: PcscPort, platform: NodeJS.Platform = 'linux'): CheckPorts {
  const unused = new Proxy({}, { get: (_, name) => () => Promise.reject(new Error(`reader-detected used ${String(name)}`)) });
  return { platform, env: {}, runner: noCommands, fs: unused, zip: unused, resolver: unused, tls: unused, pcsc, clock: unused } as unknown as CheckPorts;
}

/** A port that answers with `outcome` and records the deadline it was given. */
function answering(outcome: PcscOutcome): PcscPort & { timeouts: number[] } {
  const timeouts: number[] = [];
  return { timeouts, listReaders: async ({ timeoutMs }) => (timeouts.push(timeoutMs), outcome) };
}

const request = { step: 'reader-detected', terminal: '受付PC', profile: {} as never, inputs: {}, recorded: () => null };

/** Runs the check the way the app does (through runCheck, with its time limit) and keeps the result. */
async function check(pcsc: PcscPort, platform: NodeJS.Platform = 'linux'): Promise<CheckResult> {
  const [readerDetected] = createReaderChecks(portsWith(pcsc, platform));
  const result = await runCheck(readerDetected!, request);
  seen.push(result);
  return result;
}

/** A port without pcsclite: the loader fails the way a missing optional package does. */
function withoutPcsclite(platform: NodeJS.Platform, runner: CommandRunner = noCommands): PcscPort {
  const missingPackage = 'seikyu-test-no-such-package';
  return pcscPort({ platform, runner, load: () => import(missingPackage) });
}

// ---- A scripted pcsclite -----------------------------------------------------------------------------------------

const PRESENT = 0x20;
const MUTE = 0x200;
const EMPTY = 0x10;

interface Script {
  /** The constructor throws this (the service is not running). */
  throws?: string;
  /** The first list: reader names, an error message, or 'never' (the list thread hangs). */
  list: string[] | { error: string } | 'never';
  /** Each reader's first status; a reader without one never reports. */
  statuses?: Record<string, { state: number; atr?: Buffer }>;
}

class ScriptedReader extends EventEmitter {
  readonly SCARD_STATE_PRESENT = PRESENT;
  readonly SCARD_STATE_MUTE = MUTE;
  closed = false;
  /** It reported a status (a reader that never did has a stuck thread, which the port must not join). */
  reported = false;
  constructor(readonly name: string) {
    super();
  }
  close(): void {
    this.closed = true;
    // As pcsclite does, a moment later: without a listener this would be an uncaught error failing the run.
    setImmediate(() => this.emit('error', new Error('SCardGetStatusChange error: Command cancelled.(0x80100002)')));
  }
}

class ScriptedContext extends EventEmitter {
  readers: Record<string, ScriptedReader> = {};
  closed = false;
  started = false;
  start(callback: (error: Error | undefined, names: Buffer) => void): void {
    this.started = true;
    this.onStart(callback);
  }
  onStart: (callback: (error: Error | undefined, names: Buffer) => void) => void = () => {};
  close(): void {
    this.closed = true;
    setImmediate(() => this.emit('error', new Error('SCardGetStatusChange error: Command cancelled.(0x80100002)')));
  }
}

/** A stand-in for `require('pcsclite')` that behaves like lib/pcsclite.js 1.0.1 does, as far as `script` goes. */
function scriptedPcsclite(script: Script): { load: () => Promise<unknown>; contexts: ScriptedContext[] } {
  const contexts: ScriptedContext[] = [];
  const factory = () => {
    if (script.throws) throw new Error(script.throws);
    const context = new ScriptedContext();
    contexts.push(context);
    context.onStart = (callback) => {
      if (script.list === 'never') return;
      const list = script.list;
      setImmediate(() => {
        if ('error' in list) return callback(new Error(list.error), Buffer.alloc(0));
        callback(undefined, Buffer.from(list.map((name) => `${name}\0`).join('') + '\0'));
      });
    };
    // The module's own start callback: turns the names into readers, each with a status thread.
    const start = (error: Error | undefined) => {
      if (error) return context.emit('error', error);
      for (const name of Array.isArray(script.list) ? script.list : []) {
        const reader = new ScriptedReader(name);
        context.readers[name] = reader;
        const status = script.statuses?.[name];
        if (status) {
          setImmediate(() => {
            reader.reported = true;
            reader.emit('status', status);
          });
        }
        context.emit('reader', reader);
      }
    };
    process.nextTick(() => context.start(start));
    return context;
  };
  return { load: async () => ({ default: factory }), contexts };
}

// ---- The check on what the port says ------------------------------------------------------------------------------

describe('reader-detected on what the PC/SC port says', () => {
  it('is a check of each 資格確認端末 that needs no input and gives the port less time than itself', async () => {
    const port = answering({ kind: 'listed', readers: [] });
    const [readerDetected] = createReaderChecks(portsWith(port));
    expect(readerDetected).toMatchObject({ step: 'reader-detected', timeoutMs: 10_000, needsInputs: [] });
    expect(READER_DETECTED_TIMEOUT_MS).toBe(10_000);
    await check(port);
    expect(port.timeouts[0]).toBeLessThan(READER_DETECTED_TIMEOUT_MS);
  });

  it('passes with the card read, recording the reader and the ATR', async () => {
    const result = await check(answering({ kind: 'listed', readers: [{ name: 'FUJITSU Caora Reader 0', atr: '3b8f8001804f0ca0000003060300030000000068' }] }));
    expect(result).toEqual({
      outcome: 'passed',
      reason: 'check.reader-detected.card-read',
      fix: null,
      evidence: { readers: 'FUJITSU Caora Reader 0', atr: '3b8f8001804f0ca0000003060300030000000068' },
      facts: { reader: 'FUJITSU Caora Reader 0', atr: '3b8f8001804f0ca0000003060300030000000068' },
    });
    expect(ja(result.reason, result.evidence)).toBe('カードリーダー「FUJITSU Caora Reader 0」を確認し、挿さっているカードを読み取りました。');
  });

  it('records the reader that holds the card when several are connected', async () => {
    const result = await check(
      answering({
        kind: 'listed',
        readers: [
          { name: 'Reader A', atr: null },
          { name: 'Reader B', atr: '3b951381018073ff01000b' },
        ],
      }),
    );
    expect(result.evidence).toEqual({ readers: 'Reader A, Reader B', atr: '3b951381018073ff01000b' });
    expect(result.facts).toEqual({ reader: 'Reader B', atr: '3b951381018073ff01000b' });
  });

  it('passes for the reader alone when no card is inserted, saying the card was not read', async () => {
    const result = await check(answering({ kind: 'listed', readers: [{ name: 'Reader A', atr: null }] }));
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.reader-detected.no-card', evidence: { readers: 'Reader A' }, facts: { reader: 'Reader A' } });
    expect(result.evidence).not.toHaveProperty('atr');
    expect(ja(result.reason, result.evidence)).toContain('カードの読み取りは確かめていません');
  });

  it('fails when no reader is connected, saying to plug it in and check the software', async () => {
    const result = await check(answering({ kind: 'listed', readers: [] }));
    expect(result).toEqual({ outcome: 'failed', reason: 'check.reader-detected.none', fix: 'check.reader-detected.none.fix', evidence: {}, facts: {} });
    expect(ja(result.fix!, result.evidence)).toContain('USB ケーブル');
  });

  it('fails when pcscd is not running on Linux, saying how to start it', async () => {
    const message = 'SCardEstablishContext error: Service not available.(0x8010001d)';
    const result = await check(answering({ kind: 'no-service', message }));
    expect(result).toEqual({ outcome: 'failed', reason: 'check.reader-detected.no-service', fix: 'check.reader-detected.no-service.fix', evidence: { message }, facts: {} });
    expect(ja(result.fix!, result.evidence)).toContain('sudo systemctl start pcscd');
  });

  it('fails when the Smart Card service is not running on Windows, naming SCardSvr', async () => {
    const result = await check(answering({ kind: 'no-service', message: 'SCardEstablishContext error: Smart Card Resource Manager は実行されていません。(0x8010001d)' }), 'win32');
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.reader-detected.no-service-windows', fix: 'check.reader-detected.no-service-windows.fix' });
    expect(ja(result.reason, result.evidence)).toContain('SCardSvr');
    expect(ja(result.fix!, result.evidence)).toContain('「Smart Card」を開始');
  });

  it('fails on macOS with its own words when PC/SC does not answer', async () => {
    const result = await check(answering({ kind: 'no-service', message: 'SCardEstablishContext error: Service not available.(0x8010001d)' }), 'darwin');
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.reader-detected.no-service-macos' });
  });

  it('cannot run when PC/SC reports another error, keeping its message', async () => {
    const result = await check(answering({ kind: 'error', message: 'SCardListReaders error: Internal error.(0x80100001)' }));
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.reader-detected.error', evidence: { message: 'SCardListReaders error: Internal error.(0x80100001)' } });
    // The sentence reads alone; the message is shown under it as evidence.
    expect(ja(result.reason, result.evidence)).toBe('カードリーダーの一覧を読み取れませんでした。');
  });

  it('keeps a very long reader list short enough to be saved', async () => {
    const readers = Array.from({ length: 100 }, (_, i) => ({ name: `Virtual reader with a long name number ${i}`, atr: null }));
    const result = await check(answering({ kind: 'listed', readers }));
    expect(result.evidence.readers!.length).toBeLessThanOrEqual(1_000);
    expect(result.evidence.readers!.endsWith('…')).toBe(true);
  });
});

// ---- Without pcsclite ----------------------------------------------------------------------------------------------

describe('the PC/SC port when pcsclite cannot be loaded', () => {
  it('on Linux says the package is missing and how to install PC/SC, and the check cannot run', async () => {
    const outcome = await withoutPcsclite('linux').listReaders({ timeoutMs: 1_000 });
    expect(outcome.kind).toBe('unavailable');
    if (outcome.kind !== 'unavailable') return;
    expect(outcome.message).toMatch(/^the optional package pcsclite is not installed \(.*seikyu-test-no-such-package.*\)\./);
    expect(outcome.message).toContain('sudo apt install pcscd libpcsclite-dev build-essential python3');
    const result = await check(withoutPcsclite('linux'));
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.reader-detected.unavailable-linux', fix: 'check.reader-detected.unavailable-linux.fix', evidence: { message: outcome.message } });
    expect(ja(result.reason, result.evidence)).toBe('カードリーダーを扱う PC/SC のライブラリを読み込めないため、このパソコンでは確認できません。');
  });

  it('on macOS says PC/SC is built in and the addon needs the Xcode command line tools', async () => {
    const outcome = await withoutPcsclite('darwin').listReaders({ timeoutMs: 1_000 });
    expect(outcome).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('xcode-select --install') });
    expect(await check(withoutPcsclite('darwin'), 'darwin')).toMatchObject({ outcome: 'cannot-run', reason: 'check.reader-detected.unavailable-macos' });
  });

  it('names a build for another Node.js version as such', async () => {
    const error = new Error('The module \'/x/pcsclite.node\'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137.');
    const outcome = await pcscPort({ platform: 'linux', runner: noCommands, load: () => Promise.reject(error) }).listReaders({ timeoutMs: 1_000 });
    expect(outcome).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/^pcsclite was built for another Node.js version/) });
    // What Node v24.22.3 said here when loading the addon built for Node 20.
    const node24 = new Error("Module did not self-register: '/work/main/node_modules/pcsclite/build/Release/pcsclite.node'.");
    const onNode24 = await pcscPort({ platform: 'linux', runner: noCommands, load: () => Promise.reject(node24) }).listReaders({ timeoutMs: 1_000 });
    expect(onNode24).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/^pcsclite was built for another Node.js version \(Module did not self-register/) });
    expect(onNode24).toMatchObject({ message: expect.stringContaining('use Node.js 20 or 22') });
  });

  it('treats a module without its factory as not loaded', async () => {
    const outcome = await pcscPort({ platform: 'freebsd', runner: noCommands, load: async () => ({ default: 42 }) }).listReaders({ timeoutMs: 1_000 });
    expect(outcome).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('does not export its factory') });
    expect(await check(answering(outcome), 'freebsd')).toMatchObject({ outcome: 'cannot-run', reason: 'check.reader-detected.unavailable' });
  });

  it('tries to load pcsclite once per port, not on every call', async () => {
    let loads = 0;
    const port = pcscPort({ platform: 'linux', runner: noCommands, load: () => (loads++, Promise.reject(new Error('no'))) });
    await port.listReaders({ timeoutMs: 1_000 });
    await port.listReaders({ timeoutMs: 1_000 });
    expect(loads).toBe(1);
  });
});

describe('the PC/SC port on Windows without pcsclite (Get-PnpDevice)', () => {
  const { file, args } = windowsReadersCommand();

  it('runs Windows PowerShell with the UTF-8 prefix, the reader class and JSON, never through a shell', () => {
    expect(file).toBe('powershell.exe');
    expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(args[3]).toMatch(/^\[Console\]::OutputEncoding=\[Text\.Encoding\]::UTF8;/);
    expect(args[3]).toContain('Get-PnpDevice -Class SmartCardReader -PresentOnly -ErrorAction SilentlyContinue | Select-Object FriendlyName,Status,InstanceId | ConvertTo-Json');
    expect(args[3]).toContain(`exit ${NO_GET_PNPDEVICE_EXIT}`);
  });

  it('on recorded Windows output with one reader (a single object) passes, saying the card was not read without PC/SC', async () => {
    const runner = new FakeRunner().expect(file, args, await recorded('get-pnpdevice-one.json'));
    const outcome = await withoutPcsclite('win32', runner).listReaders({ timeoutMs: 5_000 });
    expect(outcome).toEqual({ kind: 'listed', via: 'windows-devices', readers: [{ name: 'Microsoft Usbccid Smartcard Reader (WUDF)', atr: null, card: 'unknown' }], troubled: [] });
    expect(runner.calls[0]!.encoding).toBe('utf8');
    runner.done();

    const again = new FakeRunner().expect(file, args, await recorded('get-pnpdevice-one.json'));
    const result = await check(withoutPcsclite('win32', again), 'win32');
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.reader-detected.listed-without-pcsc', facts: { reader: 'Microsoft Usbccid Smartcard Reader (WUDF)' } });
    expect(result.evidence).not.toHaveProperty('atr');
    expect(ja(result.reason, result.evidence)).toBe(
      'カードリーダー「Microsoft Usbccid Smartcard Reader (WUDF)」がつながっていることを確認しました（PC/SC を使えないため、カードの読み取りは確かめていません）。',
    );
    again.done();
  });

  it('on recorded Windows output with two readers (an array, one with a Japanese name) lists both', async () => {
    const runner = new FakeRunner().expect(file, args, await recorded('get-pnpdevice-two.json'));
    const result = await check(withoutPcsclite('win32', runner), 'win32');
    expect(result).toMatchObject({
      outcome: 'passed',
      reason: 'check.reader-detected.listed-without-pcsc',
      evidence: { readers: 'Microsoft Usbccid Smartcard Reader (WUDF), 顔認証付きカードリーダー スマートカード リーダー' },
    });
    runner.done();
  });

  it('on recorded Windows output with no reader (empty output) fails as not connected', async () => {
    const runner = new FakeRunner().expect(file, args, await recorded('get-pnpdevice-none.txt'));
    expect(await check(withoutPcsclite('win32', runner), 'win32')).toMatchObject({ outcome: 'failed', reason: 'check.reader-detected.none' });
    runner.done();
  });

  it('on recorded Windows output with only Error and Unknown devices fails, naming them, as not usable', async () => {
    const runner = new FakeRunner().expect(file, args, await recorded('get-pnpdevice-problems.json'));
    const result = await check(withoutPcsclite('win32', runner), 'win32');
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: 'check.reader-detected.troubled',
      fix: 'check.reader-detected.troubled.fix',
      evidence: { devices: 'Microsoft Usbccid Smartcard Reader (WUDF) (Error), スマート カード読み取り装置 (Unknown)' },
    });
    expect(ja(result.fix!, result.evidence)).toContain('「スマート カード読み取り装置」');
    runner.done();
  });

  it('on recorded Windows output with one Error device and one working reader passes with the working one only', async () => {
    const runner = new FakeRunner().expect(file, args, await recorded('get-pnpdevice-mixed.json'));
    expect(await check(withoutPcsclite('win32', runner), 'win32')).toMatchObject({
      outcome: 'passed',
      evidence: { readers: 'Generic Smart Card Reader Interface' },
      facts: { reader: 'Generic Smart Card Reader Interface' },
    });
    runner.done();
  });

  it('says so when this PowerShell has no Get-PnpDevice, and the check cannot run', async () => {
    const runner = new FakeRunner().expect(file, args, { kind: 'exited', exitCode: NO_GET_PNPDEVICE_EXIT, stdout: '', stderr: '' });
    const outcome = await withoutPcsclite('win32', runner).listReaders({ timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('this PowerShell has no Get-PnpDevice') });
    expect(await check(answering(outcome), 'win32')).toMatchObject({ outcome: 'cannot-run', reason: 'check.reader-detected.unavailable-windows' });
    runner.done();
  });

  it('says so when powershell.exe is not there', async () => {
    const runner = new FakeRunner().expect(file, args, { kind: 'missing' });
    expect(await withoutPcsclite('win32', runner).listReaders({ timeoutMs: 5_000 })).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('powershell.exe was not found') });
    runner.done();
  });

  it('reports PowerShell output that is not JSON, and a failing PowerShell, as errors', async () => {
    const garbled = new FakeRunner().expect(file, args, { kind: 'exited', exitCode: 0, stdout: 'FriendlyName : Reader\r\n', stderr: '' });
    expect(await withoutPcsclite('win32', garbled).listReaders({ timeoutMs: 5_000 })).toEqual({ kind: 'error', message: 'PowerShell printed something that is not JSON: FriendlyName : Reader' });
    const failing = new FakeRunner().expect(file, args, { kind: 'exited', exitCode: 1, stdout: '', stderr: 'Get-PnpDevice : アクセスが拒否されました。\r\n' });
    expect(await withoutPcsclite('win32', failing).listReaders({ timeoutMs: 5_000 })).toEqual({ kind: 'error', message: 'PowerShell exited with code 1: Get-PnpDevice : アクセスが拒否されました。' });
    const slow = new FakeRunner().expect(file, args, { kind: 'timeout' });
    expect(await withoutPcsclite('win32', slow).listReaders({ timeoutMs: 5_000 })).toMatchObject({ kind: 'error', message: expect.stringContaining('within 5 s') });
    for (const runner of [garbled, failing, slow]) runner.done();
  });
});

// ---- The child process that runs pcsclite --------------------------------------------------------------------------

describe('the PC/SC port running pcsclite in a child process', () => {
  const moduleDir = path.dirname(fileURLToPath(new URL('../../../src/effects/checks/pcsc.ts', import.meta.url)));
  /** The exact call for a listing with 8 s: the child gets 1.5 s less for its own deadline (start-up). */
  const childCall = [process.execPath, ['-e', childProgram(), moduleDir, '6500']] as const;
  const answer = (value: unknown): CommandOutcome => ({ kind: 'exited', exitCode: 0, stdout: `${JSON.stringify(value)}\n`, stderr: '' });
  const notInstalled = { kind: 'load-failed', message: "Cannot find module 'pcsclite'\nRequire stack:\n- /app/[eval]", code: 'MODULE_NOT_FOUND' };

  it('runs this Node with the listing program and passes its answer on', async () => {
    const listing = { kind: 'listed', via: 'pcsc', readers: [{ name: 'Reader A', atr: '3b00', card: 'read' }] };
    const runner = new FakeRunner().expect(...childCall, answer(listing));
    expect(await pcscPort({ platform: 'linux', runner }).listReaders({ timeoutMs: 8_000 })).toEqual(listing);
    runner.done();
  });

  it('on Linux turns "pcsclite is not installed" in the child into the install advice, and asks the child only once', async () => {
    const runner = new FakeRunner().expect(...childCall, answer(notInstalled));
    const port = pcscPort({ platform: 'linux', runner });
    const first = await port.listReaders({ timeoutMs: 8_000 });
    expect(first).toEqual({
      kind: 'unavailable',
      message:
        "the optional package pcsclite is not installed (Cannot find module 'pcsclite' Require stack: - /app/[eval]). Install PC/SC and the build tools (Debian/Ubuntu: sudo apt install pcscd libpcsclite-dev build-essential python3), then reinstall seikyu so pcsclite is built.",
    });
    expect(await port.listReaders({ timeoutMs: 8_000 })).toEqual(first);
    runner.done();
  });

  it('on Windows falls back to Get-PnpDevice when the child cannot load pcsclite', async () => {
    const { file, args } = windowsReadersCommand();
    const runner = new FakeRunner().expect(...childCall, answer(notInstalled)).expect(file, args, await recorded('get-pnpdevice-one.json'));
    expect(await pcscPort({ platform: 'win32', runner }).listReaders({ timeoutMs: 8_000 })).toMatchObject({ kind: 'listed', via: 'windows-devices' });
    runner.done();
  });

  it('reports a child that dies without an answer (a crash in the native addon) or takes too long as an error', async () => {
    const crashed = new FakeRunner().expect(...childCall, { kind: 'exited', exitCode: 139, stdout: '', stderr: 'Segmentation fault\n' });
    expect(await pcscPort({ platform: 'linux', runner: crashed }).listReaders({ timeoutMs: 8_000 })).toEqual({
      kind: 'error',
      message: 'the PC/SC helper process ended with code 139 without an answer: Segmentation fault',
    });
    const slow = new FakeRunner().expect(...childCall, { kind: 'timeout' });
    expect(await pcscPort({ platform: 'linux', runner: slow }).listReaders({ timeoutMs: 8_000 })).toEqual({ kind: 'error', message: 'PC/SC did not answer within 8 s' });
    for (const runner of [crashed, slow]) runner.done();
  });

  it('has a listing program that runs in a real Node on its own and says when pcsclite cannot be found', async () => {
    const outcome = await commandRunner.run(process.execPath, ['-e', childProgram(), os.tmpdir(), '1000'], { encoding: 'utf8', timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 0, stderr: '' });
    if (outcome.kind !== 'exited') return;
    expect(JSON.parse(outcome.stdout)).toMatchObject({ kind: 'load-failed', code: 'MODULE_NOT_FOUND', message: expect.stringContaining("Cannot find module 'pcsclite'") });
  });
});

// ---- The pcsclite path on a scripted pcsclite ----------------------------------------------------------------------

describe('the PC/SC port with pcsclite, on a scripted pcsclite', () => {
  const contexts: ScriptedContext[] = [];
  afterEach(() => {
    // Whatever the answer, the port closed the context and every reader that reported; one that never did is
    // left alone (closing it would join a stuck thread).
    for (const context of contexts.splice(0)) {
      expect(context.closed).toBe(true);
      for (const reader of Object.values(context.readers)) expect(reader.closed, reader.name).toBe(reader.reported);
    }
  });

  function port(script: Script, platform: NodeJS.Platform = 'linux'): PcscPort {
    const scripted = scriptedPcsclite(script);
    const real = pcscPort({ platform, runner: noCommands, load: scripted.load });
    return {
      async listReaders(options) {
        const outcome = await real.listReaders(options);
        contexts.push(...scripted.contexts.splice(0));
        return outcome;
      },
    };
  }

  it('reports a card that is present but gives no ATR as unreadable, and the check still passes for the reader', async () => {
    const pcsc = port({ list: ['Reader A'], statuses: { 'Reader A': { state: PRESENT, atr: Buffer.alloc(0) } } });
    expect(await pcsc.listReaders({ timeoutMs: 2_000 })).toEqual({ kind: 'listed', via: 'pcsc', readers: [{ name: 'Reader A', atr: null, card: 'unreadable' }] });
    const result = await check(pcsc);
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.reader-detected.card-unreadable', evidence: { readers: 'Reader A' }, facts: { reader: 'Reader A' } });
    expect(ja(result.reason, result.evidence)).toContain('読み取れませんでした');
  });

  it('reports a mute card as unreadable even with stale ATR bytes', async () => {
    const pcsc = port({ list: ['Reader A'], statuses: { 'Reader A': { state: PRESENT | MUTE, atr: Buffer.from('3b00', 'hex') } } });
    expect(await pcsc.listReaders({ timeoutMs: 2_000 })).toMatchObject({ readers: [{ atr: null, card: 'unreadable' }] });
  });

  it('answers an empty list at once, without waiting for the deadline', async () => {
    const started = performance.now();
    expect(await port({ list: [] }).listReaders({ timeoutMs: 5_000 })).toEqual({ kind: 'listed', via: 'pcsc', readers: [] });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reads the ATR in lower-case hex and tells an empty reader apart', async () => {
    const pcsc = port({
      list: ['Reader A', 'Reader B'],
      statuses: { 'Reader A': { state: EMPTY, atr: Buffer.alloc(0) }, 'Reader B': { state: PRESENT, atr: Buffer.from('3B951381018073FF01000B', 'hex') } },
    });
    expect(await pcsc.listReaders({ timeoutMs: 2_000 })).toMatchObject({
      readers: [
        { name: 'Reader A', atr: null, card: 'absent' },
        { name: 'Reader B', atr: '3b951381018073ff01000b', card: 'read' },
      ],
    });
  });

  it('says the service is not running when establishing the context fails with 0x8010001d, in any language', async () => {
    const message = 'SCardEstablishContext error: Smart Card Resource Manager は実行されていません。(0x8010001d)';
    expect(await port({ throws: message, list: [] }, 'win32').listReaders({ timeoutMs: 2_000 })).toEqual({ kind: 'no-service', message });
  });

  it('reports another listing error as an error', async () => {
    const outcome = await port({ list: { error: 'SCardListReaders error: Internal error.(0x80100001)' } }).listReaders({ timeoutMs: 2_000 });
    expect(outcome).toEqual({ kind: 'error', message: 'SCardListReaders error: Internal error.(0x80100001)' });
  });

  it('gives up at its deadline when no list comes, and closes the context', async () => {
    expect(await port({ list: 'never' }).listReaders({ timeoutMs: 50 })).toEqual({ kind: 'error', message: 'PC/SC gave no list of readers within 0.1 s' });
  });

  it('at its deadline reports a reader whose status never came as unknown, and the check says so', async () => {
    const pcsc = port({ list: ['Reader A'] });
    expect(await pcsc.listReaders({ timeoutMs: 50 })).toEqual({ kind: 'listed', via: 'pcsc', readers: [{ name: 'Reader A', atr: null, card: 'unknown' }] });
    const outcome = await pcsc.listReaders({ timeoutMs: 50 });
    expect(await check(answering(outcome))).toMatchObject({ outcome: 'passed', reason: 'check.reader-detected.card-unknown' });
  });
});

// ---- The messages --------------------------------------------------------------------------------------------------

describe('the reader messages', () => {
  it('fill every placeholder of every sentence and fix the tests produced from the evidence, in Japanese and English', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const result of seen) {
      for (const key of [result.reason, result.fix].filter((k): k is NonNullable<typeof k> => k !== null)) {
        for (const [lang, t] of [['ja', ja], ['en', en]] as const) {
          const text = t(key, result.evidence);
          expect(text, `${lang} ${key}`).not.toMatch(/\{\w+\}/);
          expect(text, `${lang} ${key}`).not.toBe(key);
        }
      }
    }
  });

  it('has every sentence of reader-detected reached by some test (no dead message)', () => {
    const used = new Set(seen.flatMap((result) => [result.reason, result.fix]));
    const keys = Object.keys(readerMessages.ja).filter((key) => key.startsWith('check.reader-detected.'));
    expect(keys.filter((key) => !used.has(key as never)).sort()).toEqual([]);
    for (const key of keys) expect(catalogs.en[key as keyof typeof catalogs.en]).toBeTruthy();
  });

  it('labels every evidence name the check gives', () => {
    const names = new Set(seen.flatMap((result) => Object.keys(result.evidence)));
    for (const name of names) {
      expect(catalogs.ja).toHaveProperty([`evidence.${name}`]);
      expect(catalogs.en).toHaveProperty([`evidence.${name}`]);
    }
  });
});
