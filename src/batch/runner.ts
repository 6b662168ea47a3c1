/**
 * Runs the command lines of a batch script in order, in this process, over
 * shared connections: each line's stdout and stderr are those of a separate
 * `etcdctl` run of the same line. Lines that run until interrupted or that
 * converse on stdin are refused before anything of theirs runs.
 */
import type { EtcdCommand } from '../cli/command';
import { parseCommandLine, type ParsedCommandLine } from '../cli/parse';
import { reportError, runCommandLine } from '../cli/run';
import { CliError, ExitCode, RawStderrError, UsageError } from '../errors';
import type { Io } from '../io/io';
import { BatchSyntaxError, splitBatchScript, type BatchLine } from './lexer';
import { ClientPool, type InheritedFlags } from './session';

export interface BatchOptions {
  /** Run every line; exit with the first failure's status at the end. */
  keepGoing: boolean;
  /** Check every line (quoting, command, flags) and run none. */
  check: boolean;
  /** The script came from stdin: a line that would read stdin would find it used up. */
  stdinTaken?: boolean;
}

/** Why a line cannot read stdin when the script itself was stdin, or undefined. */
function readsStdin(p: ParsedCommandLine): string | undefined {
  const path = p.command.path.join(' ');
  const taken = 'reads stdin, which holds the script (give the script as a FILE)';
  if (path === 'txn' && (p.values.get('file') ?? '') === '') return `txn ${taken}`;
  if (path === 'txn' && p.values.get('file') === '-') return `txn -f - ${taken}`;
  if (path === 'put' && p.args.length === 1 && p.values.get('ignore-value') !== true)
    return `put without a value ${taken}`;
  return undefined;
}

/** Why a command cannot run inside a batch, or undefined. */
function refusal(p: ParsedCommandLine): string | undefined {
  const path = p.command.path.join(' ');
  const forever = 'runs until interrupted';
  switch (path) {
    case 'watch':
    case 'lock':
    case 'elect':
    case 'make-mirror':
      return `${path} ${forever}`;
    case 'lease keep-alive':
      return p.values.get('once') === true ? undefined : `lease keep-alive ${forever} (add --once)`;
    case 'txn':
      return p.values.get('interactive') === true
        ? 'txn --interactive prompts on stdout for lines from stdin'
        : undefined;
    case 'snapshot save':
      return 'snapshot save streams a whole backend to a file: run it on its own';
    case 'batch':
      return 'batch cannot run itself';
    default:
      return undefined;
  }
}

const lineError = (line: number, reason: string): CliError =>
  new CliError(ExitCode.BatchInput, `batch line ${line}: ${reason}`);

/** The line's words as a command line: a leading `etcdctl` is the program name, not a command. */
function argvOf(l: BatchLine): string[] {
  return /(^|\/)etcdctl$/.test(l.words[0]) ? l.words.slice(1) : l.words;
}

/**
 * Looks the line's command up and checks its flags; a line that cannot run is a CliError.
 * Returns the command's path (`lease grant`), '' when its flags are for the command to report.
 */
function vet(root: EtcdCommand, l: BatchLine, strictFlags: boolean, stdinTaken = false): string {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(root, argvOf(l));
  } catch (e) {
    // An unknown command is a malformed script; a bad flag is the command's own error,
    // reported by the command itself when the line runs (as etcdctl reports it).
    if (e instanceof RawStderrError) throw lineError(l.line, `unknown command ${JSON.stringify(argvOf(l)[0] ?? '')}`);
    if (e instanceof UsageError && strictFlags) throw lineError(l.line, e.message);
    if (e instanceof UsageError) return '';
    throw e;
  }
  const why = refusal(parsed) ?? (stdinTaken ? readsStdin(parsed) : undefined);
  if (why !== undefined) throw lineError(l.line, `${why}; it cannot be batched`);
  return parsed.command.path.join(' ');
}

export async function runBatch(
  root: EtcdCommand,
  script: string,
  inherited: InheritedFlags,
  io: Io,
  o: BatchOptions,
): Promise<number> {
  let lines: BatchLine[];
  let syntax: BatchSyntaxError | undefined;
  try {
    lines = splitBatchScript(script);
  } catch (e) {
    if (!(e instanceof BatchSyntaxError)) throw e;
    syntax = e;
    lines = e.before;
  }
  if (o.check) {
    if (syntax) throw lineError(syntax.line, syntax.reason);
    for (const l of lines) vet(root, l, true, o.stdinTaken);
    return ExitCode.Success;
  }
  const clients = new ClientPool();
  let first = ExitCode.Success as number;
  try {
    for (const l of lines) {
      let code: number;
      try {
        const path = vet(root, l, false, o.stdinTaken);
        code = await runCommandLine(root, argvOf(l), io, { inherited, clients });
        // Names the command, never the line's words (they may hold a password).
        if (code !== ExitCode.Success)
          io.stderr.write(`batch: line ${l.line}${path && ` (${path})`} failed with exit status ${code}\n`);
      } catch (e) {
        code = reportError(e, root, io);
      }
      await Promise.all([io.stdout.flush(), io.stderr.flush()]);
      if (code === ExitCode.Success) continue;
      if (first === ExitCode.Success) first = code;
      if (!o.keepGoing) return code;
    }
  } finally {
    await clients.close();
  }
  if (syntax) {
    reportError(lineError(syntax.line, syntax.reason), root, io);
    return first === ExitCode.Success ? ExitCode.BatchInput : first;
  }
  return first;
}
