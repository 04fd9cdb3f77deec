import { createCertificateChecks } from './certificate.js';
import { createFileChecks } from './files.js';
import { createNetworkChecks } from './network.js';
import { createReaderChecks } from './reader.js';
import type { Check, CheckPorts } from './types.js';

/** Every check, by the step it verifies. */
export function createChecks(ports: CheckPorts): Map<string, Check> {
  const all = [...createFileChecks(ports), ...createCertificateChecks(ports), ...createNetworkChecks(ports), ...createReaderChecks(ports)];
  return new Map(all.map((check) => [check.step, check]));
}
