// txn -f FILE / txn -f - (extension) against a real etcd: a JSON or YAML document gives
// the same transaction, and the same output in every -w format, as etcdctl's line grammar.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useCluster } from '../support/use-cluster';
import { ours, type RunResult } from '../support/run';

const rig = useCluster({ scratch: 'txn-file-' });

const run = (args: string[], input?: string): Promise<RunResult> => ours(args, { env: rig.env, input });

/** Header revisions blanked: two equal transactions run one after the other. */
const shape = (s: string): string =>
  s
    .replace(/"revision":\d+/g, '"revision":R')
    .replace(/"Revision" : \d+/g, '"Revision" : R')
    .replace(/"ModRevision" : \d+/g, '"ModRevision" : R')
    .replace(/"CreateRevision" : \d+/g, '"CreateRevision" : R')
    .replace(/"(mod|create)_revision":\d+/g, '"$1_revision":R')
    .replace(/"Version" : \d+/g, '"Version" : V')
    .replace(/"version":\d+/g, '"version":V');

describe('txn -f', () => {
  test('success branch: same output as the line grammar in every -w format', async () => {
    const lines = 'value("tf/k") = "v1"\n\nput tf/k v2\nget tf/k\n\nput tf/k failed\n\n';
    const doc = {
      compare: [{ key: 'tf/k', target: 'value', result: '=', value: 'v1' }],
      success: [{ put: { key: 'tf/k', value: 'v2' } }, { get: { key: 'tf/k' } }],
      failure: [{ put: { key: 'tf/k', value: 'failed' } }],
    };
    const file = path.join(rig.dir, 'success.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    for (const w of ['simple', 'json', 'fields', 'protobuf']) {
      await run(['put', 'tf/k', 'v1']);
      const a = await run(['txn', '-w', w], lines);
      await run(['put', 'tf/k', 'v1']);
      const b = await run(['txn', '-w', w, '-f', file]);
      assert.equal(b.code, a.code, `${w}: ${b.err}`);
      assert.equal(b.err, a.err, w);
      if (w === 'protobuf') assert.equal(b.stdout.length, a.stdout.length, w);
      else assert.equal(shape(b.out), shape(a.out), w);
    }
    assert.equal((await run(['get', 'tf/k', '--print-value-only'])).out, 'v2\n');
  });

  test('failure branch from YAML on stdin, with request lines as strings', async () => {
    await run(['put', 'tf/y', 'a']);
    const yaml = [
      'compare:',
      '  - key: tf/y',
      '    target: mod',
      '    result: "<"',
      '    value: 1',
      'success:',
      '  - put tf/y never',
      'failure:',
      '  - put: {key: tf/y, value: b}',
      '  - "get tf/y"',
      '',
    ].join('\n');
    const r = await run(['txn', '-f', '-'], yaml);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'FAILURE\n\nOK\n\ntf/y\nb\n');
  });

  test('binary keys and values via _base64', async () => {
    const key = Buffer.from([0x00, 0xff, 0x10, 0x80]);
    const value = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0a]);
    const doc = { success: [{ put: { key_base64: key.toString('base64'), value_base64: value.toString('base64') } }] };
    const r = await run(['txn', '-f', '-'], JSON.stringify(doc));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'SUCCESS\n\nOK\n');
    const g = await run(['get', '', '--from-key', '-w', 'json']);
    const kvs = (JSON.parse(g.out) as { kvs: { key: string; value: string }[] }).kvs;
    const hit = kvs.find((kv) => Buffer.from(kv.key, 'base64').equals(key));
    assert.ok(hit, 'binary key stored');
    assert.deepEqual(Buffer.from(hit.value, 'base64'), value);
  });

  test('errors name the field path, exit 3, nothing written', async () => {
    const before = (await run(['get', '', '--from-key'])).out;
    const cases: [string, string][] = [
      [
        JSON.stringify({ success: [{ put: { key: 'x', value: 'v', lease: 'zz' } }] }),
        'success[0].put.lease: expected a lease ID in hex, got "zz"',
      ],
      [
        JSON.stringify({ compare: [{ key: 'x', target: 'nope', result: '=' }] }),
        'compare[0].target: unknown target "nope"',
      ],
      [
        JSON.stringify({ failure: [{ put: { key: 'x', value: 'v' } }, { del: { key: 'x', prefxi: true } }] }),
        'failure[1].del.prefxi: unknown field',
      ],
      [
        JSON.stringify({ success: [{ put: { key_base64: '***', value: 'v' } }] }),
        'success[0].put.key_base64: not valid base64',
      ],
    ];
    for (const [doc, msg] of cases) {
      const r = await run(['txn', '-f', '-'], doc);
      assert.equal(r.code, 3, doc);
      assert.equal(r.out, '');
      assert.ok(r.err.startsWith(`Error: txn file -: ${msg}`), r.err);
    }
    const file = path.join(rig.dir, 'bad.yaml');
    fs.writeFileSync(file, 'success:\n  - put: {key: a, value: [1, 2]}\n');
    const r = await run(['txn', '-f', file]);
    assert.equal(r.code, 3);
    assert.equal(r.err, `Error: txn file ${file}: success[0].put.value: expected a string, got a list\n`);
    assert.equal((await run(['get', '', '--from-key'])).out, before);
  });

  test('a missing file, and -f with -i', async () => {
    const r = await run(['txn', '-f', path.join(rig.dir, 'absent.json')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^Error: open .*absent\.json: no such file or directory\n$/);
    const r2 = await run(['txn', '-i', '-f', '-'], '{}');
    assert.equal(r2.code, 128);
  });
});
