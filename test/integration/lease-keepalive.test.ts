// lease keep-alive against a real etcd 3.4 (docs/etcdctl-behaviour.md §7.5, §9.6, §9.7): the loop
// keeps a lease alive past its TTL, prints every renewal, ends with
// `expired or revoked.` and exit 0 when the lease is revoked elsewhere,
// survives a member restart (the stream is reopened), and ends cleanly on
// SIGINT/SIGTERM with the status a shell reports for the signal.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ours, real } from '../support/run';
import { oursBg, clusterWithBackground, sleep, type Bg } from './recipes-bg';

const rig = clusterWithBackground();
const bg = (args: string[]): Bg => rig.track(oursBg(['--endpoints', rig.ep, ...args]));

async function grant(ttl: number): Promise<string> {
  const r = await ours(['--endpoints', rig.ep, 'lease', 'grant', String(ttl)]);
  const m = /^lease ([0-9a-f]{16}) granted with TTL\((\d+)s\)\n$/.exec(r.out);
  assert.ok(m, `grant: ${r.out}${r.err}`);
  return m[1];
}

/** Remaining TTL as the real etcdctl reports it (-1: gone). */
async function remaining(id: string): Promise<number> {
  const r = await real('3.4', ['--endpoints', rig.ep, 'lease', 'timetolive', id, '-w', 'json']);
  assert.equal(r.code, 0, r.err);
  return Number((JSON.parse(r.out) as { ttl: number }).ttl);
}

const renewal = (id: string, ttl: number): string => `lease ${id} keepalived with TTL(${ttl})\n`;

describe('lease keep-alive', () => {
  test('keeps a lease alive past its TTL, then reports its revocation and exits 0', async () => {
    const id = await grant(3);
    const ka = bg(['lease', 'keep-alive', id]);
    await ka.waitLines(1);
    await sleep(5000); // well past the 3 s TTL
    assert.ok((await remaining(id)) > 0, 'the lease must still exist');
    const lines = ka.out.split('\n').filter((l) => l !== '');
    assert.ok(lines.length >= 3, `renewals every TTL/3: ${ka.out}`);
    for (const l of lines) assert.equal(`${l}\n`, renewal(id, 3));
    const rv = await real('3.4', ['--endpoints', rig.ep, 'lease', 'revoke', id]);
    assert.equal(rv.out, `lease ${id} revoked\n`);
    const exit = await ka.exited;
    assert.equal(exit.code, 0, exit.err);
    assert.equal(exit.err, '');
    assert.ok(exit.out.endsWith(`${renewal(id, 3)}lease ${id} expired or revoked.\n`), exit.out);
  });

  test('-w json: one flat object per renewal, nothing at the end', async () => {
    const id = await grant(30);
    const ka = bg(['lease', 'keep-alive', id, '-w', 'json']);
    const first = await ka.waitLines(1);
    const dec = BigInt(`0x${id}`).toString();
    assert.match(
      first,
      new RegExp(`^\\{"cluster_id":\\d+,"member_id":\\d+,"revision":\\d+,"raft_term":\\d+,"ID":${dec},"TTL":30\\}\\n$`),
    );
    await ours(['--endpoints', rig.ep, 'lease', 'revoke', id]);
    const exit = await ka.exited;
    assert.equal(exit.code, 0);
    assert.equal(exit.out, first, 'json prints no expiry line');
  });

  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    test(`${signal}: the loop stops, output is complete, exit ${status}; the lease is not revoked`, async () => {
      const id = await grant(60);
      const ka = bg(['lease', 'keep-alive', id]);
      await ka.waitLines(1);
      const exit = await ka.stop(signal);
      assert.equal(exit.code, status);
      assert.equal(exit.signal, null);
      assert.equal(exit.err, '');
      assert.equal(exit.out, renewal(id, 60));
      assert.ok((await remaining(id)) > 0);
      await ours(['--endpoints', rig.ep, 'lease', 'revoke', id]);
    });
  }

  test('survives a restart of the member: the stream is reopened and renewals go on', async () => {
    const id = await grant(20);
    const ka = bg(['lease', 'keep-alive', id]);
    await ka.waitLines(1);
    await rig.cluster.members[0].stop();
    await sleep(1000);
    await rig.cluster.members[0].start();
    const before = ka.out.length;
    await ka.waitOut((o) => o.length > before && o.endsWith('\n'), 30_000);
    assert.ok(ka.running, 'keep-alive must still run');
    assert.ok((await remaining(id)) > 0);
    for (const l of ka.out.split('\n').filter((x) => x !== '')) assert.equal(`${l}\n`, renewal(id, 20));
    const exit = await ka.stop('SIGINT');
    assert.equal(exit.code, 130);
    await ours(['--endpoints', rig.ep, 'lease', 'revoke', id]);
  });

  test('--once renews once: the remaining TTL is back to the granted one', async () => {
    const id = await grant(10);
    await sleep(2100);
    assert.ok((await remaining(id)) <= 8);
    const r = await ours(['--endpoints', rig.ep, 'lease', 'keep-alive', '--once', id]);
    assert.equal(r.out, renewal(id, 10));
    assert.equal(r.code, 0);
    assert.ok((await remaining(id)) >= 9);
    await ours(['--endpoints', rig.ep, 'lease', 'revoke', id]);
  });
});
