// Tests of the real-etcd rig itself (test/support/etcd.ts + run.ts), against real etcd.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { rigState, startCluster, withCluster, type Cluster } from '../support/etcd';
import { dropZapLines, real } from '../support/run';

function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  assert.ok(v !== undefined, `no element ${i}`);
  return v;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the cluster and checks nothing of it is left: no process, no data dir, no temp dir. */
async function stopAndCheck(cluster: Cluster): Promise<void> {
  const pids = cluster.members.map((m) => m.pid).filter((p): p is number => p !== undefined);
  assert.equal(pids.length, cluster.members.length);
  await cluster.stop();
  for (const pid of pids) {
    assert.throws(() => process.kill(pid, 0), `etcd pid ${pid} still exists after stop()`);
    assert.equal(rigState().processes.has(pid), false);
  }
  for (const m of cluster.members) {
    assert.equal(m.running, false);
    assert.equal(fs.existsSync(m.dataDir), false, `${m.dataDir} still exists`);
  }
  assert.equal(fs.existsSync(cluster.tempDir), false);
  assert.equal(rigState().tempDirs.has(cluster.tempDir), false);
}

test('1-member 3.4 cluster: put then get with the real etcdctl', async () => {
  const cluster = await startCluster();
  try {
    assert.equal(cluster.flavor, '3.4');
    assert.equal(cluster.members.length, 1);
    const ep = at(cluster.endpoints, 0);
    assert.match(ep, /^127\.0\.0\.1:\d+$/);
    assert.equal(cluster.clientUrls[0], `http://${ep}`);

    const put = await real('3.4', ['--endpoints', ep, 'put', 'a', 'b']);
    assert.equal(put.code, 0, put.err);
    assert.equal(put.out, 'OK\n');

    const get = await real('3.4', ['--endpoints', ep, 'get', 'a']);
    assert.equal(get.code, 0, get.err);
    assert.equal(get.out, 'a\nb\n');
  } finally {
    await stopAndCheck(cluster);
  }
});

test('3-member 3.4 cluster survives a SIGKILLed member, which then rejoins', async () => {
  const cluster = await startCluster({ size: 3 });
  try {
    assert.equal(cluster.members.length, 3);
    assert.equal(new Set(cluster.endpoints).size, 3);
    assert.equal(new Set(cluster.members.map((m) => m.name)).size, 3);
    const all = cluster.endpoints.join(',');
    const victim = at(cluster.members, 2);
    const oldPid = victim.pid;
    assert.ok(oldPid !== undefined && pidExists(oldPid));

    await victim.stop('SIGKILL');
    assert.equal(victim.running, false);
    assert.equal(pidExists(oldPid), false);

    // If the victim led, the survivors elect a new leader first; a proposal caught in
    // that election can fail with `etcdserver: request timed out` (put is idempotent: again).
    let put = await real('3.4', ['--endpoints', all, '--command-timeout', '10s', 'put', 'k', 'v1']);
    for (let i = 0; put.code !== 0 && put.err.includes('etcdserver: request timed out') && i < 3; i++) {
      put = await real('3.4', ['--endpoints', all, '--command-timeout', '10s', 'put', 'k', 'v1']);
    }
    assert.equal(put.code, 0, put.err);
    assert.equal(put.out, 'OK\n');

    await victim.start();
    assert.equal(victim.running, true);
    assert.notEqual(victim.pid, oldPid);

    const health = await real('3.4', ['--endpoints', victim.endpoint, 'endpoint', 'health']);
    assert.equal(health.code, 0, health.err);
    assert.match(dropZapLines(health.out + health.err), /is healthy/);

    // a linearizable read through the restarted member sees the write it missed
    const get = await real('3.4', ['--endpoints', victim.endpoint, 'get', 'k', '--print-value-only']);
    assert.equal(get.code, 0, get.err);
    assert.equal(get.out, 'v1\n');
  } finally {
    await stopAndCheck(cluster);
  }
});

test('1-member 3.5 (Debian sid) cluster answers version/put/get', async () => {
  const cluster = await startCluster({ flavor: '3.5' });
  try {
    assert.equal(cluster.flavor, '3.5');
    const ep = at(cluster.endpoints, 0);
    const version = await real('3.5', ['version']);
    assert.equal(version.code, 0, version.err);
    assert.match(version.out, /^etcdctl version: 3\.5\.\d+/m);

    const status = await real('3.5', ['--endpoints', ep, 'endpoint', 'status', '-w', 'json']);
    assert.equal(status.code, 0, status.err);
    const parsed = JSON.parse(status.out) as Array<{ Status: { version: string } }>;
    assert.match(at(parsed, 0).Status.version, /^3\.5\./);

    const put = await real('3.5', ['--endpoints', ep, 'put', 'x', 'y']);
    assert.equal(put.code, 0, put.err);
    assert.equal(put.out, 'OK\n');
    const get = await real('3.5', ['--endpoints', ep, 'get', 'x']);
    assert.equal(get.code, 0, get.err);
    assert.equal(get.out, 'x\ny\n');
  } finally {
    await stopAndCheck(cluster);
  }
});

test('withCluster stops the cluster even when the callback throws', async () => {
  let seen: Cluster | undefined;
  await assert.rejects(
    withCluster({}, async (cluster) => {
      seen = cluster;
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.ok(seen);
  const pid = at(seen.members, 0).pid;
  assert.ok(pid !== undefined);
  assert.equal(pidExists(pid), false);
  assert.equal(fs.existsSync(seen.tempDir), false);
});
