import type { CheckMessageKey } from '../../i18n/checks/index.js';
import type { PcscListing, PcscReaderDetail } from './pcsc.js';
import type { Check, CheckPorts, CheckResult, PcscOutcome } from './types.js';
import { result } from './types.js';

/**
 * `reader-detected`: this PC sees a card reader through PC/SC, and reads the card's ATR when one is inserted.
 * It only lists readers and reads their status: it never connects to a card, sends it a command or changes a
 * setting, so it is safe to run at any time and twice.
 */

export const READER_DETECTED_TIMEOUT_MS = 10_000;
/** The port's own deadline, shorter than the check's: a slow PC/SC then answers with what it saw. */
const LIST_TIMEOUT_MS = 8_000;
/** Evidence values are kept in the document (at most 2,000 characters each). */
const MAX_EVIDENCE = 1_000;

export function createReaderChecks(ports: CheckPorts): Check[] {
  return [
    {
      step: 'reader-detected',
      timeoutMs: READER_DETECTED_TIMEOUT_MS,
      needsInputs: [],
      run: async () => readerResult(await ports.pcsc.listReaders({ timeoutMs: LIST_TIMEOUT_MS }), ports.platform),
    },
  ];
}

/** The check's verdict on what the PC/SC port saw. */
export function readerResult(outcome: PcscOutcome, platform: NodeJS.Platform): CheckResult {
  switch (outcome.kind) {
    case 'listed':
      return listedResult(outcome);
    case 'no-service': {
      const message = clip(outcome.message);
      if (platform === 'win32') return result('failed', 'check.reader-detected.no-service-windows', { message }, { fix: 'check.reader-detected.no-service-windows.fix' });
      if (platform === 'darwin') return result('failed', 'check.reader-detected.no-service-macos', { message }, { fix: 'check.reader-detected.no-service-macos.fix' });
      return result('failed', 'check.reader-detected.no-service', { message }, { fix: 'check.reader-detected.no-service.fix' });
    }
    case 'unavailable': {
      const message = clip(outcome.message);
      if (platform === 'win32') return result('cannot-run', 'check.reader-detected.unavailable-windows', { message }, { fix: 'check.reader-detected.unavailable-windows.fix' });
      if (platform === 'darwin') return result('cannot-run', 'check.reader-detected.unavailable-macos', { message }, { fix: 'check.reader-detected.unavailable-macos.fix' });
      if (platform === 'linux') return result('cannot-run', 'check.reader-detected.unavailable-linux', { message }, { fix: 'check.reader-detected.unavailable-linux.fix' });
      return result('cannot-run', 'check.reader-detected.unavailable', { message }, { fix: 'check.reader-detected.unavailable.fix' });
    }
    case 'error':
      return result('cannot-run', 'check.reader-detected.error', { message: clip(outcome.message) }, { fix: 'check.reader-detected.error.fix' });
  }
}

function listedResult(outcome: PcscListing): CheckResult {
  const readers: PcscReaderDetail[] = outcome.readers;
  if (readers.length === 0) {
    const troubled = outcome.troubled ?? [];
    if (troubled.length === 0) return result('failed', 'check.reader-detected.none', {}, { fix: 'check.reader-detected.none.fix' });
    const devices = clip(troubled.map(({ name, status }) => `${name} (${status})`).join(', '));
    return result('failed', 'check.reader-detected.troubled', { devices }, { fix: 'check.reader-detected.troubled.fix' });
  }
  const evidence = { readers: clip(readers.map(({ name }) => name).join(', ')) };
  const withCard = readers.find(({ atr }) => atr);
  if (withCard?.atr) {
    // The reader recorded is the one whose card was read: that pair is what the later steps rely on.
    return result('passed', 'check.reader-detected.card-read', { ...evidence, atr: withCard.atr }, { facts: { reader: withCard.name, atr: withCard.atr } });
  }
  const cards = readers.map(cardState);
  const holder = readers[cards.indexOf('unreadable')] ?? readers[0]!;
  const facts = { reader: holder.name };
  const reason: CheckMessageKey = cards.includes('unreadable')
    ? 'check.reader-detected.card-unreadable'
    : outcome.via === 'windows-devices'
      ? 'check.reader-detected.listed-without-pcsc'
      : cards.includes('unknown')
        ? 'check.reader-detected.card-unknown'
        : 'check.reader-detected.no-card';
  return result('passed', reason, evidence, { facts });
}

/** A reader from a port built to the contract alone carries no `card`: then a null ATR means no card. */
function cardState(reader: PcscReaderDetail): NonNullable<PcscReaderDetail['card']> {
  return reader.card ?? (reader.atr ? 'read' : 'absent');
}

function clip(text: string): string {
  return text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE - 1)}…` : text;
}
