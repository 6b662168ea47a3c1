// Endpoint failover with real members: a dead endpoint is skipped, a member
// killed with SIGKILL does not stop reads or writes on the others.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../support/etcd';
import { ours } from '../support/run';

describe('failover', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ size: 3 });
  });
  after(async () => {
    await cluster?.stop();
  });

  test('a closed first endpoint is skipped for get', async () => {
    const ep = cluster.endpoints[1];
    assert.equal((await ours([`--endpoints=${ep}`, 'put', 'foo', 'bar'])).out, 'OK\n');
    const r = await ours([`--endpoints=127.0.0.1:1,${ep}`, 'get', 'foo']);
    assert.deepEqual([r.code, r.out, r.err], [0, 'foo\nbar\n', '']);
  });

  test('put and get succeed with one of three members killed (SIGKILL)', async () => {
    const victim = cluster.members[0];
    await victim.stop('SIGKILL');
    const all = `--endpoints=${cluster.endpoints.join(',')}`;
    for (let i = 0; i < 5; i++) {
      const put = await ours([all, 'put', `after-kill-${i}`, `v${i}`]);
      assert.deepEqual([put.code, put.out, put.err], [0, 'OK\n', ''], `put ${i}`);
    }
    const got = await ours([all, 'get', 'after-kill-', '--prefix', '--print-value-only']);
    assert.deepEqual([got.code, got.out], [0, 'v0\nv1\nv2\nv3\nv4\n']);
    const revs = await ours([all, 'get', 'after-kill-4', '-w', 'json']);
    const body = JSON.parse(revs.out) as { kvs: { version: number }[] };
    assert.equal(body.kvs[0].version, 1, 'the put was applied exactly once');
    await victim.start();
  });

  test('only dead endpoints: context deadline exceeded after the command timeout, exit 1', async () => {
    const r = await ours(['--endpoints=127.0.0.1:1,127.0.0.1:2', '--command-timeout=500ms', 'get', 'foo']);
    assert.deepEqual([r.code, r.out, r.err], [1, '', 'Error: context deadline exceeded\n']);
  });
});
