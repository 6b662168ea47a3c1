/**
 * Real-etcd test rig: starts genuine etcd members on 127.0.0.1 for integration tests.
 *
 *   const cluster = await startCluster({ size: 3, flavor: '3.5' });
 *   try { ... cluster.endpoints ... } finally { await cluster.stop(); }
 *   // or: await withCluster({ size: 1 }, async (cluster) => { ... });
 *
 * Flavors:  '3.4' = Debian's /usr/bin/etcd + /usr/bin/etcdctl (apt: etcd-server etcd-client);
 *           '3.5' = Debian sid's etcd, unpacked on demand into <root>/.cache/etcd-sid by
 *                   scripts/fetch-etcd-sid.sh (guarded by a mkdir lock, so parallel test files
 *                   fetch it once).
 *
 * Layout:   every cluster gets one temp folder (mkdtemp under os.tmpdir(), prefix
 *           "etcdctl-ts-rig-") holding each member's data dir (<name>.etcd), its log
 *           (<name>.log: etcd's stdout+stderr, never the test output) and owner.json
 *           (the owning test process and member PIDs, used to reap orphans; see below).
 *
 * Process registry / cleanup (no module-level mutable state):
 *   All mutable state lives in ONE object created by createRigState() and stored on
 *   globalThis under Symbol.for('etcdctl-ts.test-rig'); rigState() returns it. Every spawned
 *   etcd is registered there (pid -> process + data dir) and every cluster temp folder too.
 *   On the first start, handlers are installed once: process.on('exit') and SIGINT/SIGTERM/
 *   SIGHUP SIGKILL any still-registered etcd and remove the temp folders (signal handlers then
 *   re-raise the signal so the process still dies of it). If a test process is SIGKILLed
 *   (nothing can run then), the next startCluster() in any process reaps its leftovers: temp
 *   folders whose owner.json names a dead owner PID get their etcd PIDs SIGKILLed (only if
 *   /proc/<pid>/cmdline still mentions the data dir) and are removed.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export type EtcdFlavor = '3.4' | '3.5';

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

export interface Cluster {
  readonly members: Member[];
  /** "127.0.0.1:<port>" client endpoints, one per member. */
  readonly endpoints: string[];
  /** "http://127.0.0.1:<port>" client URLs, one per member. */
  readonly clientUrls: string[];
  readonly flavor: EtcdFlavor;
  /** The cluster's temp folder (data dirs, logs). Removed by stop(). */
  readonly tempDir: string;
  /** Pass as `identity` to startCluster to start a twin after this one is stopped. */
  readonly identity: ClusterIdentity;
  /** Stops all members one by one (SIGTERM, SIGKILL after 5 s), removes the temp folder. Idempotent. */
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  /** 1 or 3 (default 1). */
  size?: number;
  /** Default '3.4'. */
  flavor?: EtcdFlavor;
  /** Extra etcd flags for every member. */
  extraArgs?: string[];
  /** Extra environment for etcd (ETCD_* / ETCDCTL_* of the test process are NOT inherited). */
  env?: Record<string, string>;
  /**
   * Start a twin of an earlier (stopped) cluster: same names, ports and token, so
   * the same member and cluster IDs. Differential tests replay a scenario on twins.
   */
  identity?: ClusterIdentity;
  /**
   * Serve clients over https: client URLs become https://127.0.0.1:<port> (put the server's
   * --cert-file/--key-file/... in extraArgs). The readiness check then speaks TLS without
   * verifying the server, presenting `cert`/`key` when given (needed with --client-cert-auth).
   */
  clientTls?: { cert?: string; key?: string };
}

/** What makes a cluster's IDs: its name suffix, ports and token (see identity). */
export interface ClusterIdentity {
  id: string;
  ports: number[];
}

interface TrackedProcess {
  pid: number;
  child: ChildProcess;
  dataDir: string;
}

/** The rig's only mutable state; one per process, see rigState(). */
export interface RigState {
  /** Every live etcd process started by this process, by PID. */
  readonly processes: Map<number, TrackedProcess>;
  /** Cluster temp folders not removed yet. */
  readonly tempDirs: Set<string>;
  /** In-flight / finished binary preparation per flavor. */
  readonly prepared: Map<EtcdFlavor, Promise<void>>;
  handlersInstalled: boolean;
  orphansReaped: boolean;
}

const STATE_KEY = Symbol.for('etcdctl-ts.test-rig');
const TEMP_PREFIX = 'etcdctl-ts-rig-';
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const MAX_START_ATTEMPTS = 3;

