/**
 * One watcher for etcd's concurrency recipes and the "wait for deletes" loop
 * (docs/etcdctl-behaviour.md §10.1), shared by lock, elect and make-mirror.
 *
 * watchResponses() is a user of the client's watch stream manager
 * (client/watch.ts) under its recipe policy: it yields the responses that carry
 * events, resumes on a new stream (any endpoint) after a non-halting failure
 * (Unavailable/Internal, also the `etcdserver: no leader` a require-leader
 * stream gets from a member cut off from its leader) from the revision after
 * the last event seen, and ends with a WatchClosedError carrying the text
 * clientv3's WatchResponse.Err() gives. It returns quietly when the caller's
 * signal is aborted or the client closes.
 */
import type { EtcdClient } from '../client/client';
import { KV } from '../client/methods';
import { RECIPE_POLICY, keyWatch, watchManagerFor, type WatchSpec } from '../client/watch';
import { GrpcCode } from '../client/grpc-codes';
import { RpcError } from '../errors';
import {
  RangeRequest,
  RangeRequest_SortOrder as SortOrder,
  RangeRequest_SortTarget as SortTarget,
  type ResponseHeader,
} from '../proto/gen/rpc';
import { Event_EventType, type Event } from '../proto/gen/kv';
import { prefixRangeEnd } from '../util/keys';

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
  return new RpcError(GrpcCode.CANCELLED, '', 'context canceled');
}

/** A response that carries events, as the recipes read it. */
export interface WatchEvents {
  header: ResponseHeader;
  events: Event[];
}

/**
 * Yields every watch response that carries events, for one key or range,
 * from its start revision on, until `signal` aborts or the client closes
 * (returns), or the watcher is closed for good (throws WatchClosedError).
 */
export async function* watchResponses(
  client: EtcdClient,
  spec: WatchSpec,
  signal: AbortSignal,
): AsyncGenerator<WatchEvents, void> {
  if (signal.aborted || client.closedSignal.aborted) return;
  const mgr = await watchManagerFor(client, { policy: RECIPE_POLICY });
  const onAbort = (): void => mgr.close();
  signal.addEventListener('abort', onAbort);
  try {
    for await (const v of mgr.watch(spec)) {
      if (v.err !== undefined) throw new WatchClosedError(v.err, v.compactRevision);
      if (v.events !== null && v.events.length > 0) yield { header: v.header, events: v.events };
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    mgr.close();
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
export async function waitDelete(
  client: EtcdClient,
  key: Buffer,
  revision: bigint,
  signal: AbortSignal,
): Promise<void> {
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
export async function waitDeletes(
  client: EtcdClient,
  prefix: Buffer,
  maxCreateRevision: bigint,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    if (signal.aborted) throw canceledError();
    const resp = await client.unary(KV.range, rangeByCreate(prefix, SortOrder.DESCEND, maxCreateRevision), { signal });
    if (resp.kvs.length === 0) return;
    await waitDelete(client, resp.kvs[0].key, resp.header?.revision ?? 0n, signal);
  }
}
