/**
 * Go's os/exec as etcdctl uses it (lock's command, watch's exec command): the
 * program is looked up in PATH (exec.LookPath) unless its name contains a
 * slash, stdin is /dev/null, stdout/stderr are inherited, and a failure is
 * described with Go's error texts (`exit status 3`, `signal: killed`,
 * `exec: "x": executable file not found in $PATH`,
 * `fork/exec /x: no such file or directory`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { constants as osConstants } from 'node:os';
import * as path from 'node:path';
import { goQuote } from './quote';
import { errnoName } from './errno';

export interface ChildOutcome {
  /** Go's error text; undefined when the command exited with status 0. */
  error?: string;
  /** etcdctl 3.6's exit status for the error: the child's status, 255 for a signal, 1 otherwise. */
  code: number;
}

/** Go's signal names (syscall.Signal.String on Linux) for `signal: <name>`. */
const SIGNAL_TEXT: Record<string, string> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
  SIGSTKFLT: 'stack fault',
  SIGCHLD: 'child exited',
  SIGCONT: 'continued',
  SIGSTOP: 'stopped (signal)',
  SIGTSTP: 'stopped',
  SIGTTIN: 'stopped (tty input)',
  SIGTTOU: 'stopped (tty output)',
  SIGURG: 'urgent I/O condition',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'file size limit exceeded',
  SIGVTALRM: 'virtual timer expired',
  SIGPROF: 'profiling timer expired',
  SIGWINCH: 'window changed',
  SIGIO: 'I/O possible',
  SIGPWR: 'power failure',
  SIGSYS: 'bad system call',
};

/** Go's syscall.Signal.String(): the description, or `signal <number>`. */
export function signalText(name: string): string {
  return SIGNAL_TEXT[name] ?? `signal ${(osConstants.signals as Record<string, number>)[name] ?? name}`;
}

/** Go exec.ProcessState.String() for a finished child. */
export function exitText(code: number | null, signal: string | null): string {
  if (signal) return `signal: ${signalText(signal)}`;
  return `exit status ${code ?? 0}`;
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type Resolved = { path: string } | { error: string };

/**
 * Go exec.Command's program lookup: a name with a slash is used as is; a bare
 * name is searched in PATH (an empty entry is the current directory, and a
 * relative result is refused, Go >= 1.19).
 */
export function lookPath(name: string, envPath: string | undefined): Resolved {
  if (name.includes('/')) return { path: name };
  if (name === '') return { error: 'exec: no command' };
  for (const entry of (envPath ?? '').split(':')) {
    const candidate = path.join(entry === '' ? '.' : entry, name);
    if (!isExecutable(candidate)) continue;
    if (!path.isAbsolute(candidate))
      return { error: `exec: ${goQuote(name)}: cannot run executable found relative to current directory` };
    return { path: candidate };
  }
  return { error: `exec: ${goQuote(name)}: executable file not found in $PATH` };
}

/**
 * execve() refuses a file that is neither a binary nor a `#!` script (ENOEXEC);
 * Node's spawn would run it with /bin/sh instead, so check first.
 */
function notExecutableFormat(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4);
    const n = fs.readSync(fd, head, 0, 4, 0);
    if (n >= 2 && head[0] === 0x23 && head[1] === 0x21) return false;
    if (n >= 4 && head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return false;
    return true;
  } catch {
    return false; // unreadable: let the kernel decide
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Starts a resolved program and waits for it (no timeout): Go's error text for
 * a failed start (`fork/exec <path>: ...`), else the exit status or signal.
 */
function runResolved(file: string, name: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  if (notExecutableFormat(file) && isExecutable(file)) {
    return Promise.resolve({ error: `fork/exec ${file}: ${errnoName('ENOEXEC')}`, code: 1 });
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (o: ChildOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    const child = spawn(file, args, { argv0: name, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish({
        error: `fork/exec ${file}: ${errnoName(e.code) ?? (e.code ?? 'unknown error').toLowerCase()}`,
        code: 1,
      });
    });
    child.on('exit', (code, signal) => {
      if (code === 0) finish({ code: 0 });
      else finish({ error: exitText(code, signal), code: signal ? 255 : (code ?? 1) });
    });
  });
}

/** lock's command: argv[0] with argv[1..] (an empty name fails as Go's StartProcess does). */
export function runChild(argv: string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  const [name, ...args] = argv;
  if (name === '') return Promise.resolve({ error: 'fork/exec : no such file or directory', code: 1 });
  const found = lookPath(name, env.PATH);
  if ('error' in found) return Promise.resolve({ error: found.error, code: 1 });
  return runResolved(found.path, name, args, env);
}

/** watch's exec command: Go's error text when it fails, or undefined. */
export async function runExec(execArgs: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const [name, ...args] = execArgs;
  const found = lookPath(name, env.PATH);
  if ('error' in found) return found.error;
  return (await runResolved(found.path, name, args, env)).error;
}