function createRigState(): RigState {
  return {
    processes: new Map(),
    tempDirs: new Set(),
    prepared: new Map(),
    handlersInstalled: false,
    orphansReaped: false,
  };
}

/** The per-process rig state (created on first use, kept on globalThis under a Symbol). */
export function rigState(): RigState {
  const g = globalThis as unknown as Record<symbol, RigState | undefined>;
  let state = g[STATE_KEY];
  if (!state) {
    state = createRigState();
    g[STATE_KEY] = state;
  }
  return state;
}

// ---------------------------------------------------------------------------------------------
// Paths and binaries

/** Repo root: $ETCDCTL_TS_ROOT, else the nearest ancestor of cwd whose package.json is "etcdctl-ts". */
export function repoRoot(): string {
  const fromEnv = process.env.ETCDCTL_TS_ROOT;
  if (fromEnv) return path.resolve(fromEnv);
  let dir = process.cwd();
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    try {
      const parsed = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: unknown };
      if (parsed.name === 'etcdctl-ts') return dir;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `cannot find the etcdctl-ts repo root from ${process.cwd()}; set ETCDCTL_TS_ROOT`,
      );
    }
    dir = parent;
  }
}

function sidDir(): string {
  return path.join(repoRoot(), '.cache', 'etcd-sid');
}

/** Path of the real etcd server binary of a flavor (may not exist yet for '3.5': see ensureFlavor). */
export function etcdBinary(flavor: EtcdFlavor): string {
  return flavor === '3.4' ? '/usr/bin/etcd' : path.join(sidDir(), 'usr', 'bin', 'etcd');
}

