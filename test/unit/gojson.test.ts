import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonArray, jsonBase64, jsonBool, jsonInt, jsonObject, jsonString } from '../../src/go/json';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

test('jsonString: basic escapes', () => {
  assert.equal(jsonString(''), '""');
  assert.equal(jsonString('abc'), '"abc"');
  assert.equal(jsonString('a"b\\c/d'), '"a\\"b\\\\c/d"');
  assert.equal(jsonString('\n\r\t'), '"\\n\\r\\t"');
  assert.equal(jsonString('\b\f'), '"\\b\\f"');
  assert.equal(jsonString('\x00\x01\x0b\x1b\x1f'), '"\\u0000\\u0001\\u000b\\u001b\\u001f"');
  assert.equal(jsonString('\x7f'), '"\x7f"');
  assert.equal(jsonString("'"), '"\'"');
});

test('jsonString: HTML-safe escaping and line separators', () => {
  assert.equal(jsonString('<a href="x">&amp;</a>'), '"\\u003ca href=\\"x\\"\\u003e\\u0026amp;\\u003c/a\\u003e"');
  assert.equal(jsonString('\u2028\u2029'), '"\\u2028\\u2029"');
  assert.equal(jsonString('é日本😀\u0085\ufffd'), '"é日本😀\u0085\ufffd"');
});

test('jsonString: invalid UTF-8 bytes become \\ufffd, one per byte', () => {
  assert.equal(jsonString(bytes(0x66, 0xff, 0x6f)), '"f\\ufffdo"');
  assert.equal(jsonString(bytes(0xe2, 0x82)), '"\\ufffd\\ufffd"');
  assert.equal(jsonString(bytes(0xed, 0xa0, 0x80)), '"\\ufffd\\ufffd\\ufffd"');
  assert.equal(jsonString(bytes(0xc0, 0xaf)), '"\\ufffd\\ufffd"');
  assert.equal(jsonString(bytes(0xe2, 0x80, 0xa8)), '"\\u2028"');
  assert.equal(jsonString(bytes(0xc3, 0xa9, 0x3c)), '"é\\u003c"');
});

test('jsonBase64: []byte fields', () => {
  assert.equal(jsonBase64(bytes()), '""');
  assert.equal(jsonBase64(new TextEncoder().encode('foo')), '"Zm9v"');
  assert.equal(jsonBase64(new TextEncoder().encode('bar2')), '"YmFyMg=="');
  assert.equal(jsonBase64(bytes(0xff, 0xfe)), '"//4="');
  assert.equal(jsonBase64(new Uint8Array([9, 0x66, 0x6f, 0x6f, 9]).subarray(1, 4)), '"Zm9v"');
});

test('jsonInt / jsonBool', () => {
  assert.equal(jsonInt(0n), '0');
  assert.equal(jsonInt(-1n), '-1');
  assert.equal(jsonInt(18446744073709551615n), '18446744073709551615');
  assert.equal(jsonInt(-9223372036854775808n), '-9223372036854775808');
  assert.equal(jsonInt(42), '42');
  assert.throws(() => jsonInt(2 ** 60));
  assert.equal(jsonBool(true), 'true');
  assert.equal(jsonBool(false), 'false');
});

test('jsonObject / jsonArray keep order and skip undefined', () => {
  assert.equal(jsonObject([]), '{}');
  assert.equal(
    jsonObject([
      ['a', '1'],
      ['b', undefined],
      ['c', '"x"'],
    ]),
    '{"a":1,"c":"x"}',
  );
  assert.equal(jsonArray(null), 'null');
  assert.equal(jsonArray(undefined), 'null');
  assert.equal(jsonArray([]), '[]');
  assert.equal(jsonArray(['1', '"a"']), '[1,"a"]');
});

test('builds the member list JSON of docs/etcdctl-behaviour.md §8.3 byte for byte', () => {
  const header = jsonObject([
    ['cluster_id', jsonInt(14443903163313418560n)],
    ['member_id', jsonInt(11417610130673999598n)],
    ['revision', undefined],
    ['raft_term', jsonInt(2n)],
  ]);
  const m1 = jsonObject([
    ['ID', jsonInt(11417610130673999598n)],
    ['name', jsonString('s1')],
    ['peerURLs', jsonArray([jsonString('http://127.0.0.1:22380')])],
    ['clientURLs', jsonArray([jsonString('http://127.0.0.1:22379')])],
    ['isLearner', undefined],
  ]);
  const m2 = jsonObject([
    ['ID', jsonInt(13969879380581572149n)],
    ['name', undefined],
    ['peerURLs', jsonArray([jsonString('http://127.0.0.1:22390')])],
    ['clientURLs', undefined],
    ['isLearner', jsonBool(true)],
  ]);
  assert.equal(
    jsonObject([
      ['header', header],
      ['members', jsonArray([m1, m2])],
    ]),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2},"members":[{"ID":11417610130673999598,"name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]},{"ID":13969879380581572149,"peerURLs":["http://127.0.0.1:22390"],"isLearner":true}]}',
  );
});
