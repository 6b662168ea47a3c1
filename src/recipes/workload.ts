/**
 * The write workloads of `check perf` and `check datascale` (docs/etcdctl-behaviour.md §10.8,
 * docs/etcdctl-behaviour.md §10.9): load models, the key layout, a token-bucket rate limiter with
 * golang.org/x/time/rate's burst-1 behaviour, N concurrent workers, and the
 * statistics etcd's pkg/report computes. Bounded: a workload ends at its
 * deadline (perf) or key count (datascale), or when aborted.
 */
import { setMaxListeners } from 'node:events';
import type { WorkloadStats } from '../output/maintenance';

export type LoadName = 's' | 'm' | 'l' | 'xl';

/** Accepted --load spellings (case-sensitive, as etcdctl). */
const LOAD_ALIASES: Record<string, LoadName> = {
  s: 's',
  small: 's',
  m: 'm',
  medium: 'm',
  l: 'l',
  large: 'l',
  xl: 'xl',
  xLarge: 'xl',
};

export function resolveLoad(v: string): LoadName | undefined {
  return Object.prototype.hasOwnProperty.call(LOAD_ALIASES, v) ? LOAD_ALIASES[v] : undefined;
}

export interface PerfModel {
  /** Writes per second. */
  limit: number;
  clients: number;
  /** Seconds. */
  duration: number;
}

export const PERF_MODELS: Record<LoadName, PerfModel> = {
  s: { limit: 150, clients: 50, duration: 60 },
  m: { limit: 1000, clients: 200, duration: 60 },
  l: { limit: 8000, clients: 500, duration: 60 },
  xl: { limit: 15000, clients: 1000, duration: 60 },
};

export interface DatascaleModel {
  /** Number of keys written. */
  limit: number;
  kvSize: number;
  clients: number;
}

export const DATASCALE_MODELS: Record<LoadName, DatascaleModel> = {
  s: { limit: 10_000, kvSize: 1024, clients: 50 },
  m: { limit: 100_000, kvSize: 1024, clients: 200 },
  l: { limit: 1_000_000, kvSize: 1024, clients: 500 },
  xl: { limit: 3_000_000, kvSize: 1024, clients: 1000 },
};

/** encoding/binary.PutVarint: zig-zag, then base-128 little-endian. Returns the bytes written. */
export function putVarint(buf: Uint8Array, v: bigint): number {
  let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
  let i = 0;
  while (u >= 0x80n) {
    buf[i++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  buf[i++] = Number(u);
  return i;
}

const MAX_INT64 = 2n ** 63n - 1n;

/** rand.Int63n(math.MaxInt64): a uniform value in [0, 2^63-1). */
export function randomInt63(): bigint {
  for (;;) {
    const v = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8))).readBigUInt64BE() & MAX_INT64;
    if (v < MAX_INT64) return v;
  }
}

/** prefix + a `size`-byte buffer that starts with the varint of `n` (rest zero bytes). */
export function workloadKey(prefix: string, size: number, n: bigint = randomInt63()): Buffer {
  const k = Buffer.alloc(size);
  putVarint(k, n);
  return Buffer.concat([Buffer.from(prefix), k]);
}

/**
 * A token bucket of capacity 1 refilled at `rate` tokens/s (x/time/rate with
 * burst 1): each reservation gets the next free slot; an idle limiter grants
 * one request at once, never a burst of saved-up tokens.
 */
export class RateLimiter {
  private next = 0;
  private readonly interval: number;

  constructor(
    rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.interval = 1000 / rate;
  }

  /** The time (ms, `now()` clock) at which the caller may proceed. */
  reserve(): number {
    const t = Math.max(this.next, this.now());
    this.next = t + this.interval;
    return t;
  }
}

/** Welford accumulation of successful latencies plus the error distribution. */
export class Recorder {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private max = 0;
  readonly errors = new Map<string, number>();

  ok(seconds: number): void {
    this.n++;
    const d = seconds - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (seconds - this.mean);
    if (seconds > this.max) this.max = seconds;
  }

  fail(text: string): void {
    this.errors.set(text, (this.errors.get(text) ?? 0) + 1);
  }

  get succeeded(): number {
    return this.n;
  }

  /** pkg/report's Stats over a run of `totalSeconds`. With no success: NaN average/stddev/slowest 0. */
  stats(totalSeconds: number): WorkloadStats {
    const n = this.n;
    return {
      rps: n / totalSeconds,
      average: n > 0 ? this.mean : NaN,
      stddev: n > 0 ? Math.sqrt(this.m2 / n) : NaN,
      slowest: this.max,
      errors: this.errors,
    };
  }
}

function sleepUntil(t: number, signal: AbortSignal): Promise<void> {
  const ms = t - performance.now();
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

export interface WorkloadSpec<T> {
  concurrency: number;
  /** Makes the next request, or undefined when the workload is complete. Called serially per worker. */
  next: () => T | undefined;
  execute: (req: T) => Promise<void>;
  /** Paces requests (check perf); none: as fast as the workers go (datascale). */
  limiter?: RateLimiter;
  /** No request starts at or after this time (`performance.now()` clock). */
  endsAt?: number;
  /** Stops issuing new requests; those in flight complete. */
  signal: AbortSignal;
  /** Error text of a failed request (the etcdctl message). */
  errorText: (e: unknown) => string;
  onResult?: () => void;
}

/** Runs the workload to its end; returns pkg/report's statistics. */
export async function runWorkload<T>(spec: WorkloadSpec<T>): Promise<WorkloadStats> {
  const rec = new Recorder();
  const started = performance.now();
  // One listener on the caller's signal; the workers wait on an internal one.
  const stop = new AbortController();
  setMaxListeners(spec.concurrency + 10, stop.signal);
  const onAbort = (): void => stop.abort();
  if (spec.signal.aborted) stop.abort();
  else spec.signal.addEventListener('abort', onAbort, { once: true });
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stop.signal.aborted) return;
      if (spec.limiter) {
        const slot = spec.limiter.reserve();
        if (spec.endsAt !== undefined && slot >= spec.endsAt) return;
        await sleepUntil(slot, stop.signal);
        if (stop.signal.aborted) return;
      }
      const req = spec.next();
      if (req === undefined) return;
      const st = performance.now();
      try {
        await spec.execute(req);
        rec.ok((performance.now() - st) / 1000);
      } catch (e) {
        rec.fail(spec.errorText(e));
      }
      spec.onResult?.();
    }
  };
  try {
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
  } finally {
    spec.signal.removeEventListener('abort', onAbort);
  }
  return rec.stats((performance.now() - started) / 1000);
}
