// txn -f: JSON and YAML documents -> TxnRequest; errors name the field path, exit 3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTxnDocument } from '../../src/commands/txn/document';
import { CliError, ExitCode } from '../../src/errors';
import { Compare_CompareResult as Result, Compare_CompareTarget as Target, TxnRequest } from '../../src/proto/gen/rpc';

const io = {
  readRest: async () => Buffer.alloc(0),
  stdout: { write() {} },
  stderr: { write() {} },
  sleep: async () => {},
  compat: '3.6' as const,
};
const parse = (text: string) => parseTxnDocument(text, { source: 'doc.yaml', io });

async function error(text: string): Promise<string> {
  try {
    await parse(text);
  } catch (e) {
    assert.ok(e instanceof CliError, String(e));
    assert.equal(e.code, ExitCode.InvalidInput);
    return e.message;
  }
  assert.fail(`no error for ${text}`);
}

test('YAML and JSON forms give the same request', async () => {
  const yaml = `
compare:
  - {key: key1, target: mod, result: ">", value: 0}
success:
  - put: {key: key1, value: overwrote-key1}
failure:
  - put: {key: key1, value: created-key1}
  - get: {key: key, prefix: true, limit: 5}
  - delete: {key: a, range_end: c, prev_kv: true}
`;
  const json = JSON.stringify({
    compare: [{ key: 'key1', target: 'MOD', result: 'greater', value: '0' }],
    success: [{ put: { key: 'key1', value: 'overwrote-key1' } }],
    failure: [
      { put: { key: 'key1', value: 'created-key1' } },
      { get: { key: 'key', prefix: true, limit: 5 } },
      { del: { key: 'a', range_end: 'c', prev_kv: true } },
    ],
  });
  const a = await parse(yaml);
  const b = await parse(json);
  assert.deepEqual(Buffer.from(TxnRequest.encode(a).finish()), Buffer.from(TxnRequest.encode(b).finish()));
  assert.equal(a.compare[0].target, Target.MOD);
  assert.equal(a.compare[0].result, Result.GREATER);
  assert.equal(a.compare[0].mod_revision, 0n);
  assert.deepEqual(a.failure[1].request_range?.range_end, Buffer.from('kez'));
  assert.equal(a.failure[1].request_range?.limit, 5n);
  assert.deepEqual(a.failure[2].request_delete_range?.range_end, Buffer.from('c'));
});

test('lines of the txn grammar are accepted as list items', async () => {
  const r = await parse(`compare: ['value("k") = "v"']\nsuccess: ['put k "a b"', 'del k2']\n`);
  assert.equal(r.compare[0].target, Target.VALUE);
  assert.deepEqual(r.compare[0].value, Buffer.from('v'));
  assert.deepEqual(r.success[0].request_put?.value, Buffer.from('a b'));
  assert.deepEqual(r.success[1].request_delete_range?.key, Buffer.from('k2'));
});

test('binary keys and values through _base64 fields; large integers exact; lease IDs in hex', async () => {
  const r = await parse(`
compare: [{key_base64: "AP8=", target: version, result: "=", value: 9223372036854775807}]
success: [{put: {key_base64: "AAEC", value_base64: "//79", lease: "694d7a1b2c3d4e5f"}}]
`);
  assert.deepEqual(r.compare[0].key, Buffer.from([0, 255]));
  assert.equal(r.compare[0].version, 9223372036854775807n);
  assert.deepEqual(r.success[0].request_put?.key, Buffer.from([0, 1, 2]));
  assert.deepEqual(r.success[0].request_put?.value, Buffer.from([255, 254, 253]));
  assert.equal(r.success[0].request_put?.lease, 0x694d7a1b2c3d4e5fn);
});

test('errors name the field by its path', async () => {
  assert.equal(
    await error('compare: [{key: k, target: mood, result: "=", value: 1}]'),
    'txn file doc.yaml: compare[0].target: unknown target "mood" (version, create, mod, value or lease)',
  );
  assert.equal(
    await error('compare: [{key: k, target: mod, result: ">="}]'),
    'txn file doc.yaml: compare[0].result: unknown result ">=" (=, !=, > or <)',
  );
  assert.equal(
    await error('compare: [{key: k, target: mod, result: ">", value: x}]'),
    'txn file doc.yaml: compare[0].value: expected an integer, got a string',
  );
  assert.equal(await error('success: [{put: {key: k}}]'), 'txn file doc.yaml: success[0].put.value: missing');
  assert.equal(
    await error('success: [{put: {key: k, value: v, lease: zz}}]'),
    'txn file doc.yaml: success[0].put.lease: expected a lease ID in hex, got "zz"',
  );
  assert.equal(
    await error('failure: [{put: {key: k, value: v}, get: {key: k}}]'),
    'txn file doc.yaml: failure[0]: expected exactly one of put, get or delete',
  );
  assert.equal(
    await error('success: [{get: {key: k, prefx: true}}]'),
    'txn file doc.yaml: success[0].get.prefx: unknown field',
  );
  assert.equal(
    await error('success: [{get: {key: k, prefix: true, from_key: true}}]'),
    'txn file doc.yaml: success[0].get: range_end, prefix and from_key exclude each other',
  );
  assert.equal(await error('succes: []'), 'txn file doc.yaml: .succes: unknown field');
  assert.equal(await error('success: {put: {}}'), 'txn file doc.yaml: success: expected a list, got an object');
  assert.equal(
    await error('success: [{put: {key_base64: "!!", value: v}}]'),
    'txn file doc.yaml: success[0].put.key_base64: not valid base64',
  );
  assert.equal(await error(''), 'txn file doc.yaml: the document is empty');
  assert.match(await error('compare: [\n  {key: k\n'), /^txn file doc\.yaml: line \d+, column \d+: /);
  assert.match(
    await error('success: [1]\nsuccess: [2]\n'),
    /^txn file doc\.yaml: line 2, column 1: Map keys must be unique/,
  );
  // a grammar line inside a document keeps the grammar's own error
  assert.equal(await error(`compare: ['mod("k" > "1"']`), 'malformed comparison: mod("k" > "1"; got mod("k")  ""');
});
