import type { Clock as AppClock } from '../clock.js';
import { localDay } from '../clock.js';
import { systemResolver } from './dns.js';
import { pcscPort } from './pcsc.js';
import { commandRunner, fileSystem, zipReader } from './system.js';
import { tlsConnector } from './tls.js';
import type { CheckPorts } from './types.js';

/** The real ports: this PC's commands, files, resolver, TLS stack and PC/SC service. */
export function realPorts(clock: AppClock, env: Readonly<Record<string, string | undefined>>): CheckPorts {
  return {
    platform: process.platform,
    env,
    runner: commandRunner,
    fs: fileSystem,
    zip: zipReader,
    resolver: systemResolver,
    tls: tlsConnector,
    pcsc: pcscPort({ platform: process.platform, runner: commandRunner }),
    clock: { now: () => clock.now(), today: () => localDay(clock.now()) },
  };
}
