/**
 * Runs the command given to `lock <name> <cmd> [args]` the way Go's os/exec
 * does for etcdctl: the program is looked up in PATH (exec.LookPath) unless
 * its name contains a slash, stdin is /dev/null, stdout/stderr are inherited,
 * and a failure is described with Go's error texts (`exit status 3`,
 * `signal: killed`, `exec: "x": executable file not found in $PATH`,
 * `fork/exec /x: no such file or directory`).
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { goQuote } from '../util/goquote';

export interface ChildOutcome {
  /** Go's error text; undefined when the command exited with status 0. */
  error?: string;
  /** etcdctl 3.6's exit status for the error: the child's status, 255 for a signal, 1 otherwise. */
  code: number;
}

/** Go's syscall signal descriptions (linux), by signal number. */
const SIGNAL_TEXT: Record<number, string> = {
  1: 'hangup',
  2: 'interrupt',
  3: 'quit',
  4: 'illegal instruction',
  5: 'trace/breakpoint trap',
  6: 'aborted',
  7: 'bus error',
  8: 'floating point exception',
  9: 'killed',
  10: 'user defined signal 1',
  11: 'segmentation fault',
  12: 'user defined signal 2',
  13: 'broken pipe',
  14: 'alarm clock',
  15: 'terminated',
  16: 'stack fault',
  17: 'child exited',
  18: 'continued',
  19: 'stopped (signal)',
  20: 'stopped',
  21: 'stopped (tty input)',
  22: 'stopped (tty output)',
  23: 'urgent I/O condition',
  24: 'CPU time limit exceeded',
  25: 'file size limit exceeded',
  26: 'virtual timer expired',
  27: 'profiling timer expired',
  28: 'window changed',
  29: 'I/O possible',
  30: 'power failure',
  31: 'bad system call',
};

/** syscall.Errno texts for the errors exec can report. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOEXEC: 'exec format error',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  E2BIG: 'argument list too long',
  ETXTBSY: 'text file busy',
  ENOMEM: 'cannot allocate memory',
};

export function signalText(name: NodeJS.Signals): string {
  const num = (osConstants.signals as Record<string, number>)[name];
  return SIGNAL_TEXT[num] ?? `signal ${num}`;
}

function isExecutable(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isDirectory() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** exec.LookPath for a name without a slash: the path to run, or Go's error text. */
export function lookPath(name: string, pathEnv: string | undefined): { path?: string; error?: string } {
  for (const entry of (pathEnv ?? '').split(':')) {
    const candidate = join(entry === '' ? '.' : entry, name);
    if (!isExecutable(candidate)) continue;
    if (!isAbsolute(entry === '' ? '.' : entry)) {
      return { error: `exec: ${goQuote(name)}: cannot run executable found relative to current directory` };
    }
    return { path: candidate };
  }
  return { error: `exec: ${goQuote(name)}: executable file not found in $PATH` };
}

/** Runs argv[0] with argv[1..] and waits for it (no timeout). */
export function runChild(argv: string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  const [name, ...args] = argv;
  let file = name;
  if (!name.includes('/')) {
    if (name === '') return Promise.resolve({ error: 'fork/exec : no such file or directory', code: 1 });
    const found = lookPath(name, env.PATH);
    if (found.error !== undefined) return Promise.resolve({ error: found.error, code: 1 });
    file = found.path as string;
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
      finish({ error: `fork/exec ${name}: ${ERRNO_TEXT[e.code ?? ''] ?? e.message}`, code: 1 });
    });
    child.on('exit', (code, signal) => {
      if (signal) finish({ error: `signal: ${signalText(signal)}`, code: 255 });
      else if (code !== 0) finish({ error: `exit status ${code}`, code: code ?? 1 });
      else finish({ code: 0 });
    });
  });
}
