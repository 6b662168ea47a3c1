/**
 * Long-running CLI processes for the watch tests: start a watcher (ours or the
 * real etcdctl), wait until the server counts its watcher, wait for output,
 * then end it with a signal and compare what it printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { cleanEnv, oursBin } from './run';
import { realEtcdctl, type EtcdFlavor } from './etcd';

export interface Proc {
  readonly child: ChildProcess;
  stdout(): Buffer;
  stderr(): Buffer;
  out(): string;
  err(): string;
  /** Resolves when `pred(stdout, stderr)` holds; rejects after `timeoutMs` with what was printed. */
  waitFor(pred: (out: string, err: string) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  write(data: string | Buffer): void;
  endInput(): void;
  /** Resolves with the exit status once the process ended (after its output was read). */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: string | null }>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Keep stdin open (interactive mode); otherwise it is closed at once. */
  stdin?: boolean;
}

export function startProc(bin: string, args: string[], opts: StartOptions = {}): Proc {
  const child = spawn(bin, args, { env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const waiters = new Set<() => void>();
  const poke = (): void => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', (b: Buffer) => {
    out.push(b);
    poke();
  });
  child.stderr?.on('data', (b: Buffer) => {
    err.push(b);
    poke();
  });
  child.stdin?.on('error', () => undefined);
  if (!opts.stdin) child.stdin?.end();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on('close', (code, signal) => {
      poke();
      resolve({ code, signal });
    });
  });
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const proc: Proc = {
    child,
    stdout: () => Buffer.concat(out),
    stderr: () => Buffer.concat(err),
    out: () => Buffer.concat(out).toString('utf8'),
    err: () => Buffer.concat(err).toString('utf8'),
    waitFor(pred, timeoutMs = 15_000, what = 'output') {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pred(proc.out(), proc.err())) {
            done();
            resolve();
          } else if (ended) {
            done();
            reject(
              new Error(
                `${bin} ${args.join(' ')} exited before ${what}\n--- stdout\n${proc.out()}\n--- stderr\n${proc.err()}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `timeout waiting for ${what} from ${bin} ${args.join(' ')}\n--- stdout\n${proc.out()}\n--- stderr\n${proc.err()}`,
            ),
          );
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    write: (data) => child.stdin?.write(data),
    endInput: () => child.stdin?.end(),
    exited,
    async stop(signal = 'SIGTERM') {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
  return proc;
}

export function startOurs(args: string[], opts?: StartOptions): Proc {
  return startProc(oursBin(), args, opts);
}

export function startReal(flavor: EtcdFlavor, args: string[], opts: StartOptions = {}): Proc {
  return startProc(realEtcdctl(flavor), args, { ...opts, env: { ETCDCTL_API: '3', ...(opts.env ?? {}) } });
}

/** GET <clientUrl>/metrics. */
export function metrics(clientUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${clientUrl}/metrics`, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(3000, () => req.destroy(new Error('metrics timeout')));
  });
}

/** etcd_debugging_mvcc_watcher_total of one member: the watchers it serves now. */
export async function watcherCount(clientUrl: string): Promise<number> {
  const m = /^etcd_debugging_mvcc_watcher_total (\d+)/m.exec(await metrics(clientUrl));
  return m ? Number(m[1]) : 0;
}

/** Polls until the member serves at least `n` watchers. */
export async function waitWatchers(clientUrl: string, n: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = await watcherCount(clientUrl);
    if (c >= n) return;
    if (Date.now() > until) throw new Error(`the server has ${c} watchers, ${n} expected`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
