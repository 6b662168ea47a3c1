/**
 * A single-watcher Watch stream and the "wait for deletes" loop of etcd's
 * concurrency package (spec §10.1), shared by lock, elect and make-mirror.
 *
 * watchResponses() behaves like one clientv3 watcher: it yields the responses
 * that carry events, resumes on a new stream (any endpoint) after a
 * non-halting failure (Unavailable/Internal, which includes the `etcdserver:
 * no leader` a require-leader stream gets from a member cut off from its
 * leader) from the revision after the last event seen, and ends with a
 * WatchClosedError carrying the text clientv3's WatchResponse.Err() gives.
 * It returns quietly when the caller's signal is aborted or the client closes.
 *
 * No runtime import of grpc-js: grpc-errors is loaded on first use.
 */
import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { EtcdClient } from '../client/client';
import { KV, Watch } from '../client/methods';
import { createRequest, keyWatch, nextBackoffMs, type StreamError, type WatchSpec } from '../client/watch';
import { GrpcCode } from '../client/grpc-codes';
import { EtcdErr } from '../client/etcd-errors';
import { RpcError } from '../errors';
import {
  RangeRequest,
  RangeRequest_SortOrder as SortOrder,
  RangeRequest_SortTarget as SortTarget,
  type WatchRequest,
  type WatchResponse,
} from '../proto/gen/rpc';
import { Event_EventType } from '../proto/gen/kv';
import { prefixRangeEnd } from '../util/keys';

const { CANCELLED, FAILED_PRECONDITION, INTERNAL, UNAVAILABLE, UNAUTHENTICATED } = GrpcCode;

/** The watcher ended for a reason other than the caller's cancellation. */
export class WatchClosedError extends Error {
  constructor(
    message: string,
    /** Set when the server cancelled the watcher because its revision was compacted. */
    readonly compactRevision: bigint = 0n,
  ) {
    super(message);
    this.name = 'WatchClosedError';
  }
}

/** Go's context.Canceled as the client reports it. */
export function canceledError(): RpcError {
  return new RpcError(CANCELLED, '', 'context canceled');
}

type Item = { r: WatchResponse } | { e: StreamError } | { end: true };

/** A one-consumer queue of stream events that also wakes up on abort. */
class Inbox {
  private readonly items: Item[] = [];
  private wake: (() => void) | undefined;

  push(item: Item): void {
    this.items.push(item);
    this.wake?.();
  }

  async next(signals: AbortSignal[]): Promise<Item | undefined> {
    while (this.items.length === 0) {
      if (signals.some((s) => s.aborted)) return undefined;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.wake = undefined;
          for (const s of signals) s.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        for (const s of signals) s.addEventListener('abort', done);
      });
    }
    return this.items.shift();
  }
}

function sleep(ms: number, signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      for (const s of signals) s.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    for (const s of signals) s.addEventListener('abort', done);
  });
}

/** clientv3 WatchResponse.Err() for a cancellation sent by the server. */
async function canceledByServer(r: WatchResponse): Promise<WatchClosedError> {
  if (r.compact_revision > 0n) return new WatchClosedError(EtcdErr.Compacted, r.compact_revision);
  if (r.cancel_reason !== '') {
    const { toRpcError } = await import('../client/grpc-errors');
    return new WatchClosedError(toRpcError({ code: FAILED_PRECONDITION, details: r.cancel_reason }, false).message);
  }
  return new WatchClosedError(EtcdErr.FutureRev);
}

/**
 * Yields every watch response that carries events, for one key or range,
 * from `startRevision` on, until `signal` aborts (returns) or the watcher is
 * closed for good (throws WatchClosedError).
 */
