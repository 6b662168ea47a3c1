/**
 * Exit codes and the typed errors that carry them. Library code throws; only
 * main.ts turns an error into stderr text and a process exit status.
 */
export const ExitCode = {
  Success: 0,
  Error: 1,
  BadConnection: 2,
  InvalidInput: 3,
  BadFeature: 4,
  Interrupted: 5,
  IO: 6,
  BadArgs: 128,
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
    super(ExitCode.BadConnection, message);
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
 * it (spec §4.2). Commands that exit with a code other than 1 wrap it.
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
