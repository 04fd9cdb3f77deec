import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ExitCode, SeikyuError } from '../i18n/errors.js';
import type { MessageKey, Params } from '../i18n/index.js';
import { excerpt } from '../i18n/visible.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const globalOptions = {
  'data-dir': { type: 'string' },
  lang: { type: 'string' },
  operator: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies OptionSpec;

const takesValue = new Set(Object.entries(globalOptions).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));

/** Splits `argv` into the command name and the rest, skipping global options placed before it. */
export function findCommand(argv: readonly string[]): { command: string | null; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (takesValue.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return { command: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { command: null, rest: [...argv] };
}

export interface Parsed<O extends OptionSpec> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string } & {
    [K in keyof typeof globalOptions]?: (typeof globalOptions)[K] extends { type: 'boolean' } ? boolean : string;
  };
  positionals: string[];
}

/** What is wrong with a command line, found by reading it against the option spec (never from Node's wording). */
interface Problem {
  key: 'err.usage.unknownOption' | 'err.usage.optionValue' | 'err.usage.optionNoValue' | 'err.usage.unexpectedArgument';
  /** The argument as the message shows it: shortened and visible. */
  shown: string;
}

/** As `util.parseArgs` tells a value from an option: `-` alone is a value, `-x…` is not. */
function optionLike(arg: string | undefined): boolean {
  return arg !== undefined && arg.length > 1 && arg.startsWith('-');
}

function byShort(spec: OptionSpec, letter: string): string | undefined {
  return Object.keys(spec).find((name) => spec[name]!.short === letter);
}

/**
 * Checks `args` against `spec` and spells short-option bundles out (`-hV` → `-h -V`).
 * `util.parseArgs` expands a bundle with one recursive call per letter: 130,000 letters overflowed the stack.
 * Returns the arguments to give it, or the first problem.
 */
export function prepareArgs(args: readonly string[], spec: OptionSpec, positionals: boolean): { args: string[] } | { problem: Problem } {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      if (!positionals && i + 1 < args.length) return { problem: { key: 'err.usage.unexpectedArgument', shown: excerpt(args[i + 1]!) } };
      out.push(...args.slice(i));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const option = Object.hasOwn(spec, name) ? spec[name]! : undefined;
      // The name only: what follows `=` may be a password typed in the wrong place.
      const shown = excerpt(`--${name}`);
      if (!option) return { problem: { key: 'err.usage.unknownOption', shown } };
      if (option.type === 'boolean') {
        if (eq !== -1) return { problem: { key: 'err.usage.optionNoValue', shown } };
        out.push(arg);
      } else if (eq !== -1) {
        out.push(arg);
      } else {
        if (i + 1 >= args.length || optionLike(args[i + 1])) return { problem: { key: 'err.usage.optionValue', shown } };
        out.push(arg, args[++i]!);
      }
      continue;
    }
    if (optionLike(arg)) {
      const step = shortGroup(arg, spec, args[i + 1]);
      if ('problem' in step) return step;
      out.push(...step.args);
      if (step.usedNext) i++;
      continue;
    }
    if (!positionals) return { problem: { key: 'err.usage.unexpectedArgument', shown: excerpt(arg) } };
    out.push(arg);
  }
  return { args: out };
}

/**
 * `-x`, `-xyz` or `-fVALUE`: every letter a short option, each at most once; a string option takes the rest of
 * the argument, or the next one, as its value.
 */
function shortGroup(arg: string, spec: OptionSpec, next: string | undefined): { args: string[]; usedNext: boolean } | { problem: Problem } {
  const letters = [...arg.slice(1)];
  const out: string[] = [];
  for (let k = 0; k < letters.length; k++) {
    const name = byShort(spec, letters[k]!);
    // Each letter once: `-hhhh…` (130,000 of them) is a mistake, not a request for help.
    if (name === undefined || out.includes(`-${letters[k]}`)) return { problem: { key: 'err.usage.unknownOption', shown: excerpt(arg) } };
    if (spec[name]!.type === 'boolean') {
      out.push(`-${letters[k]}`);
      continue;
    }
    const rest = letters.slice(k + 1).join('');
    if (rest !== '') return { args: [...out, `-${letters[k]}${rest}`], usedNext: false };
    if (next === undefined || optionLike(next)) return { problem: { key: 'err.usage.optionValue', shown: excerpt(`-${letters[k]}`) } };
    return { args: [...out, `-${letters[k]}`, next], usedNext: true };
  }
  return { args: [...out], usedNext: false };
}