export async function* watchResponses(client: EtcdClient, spec: WatchSpec, signal: AbortSignal): AsyncGenerator<WatchResponse, void> {
  const { toRpcError } = await import('../client/grpc-errors');
  const signals = [signal, client.closedSignal];
  const stopped = (): boolean => signals.some((s) => s.aborted);
  let next = spec.start_revision;
  let delayMs = 0;
  let authRetries = 0;
  while (!stopped()) {
    const inbox = new Inbox();
    let stream: ClientDuplexStream<WatchRequest, WatchResponse>;
    try {
      stream = await client.bidi(Watch.watch, { requireLeader: true });
    } catch (e) {
      if (stopped()) return;
      throw e instanceof RpcError ? new WatchClosedError(e.message) : e;
    }
    stream.on('data', (r: WatchResponse) => inbox.push({ r }));
    stream.on('error', (e: StreamError) => inbox.push({ e }));
    // 'status' comes after 'error' for a failed stream; an OK status is a clean close by the server.
    stream.on('status', (st: { code: number }) => {
      if (st.code === GrpcCode.OK) inbox.push({ end: true });
    });
    stream.write(createRequest(spec, next));
    let failure: RpcError | undefined;
    try {
      for (;;) {
        const item = await inbox.next(signals);
        if (item === undefined) return;
        if ('end' in item) {
          failure = new RpcError(UNAVAILABLE, 'EOF', 'EOF');
          break;
        }
        if ('e' in item) {
          if (stopped()) return;
          failure = toRpcError(item.e, false);
          break;
        }
        const r = item.r;
        delayMs = 0;
        authRetries = 0;
        if (r.created) {
          if (r.canceled) throw await canceledByServer(r);
          if (next === 0n && r.header) next = r.header.revision + 1n;
          continue;
        }
        if (r.canceled) throw await canceledByServer(r);
        if (r.events.length === 0) {
          // Progress notification: nothing to deliver.
          if (r.header && r.header.revision >= next) next = r.header.revision + 1n;
          continue;
        }
        next = (r.events[r.events.length - 1].kv?.mod_revision ?? next - 1n) + 1n;
        yield r;
      }
    } finally {
      stream.cancel();
    }
    // Non-halting failures resume on a new stream; anything else closes the watcher.
    if (failure.code === UNAVAILABLE || failure.code === INTERNAL) {
      // A member without leader answers at once: retry it less eagerly than a broken connection.
      delayMs = nextBackoffMs(delayMs, failure.details === EtcdErr.NoLeader ? 1000 : undefined);
      await sleep(delayMs, signals);
      continue;
    }
    if (failure.code === UNAUTHENTICATED && authRetries++ < 3) continue; // bidi() fetches a fresh token
    throw new WatchClosedError(failure.message);
  }
}

/** Range over `prefix` for the one key with the highest (or lowest) create revision. */
export function rangeByCreate(prefix: Buffer, order: SortOrder, maxCreateRevision = 0n): RangeRequest {
  return RangeRequest.fromPartial({
    key: prefix,
    range_end: prefixRangeEnd(prefix),
    limit: 1n,
    sort_order: order,
    sort_target: SortTarget.CREATE,
    max_create_revision: maxCreateRevision,
  });
}

/** clientv3 WithFirstCreate() over a prefix. */
export function firstCreated(prefix: Buffer): RangeRequest {
  return rangeByCreate(prefix, SortOrder.ASCEND);
}

/** concurrency.waitDelete: returns once `key` sees a DELETE at or after `revision`. */
export async function waitDelete(client: EtcdClient, key: Buffer, revision: bigint, signal: AbortSignal): Promise<void> {
  const ctrl = new AbortController();
  const onAbort = (): void => ctrl.abort();
  signal.addEventListener('abort', onAbort);
  try {
    for await (const r of watchResponses(client, keyWatch(key, revision), ctrl.signal)) {
      if (r.events.some((ev) => ev.type === Event_EventType.DELETE)) return;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    ctrl.abort();
  }
  if (signal.aborted) throw canceledError();
  throw new Error('lost watcher waiting for delete');
}

/**
 * concurrency.waitDeletes: waits until every key under `prefix` created at or
 * before `maxCreateRevision` is gone, watching only the newest of them each time.
 */
export async function waitDeletes(client: EtcdClient, prefix: Buffer, maxCreateRevision: bigint, signal: AbortSignal): Promise<void> {
  for (;;) {
    if (signal.aborted) throw canceledError();
    const resp = await client.unary(KV.range, rangeByCreate(prefix, SortOrder.DESCEND, maxCreateRevision), { signal });
    if (resp.kvs.length === 0) return;
    await waitDelete(client, resp.kvs[0].key, resp.header?.revision ?? 0n, signal);
  }
}
