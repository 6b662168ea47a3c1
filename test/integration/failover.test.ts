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

  /** Index of the member that is leader, asked of the given members with our CLI. */
  async function leaderIndex(among: number[]): Promise<number | undefined> {
    for (const i of among) {
      const r = await ours([`--endpoints=${cluster.endpoints[i]}`, 'endpoint', 'status', '-w', 'json']);
      if (r.code !== 0) continue;
      const [st] = JSON.parse(r.out) as {
        Status: { header: { member_id: number | string }; leader: number | string };
      }[];
      if (String(st.Status.leader) === '0') continue;
      if (String(st.Status.leader) === String(st.Status.header.member_id)) return i;
    }
    return undefined;
  }

  async function putsSucceed(tag: string): Promise<void> {
    const all = `--endpoints=${cluster.endpoints.join(',')}`;
    for (let i = 0; i < 5; i++) {
      const put = await ours([all, 'put', `${tag}-${i}`, `v${i}`]);
      assert.deepEqual([put.code, put.out, put.err], [0, 'OK\n', ''], `put ${tag} ${i}`);
    }
    const got = await ours([all, 'get', `${tag}-`, '--prefix', '--print-value-only']);
    assert.deepEqual([got.code, got.out], [0, 'v0\nv1\nv2\nv3\nv4\n']);
    const one = JSON.parse((await ours([all, 'get', `${tag}-4`, '-w', 'json'])).out) as { kvs: { version: number }[] };
    assert.equal(one.kvs[0].version, 1, 'each put was applied exactly once');
  }

  test('put and get succeed with a follower killed (SIGKILL)', async () => {
    const leader = await leaderIndex([0, 1, 2]);
    assert.notEqual(leader, undefined, 'the cluster has a leader');
    const victim = [0, 1, 2].find((i) => i !== leader) as number;
    await cluster.members[victim].stop('SIGKILL');
    await putsSucceed('after-follower-kill');
    await cluster.members[victim].start();
  });

  test('put and get succeed after the leader is killed (SIGKILL) and the others elect a new one', async () => {
    const leader = await leaderIndex([0, 1, 2]);
    assert.notEqual(leader, undefined, 'the cluster has a leader');
    await cluster.members[leader as number].stop('SIGKILL');
    const rest = [0, 1, 2].filter((i) => i !== leader);
    let next: number | undefined;
    for (let tries = 0; tries < 100 && next === undefined; tries++) {
      next = await leaderIndex(rest);
      if (next === undefined) await new Promise((r) => setTimeout(r, 200));
    }
    assert.notEqual(next, undefined, 'a new leader was elected among the survivors');
    await putsSucceed('after-leader-kill');
    await cluster.members[leader as number].start();
  });

  test('only dead endpoints: context deadline exceeded after the command timeout, exit 1', async () => {
    const r = await ours(['--endpoints=127.0.0.1:1,127.0.0.1:2', '--command-timeout=500ms', 'get', 'foo']);
    assert.deepEqual([r.code, r.out, r.err], [1, '', 'Error: context deadline exceeded\n']);
  });
});
