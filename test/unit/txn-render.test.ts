// txn response -> text in every format (docs/etcdctl-behaviour.md §6.4), with the observed example
// of the behaviour notes (3.4 output; 3.6 JSON keys per docs/etcdctl-behaviour.md §11.4 #11), and the cobra default
// usage texts printed for txn request lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TxnResponse } from '../../src/proto/gen/rpc';
import { render } from '../../src/output/printer';
import { txnRenderers } from '../../src/output/txn';
import { cobraHelp, cobraUsage, pflagUsages } from '../../src/cli/cobra-help';
import { buildProgram } from '../../src/program';
import type { Compat } from '../../src/compat';

/** get as the tree of an etcdctl line has it (3.7 adds --stream). */
const getOf = (compat: Compat) => buildProgram(compat).subcommands.find((c) => c.name() === 'get')!;

const header = { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 17n, raft_term: 2n };
const sub = { cluster_id: 0n, member_id: 0n, revision: 17n, raft_term: 0n };
const kv = {
  key: Buffer.from('foo'),
  create_revision: 2n,
  mod_revision: 17n,
  version: 4n,
  value: Buffer.from('overwrote'),
  lease: 0n,
};

const failure = TxnResponse.fromPartial({
  header,
  succeeded: false,
  responses: [
    { response_range: { header: sub, kvs: [kv], count: 1n } },
    { response_delete_range: { header: sub, deleted: 0n } },
  ],
});

const success = TxnResponse.fromPartial({
  header,
  succeeded: true,
  responses: [
    { response_put: { header: sub, prev_kv: { ...kv, value: Buffer.from('bar') } } },
    { response_range: { header: sub, kvs: [kv], count: 1n } },
  ],
});

const text = (format: 'simple' | 'json' | 'fields' | 'protobuf', r: TxnResponse, hex = false): string =>
  Buffer.from(render(txnRenderers, format, r, { hex, compat: '3.6' })).toString('latin1');

test('simple: SUCCESS/FAILURE, then an empty line and each response as its command prints it', () => {
  assert.equal(text('simple', failure), 'FAILURE\n\nfoo\noverwrote\n\n0\n');
  assert.equal(text('simple', success), 'SUCCESS\n\nOK\nfoo\nbar\n\nfoo\noverwrote\n');
  assert.equal(text('simple', TxnResponse.fromPartial({ header, succeeded: true })), 'SUCCESS\n');
  assert.equal(
    text('simple', failure, true),
    'FAILURE\n\n\\x66\\x6f\\x6f\n\\x6f\\x76\\x65\\x72\\x77\\x72\\x6f\\x74\\x65\n\n0\n',
  );
});

test('fields: the spec example (sub-response headers with IDs 0)', () => {
  assert.equal(
    text('fields', failure),
    [
      '"ClusterID" : 14443903163313418560',
      '"MemberID" : 11417610130673999598',
      '"Revision" : 17',
      '"RaftTerm" : 2',
      '"Succeeded" : false',
      '"ClusterID" : 0',
      '"MemberID" : 0',
      '"Revision" : 17',
      '"RaftTerm" : 0',
      '"Key" : "foo"',
      '"CreateRevision" : 2',
      '"ModRevision" : 17',
      '"Version" : 4',
      '"Value" : "overwrote"',
      '"Lease" : 0',
      '"More" : false',
      '"Count" : 1',
      '"ClusterID" : 0',
      '"MemberID" : 0',
      '"Revision" : 17',
      '"RaftTerm" : 0',
      '"Deleted" : 0',
      '',
    ].join('\n'),
  );
});

test('json: the oneof wrapper "Response" with 3.6 snake_case inner keys', () => {
  assert.equal(
    text('json', failure),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":17,"raft_term":2},' +
      '"responses":[{"Response":{"response_range":{"header":{"revision":17},"kvs":[{"key":"Zm9v","create_revision":2,"mod_revision":17,"version":4,"value":"b3Zlcndyb3Rl"}],"count":1}}},' +
      '{"Response":{"response_delete_range":{"header":{"revision":17}}}}]}\n',
  );
  assert.match(
    text('json', success),
    /^\{"header":\{.*\},"succeeded":true,"responses":\[\{"Response":\{"response_put":\{"header":\{"revision":17\},"prev_kv":\{/,
  );
});

test('protobuf: the TxnResponse bytes; table is not supported', () => {
  const bytes = Buffer.from(render(txnRenderers, 'protobuf', success, { hex: false, compat: '3.6' as const }));
  assert.deepEqual(TxnResponse.decode(bytes), success);
  assert.throws(() => render(txnRenderers, 'table', success, { hex: false, compat: '3.6' as const }), {
    message: 'table not supported as output format',
  });
});

test('cobra default usage of get (3.6 flags), as printed for a bad txn get line', () => {
  const g = getOf('3.6');
  // a txn get line knows etcdctl's flags only (txn/grammar.ts lineCommand): no extension flag
  const usage = cobraUsage({
    use: g.use,
    short: g.short,
    long: g.long,
    flags: g.localFlags.filter((f) => !f.extension),
  });
  assert.equal(
    usage,
    'Usage:\n' +
      '   get [options] <key> [range_end] [flags]\n' +
      '\n' +
      'Flags:\n' +
      '      --consistency string   Linearizable(l) or Serializable(s) (default "l")\n' +
      '      --count-only           Get only the count\n' +
      '      --from-key             Get keys that are greater than or equal to the given key using byte compare\n' +
      '  -h, --help                 help for get\n' +
      '      --keys-only            Get only the keys\n' +
      '      --limit int            Maximum number of results\n' +
      '      --max-create-rev int   Maximum create revision\n' +
      '      --max-mod-rev int      Maximum modification revision\n' +
      '      --min-create-rev int   Minimum create revision\n' +
      '      --min-mod-rev int      Minimum modification revision\n' +
      '      --order string         Order of results; ASCEND or DESCEND (ASCEND by default)\n' +
      '      --prefix               Get keys with matching prefix\n' +
      '      --print-value-only     Only write values when using the "simple" output format\n' +
      '      --rev int              Specify the kv revision\n' +
      '      --sort-by string       Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION\n',
  );
  assert.ok(
    cobraHelp({ use: g.use, short: g.short, flags: g.localFlags }).startsWith(
      'Gets the key or a range of keys\n\nUsage:\n',
    ),
  );
});

test('3.7: the same usage with --stream after --sort-by, same columns (docs/etcdctl-3.7-behaviour.md §4.2)', () => {
  const usage = (compat: Compat): string => {
    const g = getOf(compat);
    return cobraUsage({ use: g.use, short: g.short, long: g.long, flags: g.localFlags.filter((f) => !f.extension) });
  };
  const sortBy = '      --sort-by string       Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION\n';
  assert.equal(
    usage('3.7'),
    usage('3.6').replace(sortBy, `${sortBy}      --stream               Use the RangeStream RPC\n`),
  );
  assert.notEqual(usage('3.7'), usage('3.6'));
});

test('pflag usages: value placeholders and non-zero defaults', () => {
  assert.equal(
    pflagUsages([
      { name: 'ttl', type: 'int', default: 10n, usage: 'timeout' },
      { name: 'on', type: 'bool', default: true, usage: 'flag' },
      { name: 'd', type: 'duration', default: 0n, usage: 'wait' },
    ]),
    '      --d duration   wait\n      --on           flag (default true)\n      --ttl int      timeout (default 10)\n',
  );
});
