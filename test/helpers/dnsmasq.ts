import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolverWithServers } from '../../src/effects/checks/dns.js';

/**
 * A real DNS server for tests: Debian's dnsmasq on 127.0.0.1 and a free high port, answering only the names it
 * is given (`--host-record`) and NXDOMAIN for every other (`--address=/#/`), with no upstream and no hosts file.
 * Started and stopped by the test that uses it, by PID.
 */

export const DNSMASQ = '/usr/sbin/dnsmasq';

export interface DnsRecord {
  name: string;
  /** IPv4 and/or IPv6 addresses; a name with only IPv4 answers AAAA with no data (ENODATA). */
  addresses: string[];
}

export interface RunningDnsmasq {
  /** `127.0.0.1:PORT`, for `resolverWithServers`. */
  server: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Whether the dnsmasq tests can run. Missing outside CI: skipped, with a line in the run saying why. Missing in
 * CI: a failure, since CI installs it (`dnsmasq-base`) and a silent skip would hide a broken setup.
 */
export function dnsmasqAvailable(): boolean {
  if (existsSync(DNSMASQ)) return true;
  const reason = `${DNSMASQ} is missing (Debian package dnsmasq-base)`;
  if (process.env['CI']) throw new Error(`${reason}: CI must install it, the DNS tests cannot be skipped there.`);
  console.warn(`[skipped] DNS tests against a real dnsmasq: ${reason}.`);
  return false;
}

/** A port free on 127.0.0.1 for TCP right now (dnsmasq listens on UDP and TCP at the same number). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

async function startOnce(records: readonly DnsRecord[], port: number): Promise<RunningDnsmasq> {
  const args = [
    '--no-daemon',
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    '--no-resolv',
    '--no-hosts',
    '--conf-file=/dev/null',
    '--pid-file=',
    ...records.map((r) => `--host-record=${[r.name, ...r.addresses].join(',')}`),
    // Every other name does not exist: NXDOMAIN, as from a DNS server that does not know the closed network.
    '--address=/#/',
  ];
  const child = spawn(DNSMASQ, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  // Ready when it answers: ask for a name it does not know until NXDOMAIN comes back (or it died).
  const resolver = resolverWithServers([`127.0.0.1:${port}`]);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const answer = await resolver.lookup('ready.invalid', { timeoutMs: 200 });
    if (answer.kind === 'error' && answer.code === 'ENOTFOUND') return { server: `127.0.0.1:${port}`, port, pid: child.pid!, stop };
  }
  await stop();
  throw new Error(`dnsmasq did not answer on 127.0.0.1:${port}: ${log.trim().split('\n').slice(-2).join(' / ')}`);
}

/** Starts dnsmasq with the records; retries on another port if the chosen one was taken meanwhile. */
export async function startDnsmasq(records: readonly DnsRecord[]): Promise<RunningDnsmasq> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(records, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
