// Cluster operations end to end on a real 3-member cluster (docs/etcdctl-behaviour.md §8.1-8.4, §8.8):
// a learner is added with our `member add`, started as a real etcd process with the
// settings we printed, promoted, re-addressed and removed; leadership is moved to a
// named member and checked with `endpoint status`; `endpoint health` with a stopped
// member. The cluster state is read back with the real etcdctl.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { prepareExtraMember, startCluster, type Cluster } from '../support/etcd';
import { ours, real, dropZapLines } from '../support/run';

interface MemberInfo {
  id: bigint;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/** The member list as the real etcdctl reports it (64-bit IDs kept exact). */
async function memberList(eps: string[]): Promise<{ clusterId: bigint; members: MemberInfo[] }> {
  const r = await real('3.4', [`--endpoints=${eps.join(',')}`, 'member', 'list', '-w', 'json']);
  assert.equal(r.code, 0, r.err);
  const parsed = JSON.parse(r.out.replace(/("(?:cluster_id|member_id|ID)":)(\d+)/g, '$1"$2"')) as {
    header: { cluster_id: string };
    members: { ID: string; name?: string; peerURLs?: string[]; clientURLs?: string[]; isLearner?: boolean }[];
  };
  return {
    clusterId: BigInt(parsed.header.cluster_id),
    members: parsed.members.map((m) => ({
      id: BigInt(m.ID),
      name: m.name ?? '',
      peerURLs: m.peerURLs ?? [],
      clientURLs: m.clientURLs ?? [],
      isLearner: m.isLearner ?? false,
    })),
  };
}

const pad16 = (v: bigint): string => v.toString(16).padStart(16, ' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cluster operations (3 members + a learner)', () => {
  let cluster: Cluster;
  let eps: string[];
  const ep = (): string => `--endpoints=${eps.join(',')}`;

  before(async () => {
    cluster = await startCluster({ size: 3 });
    eps = [...cluster.endpoints];
  });
  after(async () => {
    await cluster?.stop();
  });

  test('learner: add, start, promote, update, remove', async () => {
    const extra = await prepareExtraMember(cluster, 'learner1');
    const peerUrl = extra.member.peerUrl;

    // etcd refuses reconfiguration until its members have been connected for 5 s.
    let add = await ours([ep(), 'member', 'add', 'learner1', '--learner', `--peer-urls=${peerUrl}`]);
    for (let i = 0; i < 40 && add.code !== 0; i++) {
      assert.deepEqual([add.code, add.out, add.err], [1, '', 'Error: etcdserver: unhealthy cluster\n']);
      await sleep(250);
      add = await ours([ep(), 'member', 'add', 'learner1', '--learner', `--peer-urls=${peerUrl}`]);
    }
    assert.equal(add.code, 0, add.err);
    assert.equal(add.err, '');
    const list = await memberList(eps);
    const added = list.members.find((m) => m.peerURLs.includes(peerUrl));
    assert.ok(added, 'the new member is listed');
    assert.equal(added.name, '', 'not started yet');
    assert.equal(added.isLearner, true);
    // ETCD_INITIAL_CLUSTER: every peer URL of every member, in response order, the new one named.
    const initialCluster = list.members
      .flatMap((m) => m.peerURLs.map((u) => `${m.id === added.id ? 'learner1' : m.name}=${u}`))
      .join(',');
    assert.equal(
      add.out,
      `Member ${pad16(added.id)} added as learner to cluster ${pad16(list.clusterId)}\n` +
        '\n' +
        'ETCD_NAME="learner1"\n' +
        `ETCD_INITIAL_CLUSTER="${initialCluster}"\n` +
        `ETCD_INITIAL_ADVERTISE_PEER_URLS="${peerUrl}"\n` +
        'ETCD_INITIAL_CLUSTER_STATE="existing"\n',
    );

    // Start the real member with exactly the printed settings.
    const printed = /^ETCD_INITIAL_CLUSTER="(.*)"$/m.exec(add.out);
    assert.ok(printed);
    await extra.start(printed[1]);
    const idHex = added.id.toString(16);

    // Promote once the learner has caught up (the server refuses until it is in sync).
    let promoted = false;
    for (let i = 0; i < 60 && !promoted; i++) {
      const p = await ours([ep(), 'member', 'promote', idHex]);
      if (p.code === 0) {
        assert.equal(p.out, `Member ${pad16(added.id)} promoted in cluster ${pad16(list.clusterId)}\n`);
        promoted = true;
      } else {
        assert.equal(p.code, 1);
        assert.equal(p.err, 'Error: etcdserver: can only promote a learner member which is in sync with leader\n');
        await sleep(500);
      }
    }
    assert.ok(promoted, 'learner promoted within 30 s');
    let now = await memberList(eps);
    let m = now.members.find((x) => x.id === added.id);
    assert.equal(m?.isLearner, false);
    assert.equal(m?.name, 'learner1');
    assert.deepEqual(m?.clientURLs, [extra.member.clientUrl]);

    // Promoting a voting member is refused.
    const again = await ours([ep(), 'member', 'promote', idHex]);
    assert.deepEqual(
      [again.code, again.out, again.err],
      [1, '', 'Error: etcdserver: can only promote a learner member\n'],
    );

    // Update its peer URLs (a second URL naming the same listener).
    const urls = `${peerUrl},http://localhost:${extra.member.peerPort}`;
    const upd = await ours([ep(), 'member', 'update', idHex, `--peer-urls=${urls}`]);
    assert.deepEqual([upd.code, upd.err], [0, '']);
    assert.equal(upd.out, `Member ${pad16(added.id)} updated in cluster ${pad16(list.clusterId)}\n`);
    now = await memberList(eps);
    m = now.members.find((x) => x.id === added.id);
    assert.deepEqual(m?.peerURLs, urls.split(','));

    // Remove it.
    const rm = await ours([ep(), 'member', 'remove', idHex, '-w', 'json']);
    assert.deepEqual([rm.code, rm.err], [0, '']);
    const rmJson = JSON.parse(rm.out.replace(/("(?:cluster_id|member_id|ID)":)(\d+)/g, '$1"$2"')) as {
      members: { ID: string }[];
    };
    assert.equal(rmJson.members.length, 3);
    assert.ok(!rmJson.members.some((x) => BigInt(x.ID) === added.id));
    now = await memberList(eps);
    assert.deepEqual(
      now.members.map((x) => x.name).sort(),
      cluster.members
        .slice(0, 3)
        .map((x) => x.name)
        .sort(),
    );
    await extra.member.stop();
  });

  test('move-leader to a named member, checked with endpoint status', async () => {
    const list = await memberList(eps);
    const statusLeader = async (): Promise<string[]> => {
      const st = await ours([ep(), 'endpoint', 'status']);
      assert.deepEqual([st.code, st.err], [0, '']);
      const rows = st.out
        .trimEnd()
        .split('\n')
        .map((l) => l.split(', '));
      assert.deepEqual(
        rows.map((r) => r[0]),
        eps,
        'rows in endpoint order',
      );
      for (const r of rows) assert.equal(r.length, 16);
      return rows.filter((r) => r[8] === 'true').map((r) => r[0]);
    };
    const before = await statusLeader();
    assert.equal(before.length, 1);
    // Pick a member that is not the leader, by name.
    const target = cluster.members.find((x) => x.endpoint !== before[0]);
    assert.ok(target);
    const info = list.members.find((x) => x.name === target.name);
    assert.ok(info);
    const leaderInfo = list.members.find((x) => x.clientURLs.includes(`http://${before[0]}`));
    assert.ok(leaderInfo);
    const mv = await ours([ep(), 'move-leader', info.id.toString(16)]);
    assert.deepEqual([mv.code, mv.err], [0, '']);
    assert.equal(mv.out, `Leadership transferred from ${leaderInfo.id.toString(16)} to ${info.id.toString(16)}\n`);
    assert.deepEqual(await statusLeader(), [target.endpoint]);

    // Only followers given: no leader endpoint among them (exit 128).
    const followers = eps.filter((e) => e !== target.endpoint);
    const none = await ours([`--endpoints=${followers.join(',')}`, 'move-leader', info.id.toString(16)]);
    assert.deepEqual(
      [none.code, none.out, none.err],
      [128, '', `Error: no leader endpoint given at [${followers.join(' ')}]\n`],
    );
  });

  test('endpoint health/status with one member stopped', async () => {
    const down = cluster.members[2];
    await down.stop();
    try {
      const h = await ours([ep(), '--command-timeout=2s', 'endpoint', 'health']);
      assert.equal(h.code, 1);
      const up = eps.filter((e) => e !== down.endpoint);
      const okLines = h.out.split('\n').filter(Boolean);
      assert.equal(okLines.length, 2);
      okLines.forEach((line, i) =>
        assert.match(
          line,
          new RegExp(
            `^${up[i].replace(/\./g, '\\.')} is healthy: successfully committed proposal: took = \\d+(\\.\\d+)?(µs|ms|s)$`,
          ),
        ),
      );
      assert.equal(
        h.err,
        `${down.endpoint} is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n`,
      );

      const s = await ours([ep(), '--command-timeout=2s', 'endpoint', 'status', '-w', 'json']);
      assert.equal(s.code, 1);
      assert.equal(s.err, `Failed to get the status of endpoint ${down.endpoint} (context deadline exceeded)\n`);
      const parsed = JSON.parse(s.out.replace(/(":)(\d{16,})/g, '$1"$2"')) as { Endpoint: string }[];
      assert.deepEqual(
        parsed.map((x) => x.Endpoint),
        up,
      );

      // The same health check by the 3.5 oracle agrees on the verdicts (its order is completion order).
      const r = await real('3.5', [ep(), '--command-timeout=2s', 'endpoint', 'health']);
      assert.equal(r.code, 1);
      assert.equal(dropZapLines(r.err), h.err);
      assert.equal(r.out.split('\n').filter(Boolean).length, 2);
    } finally {
      await down.start();
    }
  });
});
