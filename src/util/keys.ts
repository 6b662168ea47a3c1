/** Key-range helpers shared by get, del, watch and txn (clientv3's WithPrefix/WithFromKey). */

/** The range end that covers every key with `key` as prefix (clientv3 GetPrefixRangeEnd). */
export function prefixRangeEnd(key: Buffer): Buffer {
  const end = Buffer.from(key);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i] += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

export interface KeyRange {
  key: Buffer;
  range_end: Buffer;
}

/** Key and range end for --prefix / --from-key / an explicit range end. */
export function keyRange(
  key: string | Uint8Array,
  opts: { prefix?: boolean; fromKey?: boolean; rangeEnd?: string | Uint8Array },
): KeyRange {
  let k: Buffer = Buffer.from(key);
  let end: Buffer = opts.rangeEnd !== undefined ? Buffer.from(opts.rangeEnd) : Buffer.alloc(0);
  if (opts.prefix) {
    if (k.length === 0) {
      k = Buffer.from([0]);
      end = Buffer.from([0]);
    } else end = prefixRangeEnd(k);
  }
  if (opts.fromKey) {
    if (k.length === 0) k = Buffer.from([0]);
    end = Buffer.from([0]);
  }
  return { key: k, range_end: end };
}
