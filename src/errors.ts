/**
 * Exit codes and the typed errors that carry them. Library code throws; only
 * main.ts turns an error into stderr text and a process exit status.
 */
export const ExitCode = {
  Success: 0,
  Error: 1,
  BadConnection: 2,
  /** The status a Go panic ends the process with (same number as BadConnection). */
  GoPanic: 2,
  InvalidInput: 3,
  BadFeature: 4,
  Interrupted: 5,
  IO: 6,
  /** lock --try / --timeout: the lock stays held by another session (not in etcdctl). */
  LockBusy: 7,
  BadArgs: 128,
  /** What a shell reports for a process killed by SIGINT, SIGPIPE, SIGTERM (128 + signal number). */
  SigInt: 130,
  SigPipe: 141,
  SigTerm: 143,
  /** Go's os.Exit(-1) (speakeasy on Ctrl-C at a password prompt). */
  MinusOne: 255,
  // Extensions (README "Exit codes"): never used by etcdctl.
  /** put --if-absent / --if-mod-rev, del --if-mod-rev: the key was not as expected; nothing written. */
  GuardFailed: 10,
  /** get --require-match: no key matched. */
  NoMatch: 11,
  /** batch: a script line could not be split, names no command, or names a command batch refuses. */
  BatchInput: 12,
  /** watch --max-disconnect: no member could be reached for that long. */
  WatchDisconnected: 13,
  /** contexts: the config file is malformed, names no such context, or a password file is not 0600. */
  ConfigFile: 14,
} as const;

/** An error that main prints as `Error: <message>` and exits with `code`. */
export class CliError extends Error {
  /** Lines (each ending in a newline) printed on stderr after the `Error:` line. */
  notes: string[] = [];

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments or flag combinations: exit 128 (etcdctl's ExitBadArgs). */
export function badArgs(message: string): CliError {
  return new CliError(ExitCode.BadArgs, message);
}

/** An unsupported value (output format, sort order, consistency...): exit 4 (ExitBadFeature). */
export function badFeature(message: string): CliError {
  return new CliError(ExitCode.BadFeature, message);
}

/**
 * A command-line parse error (unknown flag, bad flag value): etcdctl 3.6 prints
 * `Error: <msg>` and an empty line on stderr, the command's help on stdout, exit 1.
 */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly commandPath: string[],
  ) {
    super(ExitCode.Error, message);
    this.name = 'UsageError';
  }
}

/**
 * Text already formatted for stderr (for instance cobra's unknown-command block),
 * printed verbatim, then exit with `code`.
 */
export class RawStderrError extends CliError {
  constructor(
    code: number,
    readonly text: string,
  ) {
    super(code, text);
    this.name = 'RawStderrError';
  }
}

/**
 * Where etcdctl panics, we print one clear line instead: `Error: <message>`.
 * Exit 2, the status a Go panic ends with.
 */
export class PanicError extends CliError {
  constructor(message: string) {
    super(ExitCode.GoPanic, message);
    this.name = 'PanicError';
  }
}

/** Ends the process quietly with `code` (output already written). */
export class ExitSilently extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitSilently';
  }
}

/**
 * An RPC failure (gRPC status code and details) with the text etcdctl prints for
 * it (docs/etcdctl-behaviour.md §4.2). Commands that exit with a code other than 1 wrap it.
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
