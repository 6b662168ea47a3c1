/**
 * One etcd member process: spawned with its log in the cluster's temp folder,
 * registered in the rig's registry, ready when its /health says true, stopped by signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { etcdBinary, type EtcdFlavor } from './binaries';
import { requestJson } from '../http-json';
import { rigState } from './registry';

export interface Member {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
  /** "127.0.0.1:<clientPort>" */
  readonly endpoint: string;
  /** "http://127.0.0.1:<clientPort>" (https:// with clientTls) */
  readonly clientUrl: string;
  /** "http://127.0.0.1:<peerPort>" */
  readonly peerUrl: string;
  readonly dataDir: string;
  /** Path of the file receiving this member's etcd stdout/stderr. */
  readonly logFile: string;
  /** PID of the most recently started etcd process of this member (kept after it exits). */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Signals the process and waits for it to exit (SIGTERM escalates to SIGKILL after 5 s). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Restarts etcd with the same data dir and flags; resolves when /health says true. */
  start(): Promise<void>;
}

/** How long a starting member may take to report healthy. */
export const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** GET http://127.0.0.1:<port>/health; true iff it answers {"health":"true",...}. */
async function healthy(port: number, timeoutMs = 1000, tls?: { cert?: string; key?: string }): Promise<boolean> {
  const get = tls ? https.get : http.get;
  const tlsOptions = tls
    ? {
        rejectUnauthorized: false,
        ...(tls.cert ? { cert: fs.readFileSync(tls.cert) } : {}),
        ...(tls.key ? { key: fs.readFileSync(tls.key) } : {}),
      }
    : {};
  const j = await requestJson((onResponse) =>
    get({ host: '127.0.0.1', port, path: '/health', timeout: timeoutMs, agent: false, ...tlsOptions }, onResponse),
  );
  return (j as { health?: unknown } | undefined)?.health === 'true';
}

function logTail(file: string, lines = 30): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '(no log)';
  }
}

export class EtcdStartError extends Error {
  constructor(
    message: string,
    readonly addressInUse: boolean,
  ) {
    super(message);
    this.name = 'EtcdStartError';
  }
}

/** Flags etcd's logger understands: both 3.4 and 3.5 accept zap + --log-level. */
function logFlags(flavor: EtcdFlavor): string[] {
  // 3.4 defaults to capnslog (no --log-level); 3.5 only has zap. Both accept these three.
  void flavor;
  return ['--logger=zap', '--log-outputs=stderr', '--log-level=error'];
}

export class EtcdMember implements Member {
  readonly endpoint: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  args: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private alive = false;
  private lastPid: number | undefined;

  constructor(
    readonly name: string,
    readonly clientPort: number,
    readonly peerPort: number,
    tempDir: string,
    private readonly flavor: EtcdFlavor,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onSpawn: () => void,
    private readonly clientTls?: { cert?: string; key?: string },
  ) {
    this.endpoint = `127.0.0.1:${clientPort}`;
    this.clientUrl = `${clientTls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
    this.peerUrl = `http://127.0.0.1:${peerPort}`;
    this.dataDir = path.join(tempDir, `${name}.etcd`);
    this.logFile = path.join(tempDir, `${name}.log`);
  }

  get pid(): number | undefined {
    return this.lastPid;
  }

  get running(): boolean {
    return this.alive;
  }

  /** Spawns etcd (no waiting). */
  spawn(): void {
    if (this.alive) throw new Error(`etcd member ${this.name} is already running`);
    const state = rigState();
    const fd = fs.openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(etcdBinary(this.flavor), this.args, {
        stdio: ['ignore', fd, fd],
        env: this.env,
      });
    } finally {
      fs.closeSync(fd);
    }
    const pid = child.pid;
    if (pid === undefined) {
      // spawn failed synchronously-ish (ENOENT etc.): the error event follows
      throw new Error(`could not spawn ${etcdBinary(this.flavor)} for member ${this.name}`);
    }
    this.child = child;
    this.lastPid = pid;
    this.alive = true;
    state.processes.set(pid, { pid, child, dataDir: this.dataDir });
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        this.alive = false;
        state.processes.delete(pid);
        resolve();
      });
    });
    child.on('error', () => {
      // reported through 'exit' / the readiness check
    });
    this.onSpawn();
  }

  /** Resolves once /health is true; rejects early if etcd exits, or after the deadline. */
  async waitHealthy(deadline: number): Promise<void> {
    for (;;) {
      if (!this.alive) {
        const tail = logTail(this.logFile);
        const code = this.child?.exitCode;
        const sig = this.child?.signalCode;
        throw new EtcdStartError(
          `etcd member ${this.name} (${this.flavor}, pid ${this.lastPid}) exited during start ` +
            `(code ${code ?? 'null'}, signal ${sig ?? 'null'}). Last lines of its log:\n${tail}`,
          /address already in use/i.test(tail),
        );
      }
      if (await healthy(this.clientPort, 1000, this.clientTls)) return;
      if (Date.now() > deadline) {
        throw new EtcdStartError(
          `etcd member ${this.name} (${this.flavor}, ${this.clientUrl}) not healthy after ` +
            `${READY_TIMEOUT_MS / 1000} s. Last lines of its log:\n${logTail(this.logFile)}`,
          false,
        );
      }
      await sleep(100);
    }
  }

  async start(): Promise<void> {
    this.spawn();
    try {
      await this.waitHealthy(Date.now() + READY_TIMEOUT_MS);
    } catch (e) {
      await this.stop('SIGKILL');
      throw e;
    }
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = this.exited;
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
    if (signal === 'SIGTERM') {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), STOP_GRACE_MS);
        }),
      ]);
      if (timer) clearTimeout(timer);
      if (timedOut) {
        try {
          child.kill('SIGKILL');
        } catch {
          // gone
        }
      }
    }
    await exited;
  }
}

/**
 * etcd's flags for member m: a member of a new cluster (`state: 'new'`, with the cluster
 * token) or one joining a running cluster (`state: 'existing'`, no token).
 */
export function memberArgs(
  m: EtcdMember,
  flavor: EtcdFlavor,
  cluster: { initialCluster: string; state: 'new' | 'existing'; token?: string },
  extra: string[],
): string[] {
  return [
    '--name',
    m.name,
    '--data-dir',
    m.dataDir,
    '--listen-client-urls',
    m.clientUrl,
    '--advertise-client-urls',
    m.clientUrl,
    '--listen-peer-urls',
    m.peerUrl,
    '--initial-advertise-peer-urls',
    m.peerUrl,
    '--initial-cluster',
    cluster.initialCluster,
    '--initial-cluster-state',
    cluster.state,
    ...(cluster.token === undefined ? [] : ['--initial-cluster-token', cluster.token]),
    ...logFlags(flavor),
    ...extra,
  ];
}
