// get --stream (docs/etcdctl-3.7-behaviour.md §4.1): the RangeStream chunks are merged with protobuf merge semantics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRangeChunk } from '../../src/client/range-stream';
import { RangeResponse } from '../../src/proto/gen/rpc';
import { KeyValue } from '../../src/proto/gen/kv';

const kv = (k: string): KeyValue => KeyValue.fromPartial({ key: Buffer.from(k), value: Buffer.from(`v${k}`) });
const merge = (chunks: Partial<RangeResponse>[]): RangeResponse =>
  chunks.reduce<RangeResponse>(
    (m, c) => mergeRangeChunk(m, RangeResponse.fromPartial(c)),
    RangeResponse.fromPartial({}),
  );

test('key-values appended in order; header, more and count from the final chunk', () => {
  const header = { cluster_id: 1n, member_id: 2n, revision: 9n, raft_term: 3n };
  const m = merge([{ kvs: [kv('a'), kv('b')] }, { kvs: [kv('c')] }, { header, kvs: [kv('d')], more: true, count: 7n }]);
  assert.deepEqual(
    m.kvs.map((x) => x.key.toString()),
    ['a', 'b', 'c', 'd'],
  );
  assert.deepEqual([m.header, m.more, m.count], [header, true, 7n]);
});

test('protobuf merge: non-zero fields of a later chunk win, zero ones leave the earlier value', () => {
  const m = merge([
    { header: { cluster_id: 1n, member_id: 2n, revision: 5n, raft_term: 3n }, more: true, count: 4n },
    { header: { cluster_id: 0n, member_id: 0n, revision: 9n, raft_term: 0n }, more: false, count: 0n },
  ]);
  assert.deepEqual(m.header, { cluster_id: 1n, member_id: 2n, revision: 9n, raft_term: 3n });
  assert.equal(m.more, true);
  assert.equal(m.count, 4n);
});

test('no chunk with a header: no header (a count-only answer is one chunk)', () => {
  assert.equal(merge([{ kvs: [kv('a')] }]).header, undefined);
  assert.deepEqual(merge([{ count: 12n }]).count, 12n);
});
