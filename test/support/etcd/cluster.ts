/**
 * Clusters of real members on 127.0.0.1: fresh ports and temp folder per start (or the
 * ports and names of an earlier cluster: twin identity), retried when a port was taken;
 * and an extra member joining a running cluster.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureFlavor, type EtcdFlavor } from './binaries';
import { EtcdMember, EtcdStartError, READY_TIMEOUT_MS, memberArgs, type Member } from './member';
import { TEMP_PREFIX, installHandlers, reapOrphans, rigState, writeOwnerFile } from './registry';

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

const MAX_START_ATTEMPTS = 3;

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

function etcdEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // etcd reads ETCD_* as flags (and 3.5 refuses env+flag duplicates)
    if (k.startsWith('ETCD_') || k.startsWith('ETCDCTL_')) continue;
    env[k] = v;
  }
  return { ...env, ...(extra ?? {}) };
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
      m.args = memberArgs(m, flavor, { initialCluster, state: 'new', token }, opts.extraArgs ?? []);
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
export async function withCluster<T>(opts: StartClusterOptions, fn: (cluster: Cluster) => Promise<T> | T): Promise<T> {
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
      m.args = memberArgs(m, cluster.flavor, { initialCluster, state: 'existing' }, extraArgs);
      if (!members.includes(m)) members.push(m);
      await m.start();
    },
  };
}
