/**
 * batch (an extension): runs etcdctl command lines from a file or stdin in one
 * process, over one connection. Script syntax and rules: src/batch/.
 */
import * as fs from 'node:fs';
import { defineCommand, type EtcdCommand } from '../cli/command';
import { flag } from '../cli/flags';
import { parseCommandLine } from '../cli/parse';
import { badArgs, CliError, ExitCode, ExitSilently } from '../errors';
import { readAll } from '../io/stdin';
import { errnoText } from '../go/errno';
import { EXTENSION_FORMATS } from '../settings';

const BATCH_FLAGS = {
  keepGoing: flag.bool("run every line, then exit with the first failure's status", false),
  check: flag.bool('check every line (quoting, command, flags) and run none', false),
};

const LONG = `
Runs etcdctl command lines, one per line, from FILE (or stdin when FILE is - or absent) in
one process over one connection. Words are split as a POSIX shell splits them (single and
double quotes, backslash escapes, a backslash at the end of a line continues it, # starts a
comment), with no expansion: $VAR, command substitution and the operators ; | & < > are
refused. Global flags given before "batch" apply to every line that does not set them.

Each line prints what a separate etcdctl run of it prints. The batch stops at the first
failing line and exits with its status (stderr names the line), unless --keep-going.
watch, lock, elect, make-mirror, lease keep-alive (without --once), txn --interactive and
snapshot save are refused (exit 12).
`;

const EXAMPLE = `  # load keys, then read them back as JSON
  printf 'put a 1\\nput b "two words"\\nget --prefix ""\\n' | etcdctl batch

  # a script file, every line against the same endpoints
  etcdctl --endpoints=10.0.0.1:2379 batch --keep-going setup.etcdctl`;

async function readScript(source: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (source === '-') return (await readAll(stdin)).toString('utf8');
  try {
    return await fs.promises.readFile(source, 'utf8');
  } catch (e) {
    throw new CliError(ExitCode.Error, `open ${source}: ${errnoText(e as NodeJS.ErrnoException)}`);
  }
}

export function batchCommand(): EtcdCommand {
  return defineCommand({
    use: 'batch [options] [FILE|-]',
    short: 'Runs etcdctl command lines from a file or stdin over one connection',
    long: LONG,
    example: EXAMPLE,
    extension: true,
    // Passed on to the lines (inherited -w), each of which takes or refuses it.
    formats: EXTENSION_FORMATS,
    flags: BATCH_FLAGS,
    async run(inv, opts) {
      if (inv.args.length > 1) throw badArgs('batch takes at most one argument: the script file, or - for stdin');
      const source = inv.args[0] ?? '-';
      const script = await readScript(source, inv.io.stdin);
      const root = inv.command.root;
      // The batch line's own global flags, as given (the environment applies per line).
      const own = parseCommandLine(root, inv.argv);
      const { runBatch } = await import('../batch/runner');
      const code = await runBatch(root, script, { values: own.values, changed: own.changed }, inv.io, {
        ...opts,
        stdinTaken: source === '-',
      });
      if (code !== ExitCode.Success) throw new ExitSilently(code);
    },
  });
}
