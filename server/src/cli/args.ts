/**
 * Command-line arguments, parsed by hand (no dependency): `--flag value`, `--flag=value`, `--` ends the options.
 * Every mistake is a `UsageError`, which the CLI turns into a message on stderr and exit code 2.
 */

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` the user should read (`undefined`: the top-level help). */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Allowed values; an option without `values` (or `anyValue`) is a boolean flag. */
  values?: readonly string[];
  /** The option takes any value, named so in messages (e.g. `PATH`). */
  anyValue?: string;
  /** The option may be given several times; every value is kept in order in `lists`. */
  repeatable?: boolean;
  /** Short alias, e.g. `-h`. */
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** The last value of each option given (`true` for flags). */
  options: Map<string, string | true>;
  /** Every value of repeatable options, in order. */
  lists: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>, command?: string): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const byShort = new Map(Object.entries(spec).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const long = byShort.get(arg.slice(1));
      if (!long) throw new UsageError(`unknown option ${arg}`, command);
      name = long;
    }
    const s = spec[name];
    if (!s || !Object.prototype.hasOwnProperty.call(spec, name)) throw new UsageError(`unknown option --${name}`, command);
    if (!s.values && s.anyValue === undefined) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`, command);
      options.set(name, true);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value: ${s.values ? s.values.join(' | ') : s.anyValue}`, command);
      value = argv[++i];
    }
    if (s.values && !s.values.includes(value)) {
      throw new UsageError(`--${name} must be one of ${s.values.join(', ')} (got '${value}')`, command);
    }
    options.set(name, value);
    if (s.repeatable) lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { positionals, options, lists };
}
