/**
 * Lease keep-alive as etcd's Go client does it (docs/etcdctl-behaviour.md §9.6): one shared
 * LeaseKeepAlive stream per client; a sender pass every 500 ms renews each
 * lease whose next renewal time has come; every response moves the lease's
 * next renewal to now + TTL/3 and its deadline to now + TTL; a response with
 * TTL <= 0, or a deadline that passes without a response, ends the lease's
 * keep-alive ('expired'). A failed stream is reopened after 500 ms (the
 * round-robin channel picks any ready endpoint).
 *
 * No runtime import of grpc-js here: the module is imported by commands, and
 * grpc-js is only loaded once a client exists.
 */
import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { EtcdClient } from './client';
import { Lease } from './methods';
import { GrpcCode } from './grpc-codes';
import { EtcdErr } from './etcd-errors';
import { RpcError } from '../errors';
import type { LeaseKeepAliveRequest, LeaseKeepAliveResponse } from '../proto/gen/rpc';

export interface KeepAliveHandle {
  /** 'expired': lease gone (TTL <= 0) or no response before the deadline; 'canceled': cancel() or client closed. */
  done: Promise<'expired' | 'canceled'>;
  cancel(): void;
}

export interface KeepAliveOptions {
  /** Dial timeout (ns) for the first deadline (dial timeout + 1 s; 5 s when 0). Default: the client's. */
  dialTimeout?: bigint;
}

/** clientv3's retryConnWait and its loop periods. */
const TICK_MS = 500;
const DEFAULT_FIRST_TIMEOUT_MS = 5000;
const { UNAVAILABLE, INTERNAL, NOT_FOUND, UNKNOWN } = GrpcCode;

type DoneReason = 'expired' | 'canceled';

interface Registration {
  onResponse: (r: LeaseKeepAliveResponse) => void;
  finish: (reason: DoneReason) => void;
}

interface LeaseState {
  regs: Set<Registration>;
  nextKeepAlive: number;
  deadline: number;
}

type KaStream = ClientDuplexStream<LeaseKeepAliveRequest, LeaseKeepAliveResponse>;

function firstTimeoutMs(dialTimeoutNs: bigint): number {
  const ms = Number(dialTimeoutNs / 1_000_000n) + 1000;
  return ms === 1000 ? DEFAULT_FIRST_TIMEOUT_MS : ms;
}

/** The per-client keep-alive machinery (clientv3's lessor). */
class Lessor {
  private readonly leases = new Map<bigint, LeaseState>();
  private stream: KaStream | undefined;
  private opening = false;
  private reopenTimer: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly client: EtcdClient) {
    client.closedSignal.addEventListener('abort', () => this.shutdown());
  }

  register(id: bigint, reg: Registration, firstTimeout: number): void {
    if (this.closed || this.client.closedSignal.aborted) {
      reg.finish('canceled');
      return;
    }
    let st = this.leases.get(id);
    if (!st) {
      const now = Date.now();
      st = { regs: new Set(), nextKeepAlive: now, deadline: now + firstTimeout };
      this.leases.set(id, st);
    }
    st.regs.add(reg);
    this.start();
    if (this.stream) this.sendDue();
  }

  unregister(id: bigint, reg: Registration): void {
    const st = this.leases.get(id);
    if (!st || !st.regs.delete(reg)) return;
    reg.finish('canceled');
    if (st.regs.size === 0) this.leases.delete(id);
    if (this.leases.size === 0) this.stop();
  }

  /** Starts the loops and the stream when the first lease is registered. */
  private start(): void {
    if (!this.ticker) this.ticker = setInterval(() => this.tick(), TICK_MS);
    if (!this.stream && !this.opening && !this.reopenTimer) void this.open();
  }

  /** Nothing left to keep alive: close the stream and the timers (Go keeps them; a CLI must be able to exit). */
  private stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
    const s = this.stream;
    this.stream = undefined;
    s?.cancel();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.stop();
    const all = [...this.leases.values()];
    this.leases.clear();
    for (const st of all) for (const reg of st.regs) reg.finish('canceled');
  }

  private async open(): Promise<void> {
    this.opening = true;
    let s: KaStream;
    try {
      s = await this.client.bidi(Lease.leaseKeepAlive);
    } catch {
      this.opening = false;
      this.scheduleReopen();
      return;
    }
    this.opening = false;
    if (this.closed || this.leases.size === 0) {
      s.on('error', () => undefined); // the cancellation status
      s.cancel();
      return;
    }
    this.stream = s;
    s.on('data', (r: LeaseKeepAliveResponse) => this.onResponse(r));
    const failed = (): void => {
      if (this.stream !== s) return;
      this.stream = undefined;
      s.cancel();
      this.scheduleReopen();
    };
    s.on('error', failed);
    s.on('end', failed);
    this.sendDue();
  }

  private scheduleReopen(): void {
    if (this.closed || this.leases.size === 0 || this.reopenTimer) return;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      if (!this.closed && this.leases.size > 0 && !this.stream && !this.opening) void this.open();
    }, TICK_MS);
  }

  /** The sender pass: one request per lease whose next renewal has come. */
  private sendDue(): void {
    const s = this.stream;
    if (!s) return;
    const now = Date.now();
    for (const [id, st] of this.leases) {
      if (st.nextKeepAlive <= now) s.write({ ID: id });
    }
  }

  /** Sender pass and deadline pass (both every 500 ms in clientv3). */
  private tick(): void {
    const now = Date.now();
    for (const [id, st] of [...this.leases]) {
      if (st.deadline < now) this.end(id, st, 'expired');
    }
    if (this.leases.size === 0) {
      this.stop();
      return;
    }
    this.sendDue();
  }

  private end(id: bigint, st: LeaseState, reason: DoneReason): void {
    this.leases.delete(id);
    for (const reg of st.regs) reg.finish(reason);
  }

  private onResponse(r: LeaseKeepAliveResponse): void {
    const st = this.leases.get(r.ID);
    if (!st) return;
    if (r.TTL <= 0n) {
      this.end(r.ID, st, 'expired');
      if (this.leases.size === 0) this.stop();
      return;
    }
    const now = Date.now();
    const ttlMs = Number(r.TTL) * 1000;
    st.nextKeepAlive = now + ttlMs / 3;
    st.deadline = now + ttlMs;
    for (const reg of [...st.regs]) reg.onResponse(r);
  }
}