/** Path of the real etcdctl of a flavor (may not exist yet for '3.5': see ensureFlavor). */
export function realEtcdctl(flavor: EtcdFlavor): string {
  return flavor === '3.4' ? '/usr/bin/etcdctl' : path.join(sidDir(), 'usr', 'bin', 'etcdctl');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Makes sure the etcd + etcdctl binaries of a flavor exist. For '3.5' this runs
 * scripts/fetch-etcd-sid.sh once, under a mkdir lock (<root>/.cache/etcd-sid.lock) shared by
 * all test processes. Throws a clear error when the binaries cannot be had.
 */
export function ensureFlavor(flavor: EtcdFlavor): Promise<void> {
  const state = rigState();
  let p = state.prepared.get(flavor);
  if (!p) {
    p = flavor === '3.4' ? ensure34() : ensure35();
    state.prepared.set(flavor, p);
    // a failure is not cached: a later call may try again
    p.catch(() => state.prepared.delete(flavor));
  }
  return p;
}

async function ensure34(): Promise<void> {
  for (const bin of [etcdBinary('3.4'), realEtcdctl('3.4')]) {
    if (!isExecutable(bin)) {
      throw new Error(
        `etcd 3.4 binary ${bin} not found: install Debian's etcd-server and etcd-client ` +
          `(.ci/run does this)`,
      );
    }
  }
}

async function ensure35(): Promise<void> {
  const root = repoRoot();
  const cacheDir = path.join(root, '.cache');
  const lockDir = path.join(cacheDir, 'etcd-sid.lock');
  const ready = () =>
    isExecutable(etcdBinary('3.5')) && isExecutable(realEtcdctl('3.5')) && !fs.existsSync(lockDir);
  if (ready()) return;

  fs.mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  // acquire the lock
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'owner'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // somebody else holds it: wait, and break it if its owner died
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8'));
    } catch {
      // owner file not written yet
    }
    let age = 0;
    try {
      age = Date.now() - fs.statSync(lockDir).mtimeMs;
    } catch {
      continue; // lock vanished: retry at once
    }
    if ((Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) || age > 10 * 60_000) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for the etcd 3.5 fetch lock ${lockDir}`);
    }
    await sleep(250);
  }

  try {
    const script = path.join(root, 'scripts', 'fetch-etcd-sid.sh');
    await new Promise<void>((resolve, reject) => {
      execFile(
        'bash',
        [script, sidDir()],
        { timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) {
            reject(
              new Error(
                `could not fetch etcd 3.5 (Debian sid) with scripts/fetch-etcd-sid.sh: ` +
                  `${err.message}\n${String(stderr).trim()}\n${String(stdout).trim()}`,
              ),
            );
          } else resolve();
        },
      );
    });
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
  for (const bin of [etcdBinary('3.5'), realEtcdctl('3.5')]) {
    if (!isExecutable(bin)) {
      throw new Error(`etcd 3.5 binary ${bin} missing after scripts/fetch-etcd-sid.sh`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup: exit/signal handlers and orphan reaping

function killAllSync(state: RigState): void {
  for (const proc of state.processes.values()) {
    try {
      process.kill(proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  state.processes.clear();
  for (const dir of state.tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
      // best effort
    }
  }
  state.tempDirs.clear();
}

function installHandlers(state: RigState): void {
  if (state.handlersInstalled) return;
  state.handlersInstalled = true;
  process.on('exit', () => killAllSync(state));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAllSync(state);
      process.removeListener(sig, onSignal);
      // die of the same signal unless somebody else handles it
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

interface OwnerFile {
  ownerPid: number;
  members: Array<{ pid: number; dataDir: string }>;
}

function writeOwnerFile(tempDir: string, members: Array<{ pid: number | undefined; dataDir: string }>) {
  const data: OwnerFile = {
    ownerPid: process.pid,
    members: members
      .filter((m): m is { pid: number; dataDir: string } => m.pid !== undefined)
      .map((m) => ({ pid: m.pid, dataDir: m.dataDir })),
  };
  try {
    fs.writeFileSync(path.join(tempDir, 'owner.json'), JSON.stringify(data));
  } catch {
    // temp dir already removed
  }
}

/** Kills etcd processes + removes temp folders left by test processes that died without cleanup. */
export function reapOrphans(): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), entry);
    let owner: OwnerFile;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner.json'), 'utf8')) as OwnerFile;
    } catch {
      continue; // being set up right now, or not ours
    }
    if (owner.ownerPid === process.pid || pidAlive(owner.ownerPid)) continue;
    for (const m of owner.members ?? []) {
      try {
        const cmdline = fs.readFileSync(`/proc/${m.pid}/cmdline`, 'utf8');
        if (cmdline.includes(m.dataDir)) process.kill(m.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

// ---------------------------------------------------------------------------------------------
// Ports, health, logs

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port from the OS'))));
    });
  });
}

async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** GET http://127.0.0.1:<port>/health; true iff it answers {"health":"true",...}. */
function healthy(port: number, timeoutMs = 1000, tls?: { cert?: string; key?: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const get = tls ? https.get : http.get;
    const tlsOptions = tls
      ? {
          rejectUnauthorized: false,
          ...(tls.cert ? { cert: fs.readFileSync(tls.cert) } : {}),
          ...(tls.key ? { key: fs.readFileSync(tls.key) } : {}),
        }
      : {};
    const req = get(
      { host: '127.0.0.1', port, path: '/health', timeout: timeoutMs, agent: false, ...tlsOptions },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          try {
            resolve((JSON.parse(body) as { health?: unknown }).health === 'true');
          } catch {
            resolve(false);
          }
        });
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function logTail(file: string, lines = 30): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines - 1).join('\n').trimEnd();
  } catch {
    return '(no log)';
  }
}

class EtcdStartError extends Error {
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

function etcdEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // etcd reads ETCD_* as flags (and 3.5 refuses env+flag duplicates)
    if (k.startsWith('ETCD_') || k.startsWith('ETCDCTL_')) continue;
    env[k] = v;
  }
  return { ...env, ...(extra ?? {}) };
}

// ---------------------------------------------------------------------------------------------
// Members and clusters

class EtcdMember implements Member {
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

function memberArgs(
  m: EtcdMember,
  initialCluster: string,
  token: string,
  flavor: EtcdFlavor,
  extra: string[],
): string[] {
  return [
    '--name', m.name,
    '--data-dir', m.dataDir,
    '--listen-client-urls', m.clientUrl,
    '--advertise-client-urls', m.clientUrl,
    '--listen-peer-urls', m.peerUrl,
    '--initial-advertise-peer-urls', m.peerUrl,
    '--initial-cluster', initialCluster,
    '--initial-cluster-state', 'new',
    '--initial-cluster-token', token,
    ...logFlags(flavor),
    ...extra,
  ];
}

/** Starts a fresh etcd cluster of real members on 127.0.0.1; resolves when all are healthy. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const size = opts.size ?? 1;
  if (size !== 1 && size !== 3) throw new Error(`startCluster: size must be 1 or 3, not ${size}`);
  const flavor: EtcdFlavor = opts.flavor ?? '3.4';
  if (flavor !== '3.4' && flavor !== '3.5') throw new Error(`startCluster: unknown flavor ${flavor}`);
  await ensureFlavor(flavor);

  const state = rigState();
  installHandlers(state);
  if (!state.orphansReaped) {
    state.orphansReaped = true;
    reapOrphans();
  }
  const env = etcdEnv(opts.env);

  let lastError: unknown;
  for (let attempt = 1; attempt <= MAX_START_ATTEMPTS; attempt++) {
    const id = opts.identity?.id ?? `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
    state.tempDirs.add(tempDir);
    const ports = opts.identity?.ports ?? (await freePorts(size * 2));
    const members: EtcdMember[] = [];
    const record = () => writeOwnerFile(tempDir, members);
    for (let i = 0; i < size; i++) {
      const clientPort = ports[2 * i];
      const peerPort = ports[2 * i + 1];
      if (clientPort === undefined || peerPort === undefined) throw new Error('port allocation failed');
      members.push(new EtcdMember(`m${i}-${id}`, clientPort, peerPort, tempDir, flavor, env, record, opts.clientTls));
    }
    const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
    const token = `etcdctl-ts-${id}`;
    for (const m of members) {
      m.args = memberArgs(m, initialCluster, token, flavor, opts.extraArgs ?? []);
    }
    record();

    let stopped = false;
    const cluster: Cluster = {
      members,
      endpoints: members.map((m) => m.endpoint),
      clientUrls: members.map((m) => m.clientUrl),
      flavor,
      tempDir,
      identity: { id, ports },
      async stop() {
        if (stopped) return;
        stopped = true;
        // One member after the other: stopping all at once makes a leader's leadership
        // transfer on SIGTERM hang until the 5 s SIGKILL escalation; in turn it takes ~0.1 s.
        for (const m of members) await m.stop('SIGTERM');
        fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
        state.tempDirs.delete(tempDir);
      },
    };

    try {
      for (const m of members) m.spawn();
      const deadline = Date.now() + READY_TIMEOUT_MS;
      await Promise.all(members.map((m) => m.waitHealthy(deadline)));
      return cluster;
    } catch (e) {
      lastError = e;
      await Promise.all(members.map((m) => m.stop('SIGKILL')));
      const retry = e instanceof EtcdStartError && e.addressInUse && attempt < MAX_START_ATTEMPTS && !opts.identity;
      if (retry) {
        fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
        state.tempDirs.delete(tempDir);
        continue;
      }
      // keep nothing behind, but make the error self-contained (it already holds the log tail)
      fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      state.tempDirs.delete(tempDir);
      throw e;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** Starts a cluster, runs fn, and always stops the cluster afterwards. */
export async function withCluster<T>(
  opts: StartClusterOptions,
  fn: (cluster: Cluster) => Promise<T> | T,
): Promise<T> {
  const cluster = await startCluster(opts);
  try {
    return await fn(cluster);
  } finally {
    await cluster.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Joining an extra member (member add scenarios)

/** A member process prepared by prepareExtraMember: its URLs are known before it is started. */
export interface ExtraMember {
  readonly member: Member;
  /**
   * Starts etcd joining the running cluster (`--initial-cluster-state existing`) with the
   * ETCD_INITIAL_CLUSTER value `member add` printed; resolves when its /health is true.
   * The member is then part of cluster.members, so cluster.stop() stops it too.
   */
  start(initialCluster: string, extraArgs?: string[]): Promise<void>;
}

/**
 * Reserves ports and a data dir (in the cluster's temp folder) for one more member named
 * `name`, for `member add <name> --peer-urls=<member.peerUrl>` followed by start().
 */
export async function prepareExtraMember(cluster: Cluster, name: string): Promise<ExtraMember> {
  const [clientPort, peerPort] = await freePorts(2);
  if (clientPort === undefined || peerPort === undefined) throw new Error('port allocation failed');
  // startCluster's members array is the cluster's: cluster.stop() walks it.
  const members = cluster.members as EtcdMember[];
  const m = new EtcdMember(name, clientPort, peerPort, cluster.tempDir, cluster.flavor, etcdEnv(undefined), () =>
    writeOwnerFile(cluster.tempDir, members),
  );
  return {
    member: m,
    async start(initialCluster: string, extraArgs: string[] = []) {
      m.args = [
        '--name', m.name,
        '--data-dir', m.dataDir,
        '--listen-client-urls', m.clientUrl,
        '--advertise-client-urls', m.clientUrl,
        '--listen-peer-urls', m.peerUrl,
        '--initial-advertise-peer-urls', m.peerUrl,
        '--initial-cluster', initialCluster,
        '--initial-cluster-state', 'existing',
        ...logFlags(cluster.flavor),
        ...extraArgs,
      ];
      if (!members.includes(m)) members.push(m);
      await m.start();
    },
  };
}
