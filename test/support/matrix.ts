// Helpers shared by the cross-command behaviour matrix (test/compat/matrix-*.test.ts):
// one command line run by the real etcdctl and by ours, outcomes reduced to what is
// compared (stdout bytes, stderr without the Go client's zap lines, exit status or
// signal), a small concurrency pool, and the 3.6 derivations the matrix needs.
import { spawn } from 'node:child_process';
import { cleanEnv, dropZapLines, ours, real, type RunOptions, type RunResult } from './run';
import type { EtcdFlavor } from './etcd';

export interface Outcome {
  /** stdout, latin1 (bytes preserved). */
  out: string;
  /** stderr without zap JSON log lines. */
  err: string;
  code: number | null;
  signal: string | null;
}

export function outcome(r: RunResult): Outcome {
  return { out: r.stdout.toString('latin1'), err: dropZapLines(r.err), code: r.code, signal: r.signal };
}

export const errOnly = (msg: string, code: number): Outcome => ({
  out: '',
  err: `Error: ${msg}\n`,
  code,
  signal: null,
});

/** An endpoint nothing listens on, with short timeouts (docs/etcdctl-behaviour.md §3.4: commands wait for the command timeout). */
export const UNREACHABLE = ['--endpoints=127.0.0.1:1', '--command-timeout=1s', '--dial-timeout=1s'];

export const CONFLICT_TEXT =
  'conflicting environment variable "ETCDCTL_ENDPOINTS" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)';

export interface PairOptions extends RunOptions {
  oracle?: EtcdFlavor;
  /** What the oracle runs instead (3.6-only syntax). */
  realArgs?: string[];
}

export async function runReal(args: string[], opts: PairOptions = {}): Promise<Outcome> {
  return outcome(await real(opts.oracle ?? '3.5', args, opts));
}

export async function runOurs(args: string[], opts: RunOptions = {}): Promise<Outcome> {
  return outcome(await ours(args, opts));
}

/** Runs tasks with at most `limit` at a time; results in task order. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * 3.6 prints a cobra error once; the 3.4/3.5 oracles print it twice (docs/etcdctl-behaviour.md §11.1 #2):
 * `Error: X⏎⏎Error: X⏎` → `Error: X⏎⏎`, and the unknown-command block without its repeat.
 */
export function cobraOnce(o: Outcome): Outcome {
  const unknownCmd = /^(Error: unknown command [\s\S]*?Run 'etcdctl --help' for usage\.\n)/.exec(o.err);
  if (unknownCmd) return { ...o, err: unknownCmd[1] };
  const m = /^(Error: .*\n\n)Error: .*\n$/.exec(o.err);
  return m ? { ...o, err: m[1] } : o;
}

/** The `stty: 'standard input': …` noise of etcdctl's password prompt on a pipe (we print none, README). */
export function dropStty(o: Outcome): Outcome {
  return { ...o, err: o.err.replace(/^stty: 'standard input': Inappropriate ioctl for device\n/gm, '') };
}

/** A Go time.Duration string as etcdctl prints `took` values. */
export const GO_DURATION = String.raw`(?:\d+(?:\.\d+)?(?:ns|µs|ms|s)|(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?s)`;

/**
 * 3.6 defrag lines (docs/etcdctl-behaviour.md §8.6, §11.4 #14) from the 3.4/3.5 ones, with the duration
 * taken from `mine` (it is measured, so it differs run to run); checks it is one.
 */
export function defrag36(theirs: Outcome, mine: Outcome): Outcome {
  const tooks = [...(mine.out + mine.err).matchAll(new RegExp(String.raw`\]\. took (${GO_DURATION})`, 'g'))].map(
    (m) => m[1],
  );
  let i = 0;
  const took = (): string => tooks[i++] ?? '<missing took>';
  return {
    ...theirs,
    out: theirs.out.replace(
      /^(Finished defragmenting etcd member\[[^\]]*\])$/gm,
      (_, head: string) => `${head}. took ${took()}`,
    ),
    err: theirs.err.replace(
      /^(Failed to defragment etcd member\[[^\]]*\]) \((.*)\)$/gm,
      (_, head: string, why: string) => `${head}. took ${took()}. (${why})`,
    ),
  };
}

/**
 * Runs a command that prints and then keeps running (watch, elect -l, lock): once its stdout
 * has been quiet for `quietMs` after the first output (or after `maxMs` in all), it gets
 * SIGTERM (SIGKILL 2 s later). No timing is asserted: a slow start only waits longer.
 */
export function runUntilQuiet(
  bin: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  quietMs = 700,
  maxMs = 10_000,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let quiet: NodeJS.Timeout | undefined;
    const stop = (): void => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
    };
    const all = setTimeout(stop, maxMs);
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(stop, quietMs);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(all);
      if (quiet) clearTimeout(quiet);
      resolve(
        outcome({
          stdout: Buffer.concat(out),
          stderr: Buffer.concat(err),
          code,
          signal,
          out: '',
          err: Buffer.concat(err).toString('utf8'),
          timedOut: false,
        }),
      );
    });
    child.stdin.end();
  });
}
