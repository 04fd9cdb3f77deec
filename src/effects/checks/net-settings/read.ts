import type { CommandOutcome, CommandRunner, FileSystem, OutputEncoding } from '../types.js';

/** What a platform reader touches: commands, files, the environment, within a time limit. */
export interface ReaderContext {
  runner: CommandRunner;
  fs: FileSystem;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  timeoutMs: number;
}

/** A command's standard output, or why there is none (one line, for evidence). */
export type CommandText = { ok: true; text: string } | { ok: false; message: string };

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim().slice(0, 200);
}

export function describeFailure(file: string, outcome: CommandOutcome): string {
  if (outcome.kind === 'missing') return `${file}: not found`;
  if (outcome.kind === 'timeout') return `${file}: timed out`;
  return `${file}: exit ${outcome.exitCode}${outcome.stderr.trim() ? ` (${firstLine(outcome.stderr)})` : ''}`;
}

/** Runs a program and returns its output when it exited with 0. */
export async function commandText(context: ReaderContext, file: string, args: readonly string[], encoding: OutputEncoding = 'utf8'): Promise<CommandText> {
  const outcome = await context.runner.run(file, args, { timeoutMs: context.timeoutMs, encoding, signal: context.signal });
  if (outcome.kind === 'exited' && outcome.exitCode === 0) return { ok: true, text: outcome.stdout };
  return { ok: false, message: describeFailure(file, outcome) };
}

/** Keeps the first of each, in order (an adapter listed twice, a server given by two sources). */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