function lessorOf(client: EtcdClient): Lessor {
  return client.shared('lease-keepalive', () => new Lessor(client));
}

/**
 * Keeps `leaseId` alive until cancel(), the client's close, the lease's end
 * (TTL <= 0 response) or a deadline without response. `onResponse` gets every
 * renewal (TTL > 0), the first one right after the stream is up; it is called
 * from the stream's data handler and must not throw. Several keep-alives of
 * one lease on one client share its renewals (clientv3 does the same).
 */
export function startKeepAlive(
  client: EtcdClient,
  leaseId: bigint,
  onResponse: (r: LeaseKeepAliveResponse) => void,
  opts: KeepAliveOptions = {},
): KeepAliveHandle {
  const lessor = lessorOf(client);
  let settle!: (reason: DoneReason) => void;
  const done = new Promise<DoneReason>((resolve) => (settle = resolve));
  let finished = false;
  const reg: Registration = {
    onResponse: (r) => {
      if (!finished) onResponse(r);
    },
    finish: (reason) => {
      if (finished) return;
      finished = true;
      settle(reason);
    },
  };
  lessor.register(leaseId, reg, firstTimeoutMs(opts.dialTimeout ?? client.config.dialTimeout));
  return {
    done,
    cancel: () => lessor.unregister(leaseId, reg),
  };
}

function isHalting(e: RpcError): boolean {
  return e.code !== UNAVAILABLE && e.code !== INTERNAL;
}

/** One round trip on a stream of its own. */
async function keepAliveOnceAttempt(client: EtcdClient, leaseId: bigint): Promise<LeaseKeepAliveResponse> {
  const s = await client.bidi(Lease.leaseKeepAlive, { signal: client.closedSignal });
  const { toRpcError } = await import('./grpc-errors');
  return new Promise<LeaseKeepAliveResponse>((resolve, reject) => {
    let settled = false;
    s.on('data', (r: LeaseKeepAliveResponse) => {
      if (settled) return;
      settled = true;
      resolve(r);
      s.cancel();
    });
    s.on('error', (err: { code?: number; details?: string; message?: string }) => {
      if (settled) return;
      settled = true;
      reject(toRpcError(err, false, client.closedSignal.aborted));
    });
    s.on('end', () => {
      if (settled) return;
      settled = true;
      reject(new RpcError(UNKNOWN, 'EOF', 'EOF'));
    });
    s.write({ ID: leaseId });
  });
}

/**
 * clientv3 KeepAliveOnce: one request, one response, on a stream of its own;
 * Unavailable/Internal failures are retried indefinitely (no timeout, as in
 * etcdctl). A response with TTL <= 0 rejects with `etcdserver: requested lease
 * not found` (an RpcError with code NotFound), as the Go client returns.
 */
export async function keepAliveOnce(client: EtcdClient, leaseId: bigint): Promise<LeaseKeepAliveResponse> {
  for (;;) {
    try {
      const r = await keepAliveOnceAttempt(client, leaseId);
      if (r.TTL <= 0n) {
        const msg = EtcdErr.LeaseNotFound;
        throw new RpcError(NOT_FOUND, msg, msg);
      }
      return r;
    } catch (e) {
      if (!(e instanceof RpcError) || isHalting(e) || client.closedSignal.aborted) throw e;
      // Go retries at once; grpc-js reports some failures immediately, so pause briefly.
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
