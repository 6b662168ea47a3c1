/**
 * The exec command of `watch ... -- cmd args` (spec §6.6.3): run once per
 * event, synchronously, with the ETCD_WATCH_* variables exactly as etcdctl
 * sets them, and the error texts of Go's os/exec when it fails.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Event } from '../../proto/gen/kv';
import { goQuote } from '../../util/goquote';
import { eventTypeName } from '../../output/watch';

/** The variables appended to etcdctl's environment for one event (Go %d / %q). */
export function watchEventEnv(revision: bigint, ev: Event): Record<string, string> {
  return {
    ETCD_WATCH_REVISION: String(revision),
    ETCD_WATCH_EVENT_TYPE: goQuote(eventTypeName(ev.type)),
    ETCD_WATCH_KEY: goQuote(ev.kv?.key ?? Buffer.alloc(0)),
    ETCD_WATCH_VALUE: goQuote(ev.kv?.value ?? Buffer.alloc(0)),
  };
}

/** Go's syscall.Errno texts for the errors a program start can meet. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOEXEC: 'exec format error',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  E2BIG: 'argument list too long',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ETXTBSY: 'text file busy',
  ENOMEM: 'cannot allocate memory',
  EAGAIN: 'resource temporarily unavailable',
};

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

function errnoText(code: string | undefined): string {
  return (code && ERRNO_TEXT[code]) ?? (code ?? 'unknown error').toLowerCase();
}

/** Go exec.ProcessState.String() for a finished child. */
export function exitText(code: number | null, signal: string | null): string {
  if (signal) return `signal: ${SIGNAL_TEXT[signal] ?? signal}`;
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
    if (!path.isAbsolute(candidate)) return { error: `exec: ${goQuote(name)}: cannot run executable found relative to current directory` };
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
 * Runs the command for one event with stdout/stderr inherited and stdin closed,
 * and resolves with Go's error text when it fails, or undefined.
 */
export function runExec(execArgs: string[], env: NodeJS.ProcessEnv, extra: Record<string, string>): Promise<string | undefined> {
  const [name, ...args] = execArgs;
  const found = lookPath(name, env.PATH);
  if ('error' in found) return Promise.resolve(found.error);
  if (notExecutableFormat(found.path) && isExecutable(found.path)) {
    return Promise.resolve(`fork/exec ${found.path}: ${ERRNO_TEXT.ENOEXEC}`);
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: string | undefined): void => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    const child = spawn(found.path, args, {
      argv0: name,
      env: { ...env, ...extra },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (e: NodeJS.ErrnoException) => done(`fork/exec ${found.path}: ${errnoText(e.code)}`));
    child.on('exit', (code, signal) => done(code === 0 ? undefined : exitText(code, signal)));
  });
}
