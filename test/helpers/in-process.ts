import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

/**
 * Runs the command line in this process, with captured streams and no terminal: faster than spawning,
 * for tests about state rather than about the process (the spawned tests cover that).
 */
export async function runInProcess(argv: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = capture();
  const err = capture();
  const input = Readable.from([Buffer.from(stdin)]) as unknown as NodeJS.ReadStream;
  const code = await main(argv, { stdin: input, stdout: out.stream, stderr: err.stream, env: { NO_COLOR: '1', ...env } });
  return { code, stdout: out.text(), stderr: err.text() };
}
