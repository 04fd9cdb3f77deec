import { revealSecret } from '../../app/reveal.js';
import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { excerpt, visible } from '../../i18n/visible.js';
import type { App } from '../app.js';
import { parse } from '../args.js';

/**
 * `seikyu reveal STEP KEY [--terminal NAME]`: the value of a recorded secret, alone on standard output with a
 * newline, so it can be piped (`| clip`, `| pbcopy`). The passphrase question and every message go to standard
 * error; on failure nothing is written to standard output.
 */
export async function runReveal(app: App, args: string[]): Promise<void> {
  const { values, positionals } = parse('reveal', args, { terminal: { type: 'string' } });
  const [stepId, input, extra] = positionals;
  if (stepId === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingStep', { command: 'reveal' });
  if (input === undefined) throw new SeikyuError(ExitCode.usage, 'err.reveal.missingKey');
  if (extra !== undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command: 'reveal', arg: excerpt(extra) });
  const { value } = await revealSecret(app.service, { stepId, input, ...(values.terminal !== undefined ? { terminal: values.terminal } : {}) });
  // Piped, the value goes out exactly as typed; on a terminal a control character in it is shown, not obeyed.
  app.io.stdout.write((app.io.stdout.isTTY === true ? visible(value) : value) + '\n');
}