/** Node's error codes, for a mistake `prepareArgs` did not foresee (its wording is never parsed). */
const nodeCodes: Record<string, Problem['key']> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: 'err.usage.unknownOption',
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: 'err.usage.optionValue',
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: 'err.usage.unexpectedArgument',
};

/** The command name `parse` takes for options given without a command (`seikyu -x`). */
export const NO_COMMAND = 'seikyu';

/** Without a command, the message names none ("seikyu: seikyu: …" read badly). */
const withoutCommand: Record<Problem['key'], MessageKey> = {
  'err.usage.unknownOption': 'err.usage.main.unknownOption',
  'err.usage.optionValue': 'err.usage.globalOptionValue',
  'err.usage.optionNoValue': 'err.usage.main.optionNoValue',
  'err.usage.unexpectedArgument': 'err.usage.main.unexpectedArgument',
};

function usageError(command: string, problem: Problem): SeikyuError {
  const params: Params = problem.key === 'err.usage.unexpectedArgument' ? { command, arg: problem.shown } : { command, option: problem.shown };
  return new SeikyuError(ExitCode.usage, command === NO_COMMAND ? withoutCommand[problem.key] : problem.key, params);
}

/**
 * Parses a command's arguments; a mistake is one sentence naming the option, exit code 2. `command` is the
 * command's name as messages show it, or NO_COMMAND.
 */
export function parse<O extends OptionSpec>(command: string, args: readonly string[], options: O, positionals = true): Parsed<O> {
  const spec: OptionSpec = { ...globalOptions, ...options };
  const prepared = prepareArgs(args, spec, positionals);
  if ('problem' in prepared) throw usageError(command, prepared.problem);
  try {
    return parseArgs({ args: prepared.args, options: spec, allowPositionals: positionals, strict: true }) as unknown as Parsed<O>;
  } catch (error) {
    const key = nodeCodes[(error as { code?: string }).code ?? ''];
    if (!key) throw error;
    // Without a problem found by reading the arguments, the whole line is named (shortened).
    throw usageError(command, { key, shown: excerpt(args.join(' ')) });
  }
}

/** A `--flag` value that must be one of a few words. */
export function choice<T extends string>(option: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new SeikyuError(ExitCode.usage, 'err.usage.badChoice', { option, value: excerpt(value), choices: choices.join(', ') });
}

type GlobalValues = Parsed<Record<never, never>>['values'];
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The global options wherever they stand; the command parses everything again strictly. Read here without
 * `util.parseArgs`: the other arguments are not checked yet, and a pathological one must reach the strict
 * parse to be refused, not crash or be read as `-h` (`-hx`, `-hhh…` and `--help=x` are left to it).
 */
export function parseGlobal(args: readonly string[]): GlobalValues {
  const values: Writable<GlobalValues> = { help: false, version: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--help' || arg === '--version') {
      values[arg === '--help' ? 'help' : 'version'] = true;
      continue;
    }
    const long = /^--(data-dir|lang|operator)(=|$)/.exec(arg);
    if (long) {
      const name = long[1] as 'data-dir' | 'lang' | 'operator';
      const value = long[2] === '=' ? arg.slice(long[0].length) : optionLike(args[i + 1]) ? undefined : args[++i];
      if (value === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.globalOptionValue', { option: `--${name}` });
      values[name] = value;
      continue;
    }
    if (/^-(h|V|hV|Vh)$/.test(arg)) {
      if (arg.includes('h')) values.help = true;
      if (arg.includes('V')) values.version = true;
    }
  }
  return values;
}
