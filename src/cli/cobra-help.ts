/**
 * The texts cobra's default templates print for the anonymous command etcdctl
 * parses each txn request line with (usage on a flag error, help on -h), and pflag's
 * flag columns, which the 3.7 help uses everywhere (src/cli/help-37.ts).
 */
import { flagValueString, type FlagSpec } from './flags';
import { goQuote } from '../go/quote';

/** What cobra's default templates need to know of a command. */
export interface CobraCommandInfo {
  /** cobra's Use: name first. */
  use: string;
  short: string;
  long?: string;
  flags: FlagSpec[];
}

/** pflag's placeholder for a flag's value in usage lines. */
function varName(f: FlagSpec): string {
  switch (f.type) {
    case 'bool':
      return '';
    case 'int64':
      return 'int';
    case 'stringSlice':
      return 'strings';
    default:
      return f.type;
  }
}

function defaultSuffix(f: FlagSpec): string {
  const d = f.default;
  switch (f.type) {
    case 'bool':
      return d ? ' (default true)' : '';
    case 'string':
      return d === '' ? '' : ` (default ${goQuote(d as string)})`;
    case 'stringSlice':
      return (d as string[]).length === 0 ? '' : ` (default [${(d as string[]).join(',')}])`;
    default:
      // durations print as Go's time.Duration.String() (`5s`)
      return d === 0n ? '' : ` (default ${flagValueString(f, d)})`;
  }
}

/** pflag FlagSet.FlagUsages(): sorted, names padded to one column, defaults appended. */
export function pflagUsages(flags: FlagSpec[]): string {
  const sorted = [...flags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const heads = sorted.map((f) => {
    let head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const v = varName(f);
    if (v) head += ` ${v}`;
    return head;
  });
  const maxlen = Math.max(...heads.map((h) => h.length + 1));
  return sorted
    .map((f, i) => `${heads[i]} ${' '.repeat(maxlen - heads[i].length)} ${f.usage}${defaultSuffix(f)}\n`)
    .join('');
}

function helpFlag(name: string): FlagSpec {
  return { name: 'help', short: 'h', type: 'bool', default: false, usage: `help for ${name || 'this command'}` };
}

/** cobra's default UsageString() for a sub-command of an anonymous (empty-named) parent. */
export function cobraUsage(cmd: CobraCommandInfo): string {
  const name = cmd.use.split(' ')[0];
  const flags = [...cmd.flags, helpFlag(name)];
  const useLine = ` ${cmd.use}${cmd.use.includes('[flags]') ? '' : ' [flags]'}`;
  return `Usage:\n  ${useLine}\n\nFlags:\n${pflagUsages(flags).trimEnd()}\n`;
}

/** cobra's default help: Long (or Short) with trailing white space removed, an empty line, the usage. */
export function cobraHelp(cmd: CobraCommandInfo): string {
  const text = (cmd.long ?? cmd.short).replace(/[\s]+$/, '');
  return `${text}\n\n${cobraUsage(cmd)}`;
}

/**
 * The anonymous root command etcdctl builds per txn request line: put, get and
 * del, plus the help and completion commands cobra adds on its own.
 */
export const TXN_ROOT_USAGE = `Usage:
   [command]

Available Commands:
  completion  Generate the autocompletion script for the specified shell
  del         Removes the specified key or range of keys [key, range_end)
  get         Gets the key or a range of keys
  help        Help about any command
  put         Puts the given key into the store

Flags:
  -h, --help   help for this command

Use " [command] --help" for more information about a command.
`;
