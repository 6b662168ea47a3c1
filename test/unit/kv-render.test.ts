// Response -> text for get/put/del, with outputs captured from the real etcdctl (docs/etcdctl-behaviour.md §6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '../../src/output/printer';
import { delRenderers, getRenderers, putRenderers } from '../../src/output/kv';
import { RangeResponse, PutResponse, DeleteRangeResponse } from '../../src/proto/gen/rpc';
import { CliError } from '../../src/errors';

const header = { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 3n, raft_term: 2n };
const kv = (key: string, value: string, c: bigint, m: bigint, v: bigint) => ({
  key: Buffer.from(key),
  value: Buffer.from(value),
  create_revision: c,
  mod_revision: m,
  version: v,
  lease: 0n,
});
const resp = RangeResponse.fromPartial({ header, kvs: [kv('foo', 'bar2', 2n, 3n, 2n)], count: 1n });
const text = (r: string | Uint8Array) => Buffer.from(r).toString('latin1');

test('get -w json (observed 3.4/3.6)', () => {
  assert.equal(
    render(getRenderers, 'json', { resp, printValueOnly: false }, { hex: false, compat: '3.6' as const }),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":3,"raft_term":2},"kvs":[{"key":"Zm9v","create_revision":2,"mod_revision":3,"version":2,"value":"YmFyMg=="}],"count":1}\n',
  );
});

test('get -w fields (observed)', () => {
  assert.equal(
    render(getRenderers, 'fields', { resp, printValueOnly: false }, { hex: false, compat: '3.6' as const }),
    '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 3\n"RaftTerm" : 2\n"Key" : "foo"\n"CreateRevision" : 2\n"ModRevision" : 3\n"Version" : 2\n"Value" : "bar2"\n"Lease" : 0\n"More" : false\n"Count" : 1\n',
  );
});

test('get -w fields --hex: IDs in hex (3.6), keys stay %q', () => {
  const out = text(
    render(getRenderers, 'fields', { resp, printValueOnly: false }, { hex: true, compat: '3.6' as const }),
  );
  assert.match(out, /^"ClusterID" : c8730d66636ff140\n"MemberID" : 9e737febb6b99eee\n/);
  assert.match(out, /"Key" : "foo"\n/);
  assert.match(out, /"Lease" : 0000000000000000\n/);
});

test('get -w protobuf: the observed bytes', () => {
  const hex = Buffer.from(
    render(getRenderers, 'protobuf', { resp, printValueOnly: false }, { hex: false, compat: '3.6' as const }),
  ).toString('hex');
  assert.equal(
    hex,
    '0a1a08c0e2bf9be6acc3b9c80110eebde6b5bbfddfb99e0118032002' +
      '1211' +
      '0a03666f6f' +
      '1002' +
      '1803' +
      '2002' +
      '2a0462617232' +
      '2001',
  );
});

test('get simple: key/value lines, raw bytes, --hex, --print-value-only', () => {
  const bin = RangeResponse.fromPartial({ header, kvs: [kv('a\nb', '\u00ff', 1n, 1n, 1n)] });
  assert.equal(
    text(render(getRenderers, 'simple', { resp: bin, printValueOnly: false }, { hex: false, compat: '3.6' as const })),
    'a\nb\n\u00c3\u00bf\n',
  );
  assert.equal(
    text(render(getRenderers, 'simple', { resp, printValueOnly: false }, { hex: true, compat: '3.6' as const })),
    '\\x66\\x6f\\x6f\n\\x62\\x61\\x72\\x32\n',
  );
  assert.equal(
    text(render(getRenderers, 'simple', { resp, printValueOnly: true }, { hex: false, compat: '3.6' as const })),
    'bar2\n',
  );
});

test('get: empty result json keeps only the header; table unsupported (exit 4)', () => {
  const empty = RangeResponse.fromPartial({ header: { ...header, revision: 9027n, raft_term: 4n } });
  assert.equal(
    render(getRenderers, 'json', { resp: empty, printValueOnly: false }, { hex: false, compat: '3.6' as const }),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":9027,"raft_term":4}}\n',
  );
  assert.throws(
    () => render(getRenderers, 'table', { resp, printValueOnly: false }, { hex: false, compat: '3.6' as const }),
    (e: unknown) => e instanceof CliError && e.code === 4 && e.message === 'table not supported as output format',
  );
});

test('json escapes like Go (HTML characters) and keeps 64-bit integers exact', () => {
  const r = RangeResponse.fromPartial({
    header: { ...header, cluster_id: 18446744073709551615n },
    kvs: [kv('<&>', 'v', 1n, 1n, 1n)],
    more: true,
    count: 2n,
  });
  const out = text(
    render(getRenderers, 'json', { resp: r, printValueOnly: false }, { hex: false, compat: '3.6' as const }),
  );
  assert.match(out, /"cluster_id":18446744073709551615,/);
  assert.match(out, /"key":"PCY\+"/);
  assert.match(out, /"more":true,"count":2\}\n$/);
});

test('put: OK, prev kv in simple/json/fields (observed)', () => {
  const h = { ...header, revision: 8n };
  const prev = kv('k1', 'v2', 6n, 7n, 2n);
  const r = PutResponse.fromPartial({ header: h, prev_kv: prev });
  assert.equal(
    text(
      render(putRenderers, 'simple', PutResponse.fromPartial({ header: h }), { hex: false, compat: '3.6' as const }),
    ),
    'OK\n',
  );
  assert.equal(text(render(putRenderers, 'simple', r, { hex: false, compat: '3.6' as const })), 'OK\nk1\nv2\n');
  assert.equal(
    render(putRenderers, 'fields', r, { hex: false, compat: '3.6' as const }),
    '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 8\n"RaftTerm" : 2\n"PrevKey" : "k1"\n"PrevCreateRevision" : 6\n"PrevModRevision" : 7\n"PrevVersion" : 2\n"PrevValue" : "v2"\n"PrevLease" : 0\n',
  );
});

test('del: count then prev kvs; fields Deleted line (observed)', () => {
  const r = DeleteRangeResponse.fromPartial({
    header: { ...header, revision: 15n },
    deleted: 1n,
    prev_kvs: [kv('p/a', '1', 10n, 10n, 1n)],
  });
  assert.equal(text(render(delRenderers, 'simple', r, { hex: false, compat: '3.6' as const })), '1\np/a\n1\n');
  const none = DeleteRangeResponse.fromPartial({ header: { ...header, revision: 15n } });
  assert.equal(
    render(delRenderers, 'fields', none, { hex: false, compat: '3.6' as const }),
    '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 15\n"RaftTerm" : 2\n"Deleted" : 0\n',
  );
  assert.equal(
    render(delRenderers, 'json', r, { hex: false, compat: '3.6' as const }),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":15,"raft_term":2},"deleted":1,"prev_kvs":[{"key":"cC9h","create_revision":10,"mod_revision":10,"version":1,"value":"MQ=="}]}\n',
  );
});
