// A large range is read page by page (20,000 keys a page, all pages at the first
// page's revision) for -w simple and -w json: the bytes must equal the real
// etcdctl's single Range, on the same server, for 45,678 keys (three pages).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../support/etcd';
import { ours, real } from '../support/run';

const N = 45_678;
const key = (i: number) => `big/${String(i).padStart(5, '0')}`;
const value = (i: number) => `v${i}-${'x'.repeat(i % 97)}`;

describe('get over more than two pages', () => {
  let cluster: Cluster;
  let ep: string;
  let midRevision = 0;
  before(async () => {
    cluster = await startCluster();
    ep = `--endpoints=${cluster.endpoints[0]}`;
    // Loaded through etcd's JSON gateway, 128 puts a txn (etcd's default limit).
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    for (let start = 0; start < N; start += 128) {
      const success = [];
      for (let i = start; i < Math.min(N, start + 128); i++)
        success.push({ request_put: { key: b64(key(i)), value: b64(value(i)) } });
      const r = await fetch(`http://${cluster.endpoints[0]}/v3/kv/txn`, {
        method: 'POST',
        body: JSON.stringify({ success }),
      });
      assert.equal(r.status, 200, await r.text());
    }
    await real('3.4', [ep, 'put', 'bih', 'outside']);
    await real('3.4', [ep, 'put', 'bigz', 'outside']);
    midRevision = Number(JSON.parse((await real('3.4', [ep, 'get', 'x', '-w', 'json'])).out).header.revision);
    // Later writes: a read at midRevision must not see them.
    await real('3.4', [ep, 'put', key(7), 'changed-later']);
    await real('3.4', [ep, 'del', key(11000)]);
  });
  after(async () => {
    await cluster?.stop();
  });

  const cases: string[][] = [
    ['get', 'big/', '--prefix'],
    ['get', 'big/', '--prefix', '--keys-only'],
    ['get', 'big/', '--prefix', '--print-value-only'],
    ['--hex', 'get', 'big/', '--prefix'],
    ['get', key(100), key(9000)],
    ['get', key(12000), '--from-key'],
    ['get', '', '--prefix', '--keys-only'],
    ['get', 'big/', '--prefix', '--consistency=s'],
    ['get', 'big/', '--prefix', '-w', 'json'],
    ['get', 'big/', '--prefix', '--keys-only', '-w', 'json'],
    ['get', key(100), key(41000), '-w', 'json'],
    ['get', key(30000), '--from-key', '-w', 'json'],
    ['--hex', 'get', 'big/', '--prefix', '-w', 'json'],
    ['get', 'big/', '--prefix', '--limit=6000'],
    ['get', 'big/', '--prefix', '--order=DESCEND', '--keys-only'],
  ];
  for (const args of cases) {
    test(args.join(' '), async () => {
      const [o, r] = [await ours([ep, ...args]), await real('3.4', [ep, ...args])];
      assert.equal(o.code, 0, o.err);
      assert.equal(r.code, 0, r.err);
      assert.ok(o.stdout.length > 1000, 'a large output');
      assert.ok(o.stdout.equals(r.stdout), `stdout differs (${o.stdout.length} vs ${r.stdout.length} bytes)`);
    });
  }

  test('--rev pins every page to that revision', async () => {
    const args = ['get', 'big/', '--prefix', `--rev=${midRevision}`];
    const [o, r] = [await ours([ep, ...args]), await real('3.4', [ep, ...args])];
    assert.ok(o.stdout.equals(r.stdout));
    assert.match(o.out, new RegExp(`${key(11000)}\\n`));
    assert.doesNotMatch(o.out, /changed-later/);
  });

  test('--rev pins every page to that revision (json)', async () => {
    const args = ['get', 'big/', '--prefix', `--rev=${midRevision}`, '-w', 'json'];
    const [o, r] = [await ours([ep, ...args]), await real('3.4', [ep, ...args])];
    assert.ok(o.stdout.equals(r.stdout));
    assert.equal(JSON.parse(o.out).kvs.length, N);
  });
});
