/**
 * Fault injection for the fault scenarios (test/integration/faults-*.test.ts), on real
 * members of a rig cluster (etcd.ts), loopback only:
 *
 *   const faults = new Faults(cluster);        // heal() in after(): SIGCONT, restart, proxies closed
 *   await faults.pause(i); faults.resume(i);   // SIGSTOP / SIGCONT: a hung member
 *   await faults.kill(i); await faults.restart(i);  // kill -9, then the same data dir again
 *   const p = await faults.proxy(i);           // 127.0.0.1:<port> in front of member i
 *   p.mode = 'blackhole' | 'pass'; p.delayMs = 100; p.cut();
 *   const leader = await findLeader(cluster);  // index of the member all live ones agree on
 *
 * Conditions are waited for with bounded polling (waitFor); nothing here measures time.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { after, before } from 'node:test';
import { startCluster, type Cluster } from './etcd';
import { requestJson } from './http-json';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` (every `everyMs`) until it returns a value other than undefined/false; throws
 * after `timeoutMs`, or at once with what `check` throws.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * A TCP proxy on 127.0.0.1 in front of one member. `mode`:
 *   pass      bytes flow both ways (after delayMs each chunk, order kept);
 *   blackhole new connections are accepted and never answered, bytes on open ones are dropped.
 * cut() destroys every open connection mid-stream (new ones are accepted as before).
 */
export class FaultProxy {
  mode: 'pass' | 'blackhole' = 'pass';
  /** Delay added to every chunk, each direction (0: none). */
  delayMs = 0;
  port = 0;
  /** Bytes sent from the member to clients so far. */
  bytesDown = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(readonly targetPort: number) {
    this.server = net.createServer((client) => this.accept(client));
  }

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Open client connections. */
  get connections(): number {
    let n = 0;
    for (const s of this.sockets) if (s.remotePort !== this.targetPort) n++;
    return n;
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => this.sockets.delete(s));
  }

  private accept(client: net.Socket): void {
    this.track(client);
    if (this.mode === 'blackhole') {
      client.on('data', () => undefined); // read and drop, answer nothing
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    this.track(upstream);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    this.forward(client, upstream, false);
    this.forward(upstream, client, true);
  }

  /** Copies from → to, chunk by chunk, honouring mode and delayMs (in order). */
  private forward(from: net.Socket, to: net.Socket, down: boolean): void {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (this.mode === 'blackhole') return;
      const delay = this.delayMs;
      chain = chain.then(async () => {
        if (delay > 0) await sleep(delay);
        if (this.mode === 'blackhole' || to.destroyed) return;
        if (down) this.bytesDown += chunk.length;
        to.write(chunk);
      });
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  /** Destroys every open connection (both sides). */
  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What POST /v3/maintenance/status (etcd's JSON gateway) says: member and leader IDs. */
export async function memberStatus(
  clientPort: number,
  timeoutMs = 1000,
): Promise<{ id: string; leader: string } | undefined> {
  const j = (await requestJson(
    (onResponse) =>
      http.request(
        {
          host: '127.0.0.1',
          port: clientPort,
          method: 'POST',
          path: '/v3/maintenance/status',
          timeout: timeoutMs,
          agent: false,
        },
        onResponse,
      ),
    '{}',
  )) as { header?: { member_id?: string }; leader?: string } | undefined;
  return j?.header?.member_id ? { id: String(j.header.member_id), leader: String(j.leader ?? '0') } : undefined;
}

/**
 * Index of the leader, once every running, unpaused member in `among` (default: all)
 * names the same leader and that leader is among them; polls up to timeoutMs.
 */
export async function findLeader(
  cluster: Cluster,
  opts: { among?: number[]; timeoutMs?: number } = {},
): Promise<number> {
  const among = opts.among ?? cluster.members.map((_, i) => i);
  return waitFor(
    `a leader agreed by members ${among.join(',')}`,
    async () => {
      const st = await Promise.all(among.map((i) => memberStatus(cluster.members[i].clientPort)));
      if (st.some((s) => s === undefined || s.leader === '0')) return undefined;
      const leader = st[0]?.leader;
      if (st.some((s) => s?.leader !== leader)) return undefined;
      const idx = st.findIndex((s) => s?.id === leader);
      return idx < 0 ? undefined : among[idx];
    },
    opts.timeoutMs ?? 30_000,
    150,
  );
}

/** Faults on one cluster's members; heal() undoes all of them (call it in after()). */
export class Faults {
  private readonly paused = new Set<number>();
  private readonly proxies: FaultProxy[] = [];

  constructor(readonly cluster: Cluster) {}

  private pidOf(i: number): number {
    const m = this.cluster.members[i];
    if (!m.running || m.pid === undefined) throw new Error(`member ${i} is not running`);
    return m.pid;
  }

  /** SIGSTOP: the member keeps its sockets (connections are accepted by the kernel) but answers nothing. */
  pause(i: number): void {
    process.kill(this.pidOf(i), 'SIGSTOP');
    this.paused.add(i);
  }

  /** SIGCONT. */
  resume(i: number): void {
    if (!this.paused.delete(i)) return;
    const m = this.cluster.members[i];
    if (m.running && m.pid !== undefined) process.kill(m.pid, 'SIGCONT');
  }

  /** kill -9 (no leadership transfer, no clean shutdown); resolves once it is gone. */
  async kill(i: number): Promise<void> {
    this.resume(i);
    await this.cluster.members[i].stop('SIGKILL');
  }

  /** Starts a killed member again on its data dir; resolves when it reports healthy. */
  async restart(i: number): Promise<void> {
    if (!this.cluster.members[i].running) await this.cluster.members[i].start();
  }

  /** A new proxy in front of member i (closed by heal()). */
  async proxy(i: number): Promise<FaultProxy> {
    const p = new FaultProxy(this.cluster.members[i].clientPort);
    await p.listen();
    this.proxies.push(p);
    return p;
  }

  /** Every paused member continued, every killed one restarted, every proxy closed. */
  async heal(opts: { restart?: boolean } = {}): Promise<void> {
    for (const i of [...this.paused]) this.resume(i);
    await Promise.all(this.proxies.splice(0).map((p) => p.close()));
    if (opts.restart !== false) {
      for (let i = 0; i < this.cluster.members.length; i++) await this.restart(i);
    }
  }
}

/** The cluster and fault controller of a fault scenario file (set once its `before` hook ran). */
export interface FaultRig {
  cluster: Cluster;
  faults: Faults;
}

/** What a fault scenario file adds to the shared hooks: run after start-up, and before teardown. */
export interface FaultRigHooks {
  setup?: (rig: FaultRig) => Promise<void> | void;
  teardown?: () => Promise<void> | void;
}

/**
 * Registers the hooks every fault scenario shares: a 3-member cluster with a Faults controller
 * before the file's tests; every fault healed (victims left stopped) and the cluster stopped after.
 * A file's own set-up and teardown go through `hooks`: top-level hooks are not run one after the
 * other, so a second top-level `before` could see no cluster yet.
 */
export function useFaultCluster(hooks: FaultRigHooks = {}): FaultRig {
  const rig = {} as FaultRig;
  before(async () => {
    rig.cluster = await startCluster({ size: 3 });
    rig.faults = new Faults(rig.cluster);
    await hooks.setup?.(rig);
  });
  after(async () => {
    await hooks.teardown?.();
    await rig.faults?.heal({ restart: false });
    await rig.cluster?.stop();
  });
  return rig;
}
