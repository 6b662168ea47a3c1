// Fault scenarios, sessions (issue 14), on a real 3-member cluster:
//   - `lock` (holding) and `lease keep-alive` survive a leader change (kill -9 of the leader):
//     after more than two TTLs the lease is still alive, the holder still holds the lock and
//     keeps running, and a `lock --try` of another session is refused;
//   - a lock holder killed with SIGKILL (no release) loses the lock once its session's TTL
//     passes: the waiting `lock` then acquires it, and the holder's lease has expired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ours, type RunResult } from '../support/run';
import { killAll, oursBg, type Bg } from './recipes-bg';
import { useFaultCluster, findLeader, sleep, waitFor } from '../support/faults';

/** Session TTL of the killed holder (short: the test waits for its expiry). */
const TTL = 4;
/**
 * Lease and session TTL across the leader change: well above etcd's minimum (about 3 s with
 * the default election timeout), so that a loaded machine's scheduling delays cannot expire it.
 */
const SURVIVE_TTL = 10;
const HANG_MS = 60_000;

const bgs: Bg[] = [];
const rig = useFaultCluster({ teardown: () => killAll(bgs) });

const eps = (): string => `--endpoints=${rig.cluster.endpoints.join(',')}`;
const cli = (args: string[]): Promise<RunResult> => ours([eps(), ...args], { timeoutMs: HANG_MS });
const bg = (args: string[]): Bg => {
  const b = oursBg([eps(), ...args]);
  bgs.push(b);
  return b;
};

/** The lease (hex) of the one key under prefix. */
async function leaseOfKey(prefix: string): Promise<string> {
  const r = await cli(['get', prefix, '--prefix', '-w', 'json']);
  const kvs = (JSON.parse(r.out) as { kvs?: { lease: number | string }[] }).kvs ?? [];
  assert.equal(kvs.length, 1, `one key under ${prefix}: ${r.out}`);
  return BigInt(kvs[0].lease).toString(16).padStart(16, '0');
}

test('lock and lease keep-alive survive a leader change', { timeout: 180_000 }, async () => {
  const grant = await cli(['lease', 'grant', String(SURVIVE_TTL)]);
  const id = /^lease ([0-9a-f]+) granted with TTL\(\d+s\)\n$/.exec(grant.out)?.[1];
  assert.ok(id, grant.out + grant.err);
  const keepAlive = bg(['lease', 'keep-alive', id]);
  await keepAlive.waitLines(1);
  const holder = bg(['lock', 'fl/a', `--ttl=${SURVIVE_TTL}`]);
  const holderKey = (await holder.waitLines(1)).split('\n')[0];
  assert.match(holderKey, /^fl\/a\/[0-9a-f]+$/);

  const leader = await findLeader(rig.cluster);
  await rig.faults.kill(leader);
  await findLeader(rig.cluster, { among: [0, 1, 2].filter((i) => i !== leader) });
  // Past one TTL plus the new leader's extension (an election timeout) after the election,
  // a lease that was not renewed would be gone: both must still be renewing theirs.
  const seen = keepAlive.out.split('\n').length;
  await sleep(SURVIVE_TTL * 1000 + 3000);
  await keepAlive.waitOut((o) => o.split('\n').length >= seen + 2, 30_000);
  await rig.faults.restart(leader);

  assert.ok(keepAlive.running, `keep-alive still running: ${keepAlive.err}`);
  assert.match(keepAlive.out, new RegExp(`^(lease ${id} keepalived with TTL\\(${SURVIVE_TTL}\\)\\n)+$`));
  const ttl = await cli(['lease', 'timetolive', id]);
  assert.match(ttl.out, new RegExp(`^lease ${id} granted with TTL\\(${SURVIVE_TTL}s\\), remaining\\(\\d+s\\)\\n$`));

  assert.ok(holder.running, `lock holder still running: ${holder.err}`);
  assert.equal(holder.out, `${holderKey}\n\n`, 'the holder printed its key once');
  const keys = await cli(['get', 'fl/a', '--prefix', '--keys-only']);
  assert.equal(keys.out, `${holderKey}\n\n`, "the holder's key is still the lock");
  const other = await cli(['lock', 'fl/a', '--try', `--ttl=${SURVIVE_TTL}`]);
  assert.deepEqual([other.code, other.out, other.err], [7, '', 'Error: mutex: Locked by another session\n']);

  const held = await holder.stop('SIGINT');
  assert.deepEqual([held.code, held.err], [0, '']);
  await keepAlive.stop('SIGINT');
  const next = await cli(['lock', 'fl/a', '--try', `--ttl=${SURVIVE_TTL}`, 'echo', 'acquired']);
  assert.deepEqual([next.code, next.out, next.err], [0, 'acquired\n', ''], 'free once the holder ended');
});

test("a SIGKILLed lock holder's lock passes to the waiter after its TTL", { timeout: 120_000 }, async () => {
  const holder = bg(['lock', 'fl/b', `--ttl=${TTL}`]);
  const holderKey = (await holder.waitLines(1)).split('\n')[0];
  const holderLease = await leaseOfKey('fl/b');
  const waiter = bg(['lock', 'fl/b', `--ttl=${TTL}`]);
  // the waiter has queued its own key behind the holder's
  await waitFor(
    "the waiter's key",
    async () =>
      (await cli(['get', 'fl/b', '--prefix', '--keys-only'])).out.split('\n').filter((l) => l !== '').length === 2,
  );
  assert.equal(waiter.out, '', 'the waiter waits');

  holder.kill('SIGKILL');
  await holder.exited;
  const waiterKey = (await waiter.waitLines(1, 60_000)).split('\n')[0];
  assert.match(waiterKey, /^fl\/b\/[0-9a-f]+$/);
  assert.notEqual(waiterKey, holderKey);
  const expired = await cli(['lease', 'timetolive', holderLease]);
  assert.equal(
    expired.out,
    `lease ${holderLease} already expired\n`,
    "the lock passed because the holder's session expired",
  );
  const keys = await cli(['get', 'fl/b', '--prefix', '--keys-only']);
  assert.equal(keys.out, `${waiterKey}\n\n`);
  assert.equal((await waiter.stop('SIGINT')).code, 0);
});
