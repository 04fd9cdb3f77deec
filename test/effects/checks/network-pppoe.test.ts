import { describe, expect, it } from 'vitest';
import { createNetworkChecks } from '../../../src/effects/checks/network.js';
import { runCheck } from '../../../src/effects/checks/run.js';
import type { CheckPorts, CheckResult, CommandOutcome } from '../../../src/effects/checks/types.js';
import { checkEn, checkJa } from '../../../src/i18n/checks/index.js';
import { assertWords, fakePorts, FakeRunner, request } from '../../fixtures/checks/network/fake-ports.js';

/** `pppoe`: `rasdial` with no arguments (it lists, never dials or hangs up), on recorded CP932 / English output. */

async function pppoe(reply: string | CommandOutcome, ports: Partial<CheckPorts> = {}): Promise<CheckResult> {
  // Exactly `rasdial.exe` and no argument: a name would dial, /disconnect would hang up.
  const runner = new FakeRunner([{ file: 'rasdial.exe', args: [], encoding: 'cp932', reply }]);
  const check = createNetworkChecks(fakePorts({ platform: 'win32', runner, ...ports })).find((c) => c.step === 'pppoe')!;
  const result = await runCheck(check, request('pppoe', 'jimu'));
  runner.assertAllCalled();
  assertWords(result);
  return result;
}

describe('pppoe', () => {
  it('on recorded Windows output (Japanese, CP932) passes with the connection that is up', async () => {
    const result = await pppoe('rasdial-connected-ja.txt');
    expect(result).toMatchObject({ outcome: 'passed', reason: 'check.pppoe.passed', evidence: { connection: 'フレッツ光 オンライン請求' }, facts: { connection: 'フレッツ光 オンライン請求' } });
  });

  it('on recorded Windows output (English) passes with the connection that is up', async () => {
    expect(await pppoe('rasdial-connected-en.txt')).toMatchObject({ outcome: 'passed', evidence: { connection: 'FLETS PPPoE' } });
  });

  it('on recorded Windows output (Japanese and English) fails when nothing is connected, and says what 651 and 691 mean', async () => {
    for (const name of ['rasdial-none-ja.txt', 'rasdial-none-en.txt']) {
      const result = await pppoe(name);
      expect(result).toMatchObject({ outcome: 'failed', reason: 'check.pppoe.not-connected', fix: 'check.pppoe.not-connected.fix', facts: {} });
    }
    for (const text of [checkJa['check.pppoe.not-connected.fix'], checkEn['check.pppoe.not-connected.fix']]) {
      expect(text).toContain('651');
      expect(text).toContain('691');
    }
  });

  it('on recorded Windows output explains error 651 (Japanese) and 691 (English)', async () => {
    expect(await pppoe('rasdial-error-651-ja.txt')).toMatchObject({ outcome: 'failed', reason: 'check.pppoe.error-651', evidence: { errorCode: '651' } });
    expect(await pppoe('rasdial-error-691-en.txt')).toMatchObject({ outcome: 'failed', reason: 'check.pppoe.error-691', evidence: { errorCode: '691' } });
  });

  it('names another error number as it is', async () => {
    const result = await pppoe({ kind: 'exited', exitCode: 678, stdout: 'Remote Access error 678 - The remote computer did not respond.\r\n', stderr: '' });
    expect(result).toMatchObject({ outcome: 'failed', reason: 'check.pppoe.error-other', evidence: { errorCode: '678' } });
  });

  it('cannot run without rasdial, nor on output it does not know', async () => {
    expect(await pppoe({ kind: 'missing' })).toMatchObject({ outcome: 'cannot-run', reason: 'check.pppoe.no-rasdial' });
    expect(await pppoe({ kind: 'exited', exitCode: 1, stdout: 'Zugriff verweigert\r\n', stderr: '' })).toMatchObject({
      outcome: 'cannot-run',
      reason: 'check.pppoe.unrecognized',
      evidence: { output: 'Zugriff verweigert' },
    });
  });

  it('cannot run off Windows, and runs no command there', async () => {
    const check = createNetworkChecks(fakePorts({ platform: 'linux' })).find((c) => c.step === 'pppoe')!;
    const result = await runCheck(check, request('pppoe', 'jimu'));
    assertWords(result);
    expect(result).toMatchObject({ outcome: 'cannot-run', reason: 'check.other-platform', evidence: { platforms: 'Windows', platform: 'linux' } });
  });
});
