// -w jsonl encoders (extension): UTF-8 vs base64 bytes, the 2^53 boundary, empty values, lease 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonlBytes, jsonlCount, jsonlEvent, jsonlInt, jsonlKv, jsonlNames } from '../../src/output/jsonl';

const kv = (key: Buffer, value: Buffer, lease = 0n) => ({
  key,
  value,
  create_revision: 2n,
  mod_revision: 3n,
  version: 1n,
  lease,
});

test('jsonlInt: exact numbers up to 2^53-1, decimal strings beyond', () => {
  assert.equal(jsonlInt(0n), '0');
  assert.equal(jsonlInt(9007199254740991n), '9007199254740991');
  assert.equal(jsonlInt(9007199254740992n), '"9007199254740992"');
  assert.equal(jsonlInt(18446744073709551615n), '"18446744073709551615"');
  assert.equal(jsonlInt(-9007199254740992n), '"-9007199254740992"');
});

test('jsonlBytes: UTF-8 as a JSON string, invalid UTF-8 as base64 with its encoding', () => {
  assert.equal(jsonlBytes('key', Buffer.from('héllo "q"\n')), '"key":"héllo \\"q\\"\\n"');
  assert.equal(jsonlBytes('value', Buffer.from([0xff, 0x00])), '"value":"/wA=","value_encoding":"base64"');
  assert.equal(jsonlBytes('value', Buffer.alloc(0)), '"value":""');
  // a subarray of a larger buffer encodes only its own bytes
  const big = Buffer.from('xxabcxx');
  assert.equal(jsonlBytes('key', big.subarray(2, 5)), '"key":"abc"');
});

test('jsonlKv: lease null when 0, hex %016x otherwise; keys-only omits value', () => {
  assert.equal(
    jsonlKv(kv(Buffer.from('k'), Buffer.from(''))),
    '{"key":"k","create_revision":2,"mod_revision":3,"version":1,"value":"","lease":null}\n',
  );
  assert.equal(
    jsonlKv(kv(Buffer.from('k'), Buffer.from('v'), 0x694d7a1b2c3dn), true),
    '{"key":"k","create_revision":2,"mod_revision":3,"version":1,"lease":"0000694d7a1b2c3d"}\n',
  );
  const line = jsonlKv(kv(Buffer.from([0x80]), Buffer.from([0xc3, 0x28])));
  const o = JSON.parse(line);
  assert.equal(o.key_encoding, 'base64');
  assert.deepEqual(Buffer.from(o.key, 'base64'), Buffer.from([0x80]));
  assert.equal(o.value_encoding, 'base64');
});

test('jsonlEvent, jsonlCount, jsonlNames', () => {
  const ev = { type: 1, kv: kv(Buffer.from('k'), Buffer.alloc(0)), prev_kv: kv(Buffer.from('k'), Buffer.from('old')) };
  const o = JSON.parse(jsonlEvent(ev as never));
  assert.equal(o.type, 'DELETE');
  assert.equal(o.prev_kv.value, 'old');
  assert.equal(jsonlCount(5n), '{"count":5}\n');
  assert.equal(jsonlNames({ users: ['a', 'b"'] } as never), '{"name":"a"}\n{"name":"b\\""}\n');
});
