/**
 * A key range read page by page at one revision (--rev, else the first page's), in key
 * order, so that a huge `get --prefix` is written as it arrives and memory
 * stays flat. The pages together are exactly what one Range would return.
 */
import {
  RangeRequest_SortOrder as SortOrder,
  RangeRequest_SortTarget as SortTarget,
  type RangeRequest,
} from '../proto/gen/rpc';
import type { CallOptions, EtcdClient } from './client';
import { KV } from './methods';
import { decodeRangePage, lastKey, type RangePage } from '../proto/fast-decode';

/** KV.range answered as raw pages (proto/fast-decode): no object per key-value. */
const RANGE = { ...KV.range, responseDeserialize: decodeRangePage };

/**
 * Keys per page. etcd walks the rest of the key index for every limited Range
 * (to count it), so small pages cost server time per page: 20,000 keys keep
 * that small while a page stays a few MB.
 */
export const PAGE_SIZE = 20_000n;

/** Whether paging returns the same keys in the same order as one Range. */
export function pageable(req: RangeRequest): boolean {
  return (
    req.range_end.length > 0 &&
    req.limit === 0n &&
    !req.count_only &&
    req.sort_target === SortTarget.KEY &&
    (req.sort_order === SortOrder.NONE || req.sort_order === SortOrder.ASCEND)
  );
}

/**
 * The pages in order. The next page is requested as soon as a page arrives, so
 * that etcd reads it while the caller prints this one: one request in flight,
 * at most two pages in memory.
 */
export async function* rangePages(
  client: EtcdClient,
  req: RangeRequest,
  opts: CallOptions,
  pageSize = PAGE_SIZE,
): AsyncGenerator<RangePage> {
  let next: RangeRequest = { ...req, limit: pageSize };
  let pending = client.unary(RANGE, next, opts);
  for (;;) {
    const resp = await pending;
    const key = resp.more ? lastKey(resp) : undefined;
    if (key) {
      // A response's header carries the current revision, not the one read: pin the
      // request's revision when it has one, else the revision of the first page.
      const revision = next.revision > 0n ? next.revision : (resp.header?.revision ?? 0n);
      next = { ...next, key: Buffer.concat([key, Buffer.from([0])]), revision };
      pending = client.unary(RANGE, next, opts);
      // A caller that stops early (closed stdout) never awaits it.
      pending.catch(() => undefined);
    }
    yield resp;
    if (!key) return;
  }
}
