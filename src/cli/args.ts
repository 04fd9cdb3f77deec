import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ExitCode, SeikyuError } from '../machine/errors.js';

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

/** Parses a command's arguments; a mistake is one sentence naming the option, exit code 2. */
export function parse<O extends OptionSpec>(command: string, args: readonly string[], options: O, positionals = true): Parsed<O> {
  try {
    const result = parseArgs({ args: [...args], options: { ...globalOptions, ...options }, allowPositionals: positionals, strict: true });
    return result as unknown as Parsed<O>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const option = /'(-[^' ]*)/.exec(message)?.[1] ?? /(--?[\w-]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new SeikyuError(ExitCode.usage, 'err.usage.optionValue', { command, option });
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? '';
      throw new SeikyuError(ExitCode.usage, 'err.usage.unexpectedArgument', { command, arg });
    }
    throw new SeikyuError(ExitCode.usage, 'err.usage.unknownOption', { command, option });
  }
}

/** A `--flag` value that must be one of a few words. */
export function choice<T extends string>(option: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new SeikyuError(ExitCode.usage, 'err.usage.badChoice', { option, value, choices: choices.join(', ') });
}

/** The global options wherever they stand; the command parses everything again strictly. */
export function parseGlobal(args: readonly string[]): Parsed<Record<never, never>>['values'] {
  const { values } = parseArgs({ args: [...args], options: globalOptions, allowPositionals: true, strict: false });
  const pick = (name: 'data-dir' | 'lang' | 'operator') => {
    const value = values[name];
    // Without strict parsing a value-less `--lang` comes back as `true`.
    if (value === true) throw new SeikyuError(ExitCode.usage, 'err.usage.globalOptionValue', { option: `--${name}` });
    return typeof value === 'string' ? value : undefined;
  };
  return {
    'data-dir': pick('data-dir'),
    lang: pick('lang'),
    operator: pick('operator'),
    help: values.help === true,
    version: values.version === true,
  };
}
