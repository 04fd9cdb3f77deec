import { answerFast } from './fast.js';

// `seikyu status | head` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The program's entry (bin/seikyu.js): the exit code is set, never process.exit(), so output is flushed.
// `--version` and a saved answer are given before the rest of the program is even loaded.
const argv = process.argv.slice(2);
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
if (answerFast(argv, io)) process.exitCode = 0;
else {
  const { main } = await import('./main.js');
  process.exitCode = await main(argv, io);
}
