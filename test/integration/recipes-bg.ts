/**
 * Long-running CLI processes for the lock / elect / make-mirror tests: start
 * ours or the real etcdctl in the background, wait for output, signal it,
 * collect its result.
 */
import { after, before } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureFlavor, realEtcdctl, startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { cleanEnv, oursBin } from '../support/run';

export interface Exit {
  code: number | null;
  signal: string | null;
  out: string;
  err: string;
  stdout: Buffer;
}

export class Bg {
  private readonly outChunks: Buffer[] = [];
  private readonly errChunks: Buffer[] = [];
  readonly exited: Promise<Exit>;
  private done = false;

  constructor(readonly proc: ChildProcess) {
    proc.stdout?.on('data', (b: Buffer) => this.outChunks.push(b));
    proc.stderr?.on('data', (b: Buffer) => this.errChunks.push(b));
    this.exited = new Promise((resolve) => {
      proc.on('close', (code, signal) => {
        this.done = true;
        resolve({ code, signal, out: this.out, err: this.err, stdout: this.stdout });
      });
    });
  }

  get stdout(): Buffer {
    return Buffer.concat(this.outChunks);
  }

  get out(): string {
    return this.stdout.toString('utf8');
  }

  get err(): string {
    return Buffer.concat(this.errChunks).toString('utf8');
  }

  get running(): boolean {
    return !this.done;
  }

  /** Waits until stdout satisfies `pred` (or fails after `timeoutMs`, or when the process ends first). */
  async waitOut(pred: (out: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const out = this.out;
      if (pred(out)) return out;
      if (this.done)
        throw new Error(
          `process ended before the expected output; stdout=${JSON.stringify(out)} stderr=${JSON.stringify(this.err)}`,
        );
      if (Date.now() > end)
        throw new Error(
          `timed out waiting for output; stdout=${JSON.stringify(out)} stderr=${JSON.stringify(this.err)}`,
        );
      await sleep(25);
    }
  }

  /** Waits for `lines` complete lines on stdout. */
  waitLines(lines: number, timeoutMs?: number): Promise<string> {
    return this.waitOut((o) => o.split('\n').length - 1 >= lines, timeoutMs);
  }

  kill(signal: NodeJS.Signals = 'SIGINT'): void {
    if (!this.done) this.proc.kill(signal);
  }

  /** Signals the process and returns its result. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<Exit> {
    this.kill(signal);
    return this.exited;
  }
}

function start(bin: string, args: string[], env?: Record<string, string | undefined>, input?: string): Bg {
  const proc = spawn(bin, args, { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stdin?.on('error', () => undefined);
  if (input !== undefined) proc.stdin?.end(input);
  else proc.stdin?.end();
  return new Bg(proc);
}

export function oursBg(args: string[], opts: { env?: Record<string, string | undefined>; input?: string } = {}): Bg {
  return start(oursBin(), args, opts.env, opts.input);
}

export async function realBg(
  flavor: EtcdFlavor,
  args: string[],
  opts: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<Bg> {
  await ensureFlavor(flavor);
  return start(realEtcdctl(flavor), args, { ETCDCTL_API: '3', ...(opts.env ?? {}) }, opts.input);
}

/** Everything still running is killed (test cleanup). */
export function killAll(list: Bg[]): void {
  for (const b of list) b.kill('SIGKILL');
}

export { sleep };

export interface Rig {
  /** The file's one-member cluster (set once `before` has run). */
  readonly cluster: Cluster;
  /** Its client endpoint. */
  readonly ep: string;
  /** Registers a background process, killed when the file's tests end. */
  track<T extends Bg>(b: T): T;
}

/** A one-member cluster for a test file, started before its tests; it and every tracked process are gone after them. */
export function clusterWithBackground(): Rig {
  const bgs: Bg[] = [];
  let cluster: Cluster | undefined;
  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    killAll(bgs);
    await cluster?.stop();
  });
  return {
    get cluster(): Cluster {
      if (!cluster) throw new Error('the cluster starts in before()');
      return cluster;
    },
    get ep(): string {
      return this.cluster.endpoints[0];
    },
    track<T extends Bg>(b: T): T {
      bgs.push(b);
      return b;
    },
  };
}
