import type { Check, CheckRequest, CheckResult } from './types.js';
import { result } from './types.js';

/**
 * Runs one check within its time limit. A check that takes longer is aborted (its signal fires, so it stops
 * what it started) and reported as cannot-run; a check that throws is reported as cannot-run with the message,
 * never as failed: nothing was learned about the PC.
 */
export async function runCheck(check: Check, request: CheckRequest): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      // Settled before the check is told to stop: whatever it answers on its way out comes too late.
      resolve(result('cannot-run', 'check.timeout', { seconds: String(Math.round(check.timeoutMs / 100) / 10) }, { fix: 'check.timeout.fix' }));
      controller.abort();
    }, check.timeoutMs);
  });
  try {
    const missing = check.needsInputs.find((name) => !request.inputs[name]);
    if (missing) return result('cannot-run', 'check.input-missing', { input: missing, step: check.step }, { fix: 'check.input-missing.fix' });
    return await Promise.race([check.run(request, controller.signal), timeout]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return result('cannot-run', 'check.crashed', { message: message.split('\n')[0]!.slice(0, 200) }, { fix: 'check.crashed.fix' });
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
