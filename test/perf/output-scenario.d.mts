// Types of output-scenario.mjs (plain Node, so scripts/record-outputs.mjs can run it without a compiler).

/** One step of the scenario: a command, or a file a previous command wrote. */
export type Step =
  | { group: string; args: string[]; now: string; lang: 'ja' | 'en'; stdin?: string; env?: Record<string, string>; file?: undefined }
  | { group: string; file: string };

/** A command as recorded: placeholders (`<HOME>`, `<OUT>`, `<FILES>`…) instead of the run's paths; text as lines. */
export interface CommandEntry {
  group: string;
  args: string[];
  stdin: string | null;
  env: Record<string, string>;
  code: number;
  stdout: string[];
  stderr: string[];
  file?: undefined;
}

/** A file a command wrote, as recorded (null: the program did not write it). */
export interface FileEntry {
  group: string;
  file: string;
  content: string[] | null;
}

export type Entry = CommandEntry | FileEntry;

export interface World {
  root: string;
  dirs: Record<string, string>;
  expand(text: string): string;
  normalise(text: string): string;
  remove(): void;
}

export const SCENARIO_FORMAT: number;
export const steps: Step[];
export function makeWorld(): World;
export function stepEnv(step: Step): Record<string, string>;
export function commandLine(entry: Entry): string;
export function toLines(text: string): string[];
export function runScenario(options?: { bin?: string; onEntry?: (entry: Entry, index: number) => void; keep?: boolean }): Promise<{ entries: Entry[]; world: World }>;
export function firstDifference(expected: Entry, actual: Entry): string | null;
