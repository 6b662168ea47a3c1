/**
 * Running CLIs (ours and the real etcdctl) as child processes, without a shell.
 *
 *   const r = await ours(['--endpoints', ep, 'get', 'a']);
 *   const e = await real('3.4', ['--endpoints', ep, 'get', 'a']);
 *   assert.equal(r.out, e.out);
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureFlavor, realEtcdctl, repoRoot, type EtcdFlavor } from './etcd';

export interface RunResult {
  stdout: Buffer;
  stderr: Buffer;
  /** Exit code, null when killed by a signal. */
  code: number | null;
  signal: string | null;
  /** stdout as UTF-8 */
  out: string;
  /** stderr as UTF-8 */
  err: string;
  /** true when the process was killed because timeoutMs elapsed. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Applied over the cleaned base environment; undefined deletes a variable. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (no input: stdin is an empty, closed pipe). */
  input?: string | Buffer;
  /** Default 30000. On expiry the process gets SIGTERM, then SIGKILL 2 s later. */
  timeoutMs?: number;
  /** Working directory (default: the current one). */
  cwd?: string;
  /** Opened read-only as stdin instead of a pipe (a directory gives EISDIR on read); `input` is ignored. */
  stdinPath?: string;
}

/**
 * process.env minus ETCDCTL_* and NODE_EXTRA_CA_CERTS, plus ETCDCTLTS_COMPAT=3.6
 * (the differential tests compare with real 3.4/3.5 binaries, so they run our 3.6 line; a 3.7
 * test passes `{ ETCDCTLTS_COMPAT: undefined }` or `'3.7'`), then `extra` (undefined deletes).
 */
export function cleanEnv(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('ETCDCTL_') || k === 'NODE_EXTRA_CA_CERTS') continue;
    env[k] = v;
  }
  env.ETCDCTLTS_COMPAT = '3.6';
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs bin with args (no shell) and collects its output. Rejects only if it cannot be spawned. */
export function runCli(bin: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise<RunResult>((resolve, reject) => {
    const stdinFd = opts.stdinPath !== undefined ? fs.openSync(opts.stdinPath, 'r') : undefined;
    const child = spawn(bin, args, {
      env: cleanEnv(opts.env),
      cwd: opts.cwd,
      stdio: [stdinFd ?? 'pipe', 'pipe', 'pipe'],
    });
    if (stdinFd !== undefined) fs.closeSync(stdinFd);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    }, timeoutMs);

    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.stdin?.on('error', () => {
      // EPIPE when the process exits without reading its input: not our concern
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      reject(new Error(`cannot run ${bin}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err);
      resolve({
        stdout,
        stderr,
        code,
        signal,
        out: stdout.toString('utf8'),
        err: stderr.toString('utf8'),
        timedOut,
      });
    });

    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Path of our CLI: <root>/bin/etcdctl (needs `npm run build`). */
export function oursBin(): string {
  return path.join(repoRoot(), 'bin', 'etcdctl');
}

/** Runs our CLI. */
export function ours(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runCli(oursBin(), args, opts);
}

/** Runs the real etcdctl of a flavor, with ETCDCTL_API=3 (3.4 needs it). */
export async function real(flavor: EtcdFlavor, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  await ensureFlavor(flavor);
  return runCli(realEtcdctl(flavor), args, { ...opts, env: { ETCDCTL_API: '3', ...(opts.env ?? {}) } });
}

/** Drops the Go client's zap log lines (lines starting with {"level":) for comparisons. */
export function dropZapLines(s: string): string {
  return s
    .split('\n')
    .filter((line) => !line.startsWith('{"level":'))
    .join('\n');
}

/** What differential tests compare of a run: stdout (bytes as latin1 unless told), stderr without zap lines, exit code. */
export interface Outcome {
  out: string;
  err: string;
  code: number | null;
}

export function outcomeOf(r: RunResult, stdoutEncoding: BufferEncoding = 'latin1'): Outcome {
  return { out: r.stdout.toString(stdoutEncoding), err: dropZapLines(r.err), code: r.code };
}
