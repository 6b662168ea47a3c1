// Fault scenario, quorum loss (issue 14): 2 of 3 members killed (kill -9). Every command that
// needs the quorum fails by itself (our kill-timer, far above --dial-timeout and
// --command-timeout, only detects a hang) with a non-zero exit and stderr naming the cause:
// each dead endpoint's `connection refused` after etcdctl's `context deadline exceeded`, or
// the server's own `no leader` / `unhealthy` words. What the survivor can serve alone
// (member list, a serializable get, its status, a snapshot) keeps working. Once the two
// members are back, writes succeed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ours, type RunResult } from '../support/run';
import { useFaultCluster, findLeader, waitFor } from '../support/faults';

// The per-endpoint cause lines are opt-in off a terminal: these tests ask for them.
process.env.ETCDCTLTS_ERROR_CAUSES = '1';

const HANG_MS = 90_000;

let dir: string;
const rig = useFaultCluster({
  setup() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-quorum-'));
  },
  teardown() {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  },
});

const NEEDS_QUORUM: { args: string[]; input?: string }[] = [
  { args: ['get', 'q/k'] },
  { args: ['put', 'q/k', 'v'] },
  { args: ['del', 'q/k'] },
  { args: ['lease', 'grant', '10'] },
  { args: ['compaction', '1'] },
  { args: ['watch', '--prefix', 'q/'] },
  { args: ['endpoint', 'health'] },
];

/**
 * txn, lock and elect end with the server's `rpc error: code = Unknown desc = context deadline
 * exceeded` (etcdctl's text); the client diagnoses that deadline too, so the transport lines follow.
 */
const SERVER_DEADLINE: { args: string[]; input?: string }[] = [
  { args: ['txn'], input: '\nput q/t v\n\n\n' },
  { args: ['lock', 'q/lock', 'true'] },
  { args: ['elect', 'q/elect', 'p'] },
];

let deadEps: string[] = [];

async function assertFailsNamingCause(
  t: { diagnostic(m: string): void },
  c: { args: string[]; input?: string },
): Promise<void> {
  const r = await ours(
    [`--endpoints=${rig.cluster.endpoints.join(',')}`, '--dial-timeout=1s', '--command-timeout=3s', ...c.args],
    { input: c.input, timeoutMs: HANG_MS },
  );
  const what = `${c.args.join(' ')}: code ${r.code}, stderr ${JSON.stringify(r.err)}`;
  t.diagnostic(what);
  assert.equal(r.timedOut, false, `${what} (hung)`);
  assert.notEqual(r.code, 0, what);
  assert.match(r.err, /^Error: \S/m, what);
  assert.doesNotMatch(r.err, /\n\s+at /, `${what} (stack trace)`);
  const refused = deadEps.every(
    (ep) => r.err.includes(`\n${ep}: connection refused\n`) || r.err.includes(`${ep} is unhealthy:`),
  );
  const serverSaid = /etcdserver: (no leader|request timed out)/.test(r.err);
  assert.ok(refused || serverSaid, `${what} (names the cause)`);
}

test(
  'quorum loss: every command that needs the quorum fails with its cause named, never hangs',
  { timeout: 600_000 },
  async (t) => {
    assert.equal((await ours([`--endpoints=${rig.cluster.endpoints.join(',')}`, 'put', 'q/k', 'before'])).code, 0);
    const leader = await findLeader(rig.cluster);
    const dead = [leader, (leader + 1) % 3];
    const alive = (leader + 2) % 3;
    for (const i of dead) await rig.faults.kill(i);
    const all = `--endpoints=${rig.cluster.endpoints.join(',')}`;
    const run = (args: string[], input?: string): Promise<RunResult> =>
      ours([all, '--dial-timeout=1s', '--command-timeout=3s', ...args], { input, timeoutMs: HANG_MS });

    deadEps = dead.map((i) => rig.cluster.endpoints[i]);
    for (const c of NEEDS_QUORUM) await assertFailsNamingCause(t, c);
    await t.test('txn, lock and elect name the cause too', async (tt) => {
      for (const c of SERVER_DEADLINE) await assertFailsNamingCause(tt, c);
    });

    // what one member can serve alone
    const members = await run(['member', 'list']);
    assert.equal(members.code, 0, members.err);
    assert.equal(members.out.split('\n').length - 1, 3);
    const local = await run(['get', 'q/k', '--consistency=s', '--print-value-only']);
    assert.deepEqual([local.code, local.out], [0, 'before\n']);
    const snap = path.join(dir, 'alone.db');
    const s = await ours([`--endpoints=${rig.cluster.endpoints[alive]}`, 'snapshot', 'save', snap], {
      timeoutMs: HANG_MS,
    });
    assert.deepEqual([s.code, s.out], [0, `Snapshot saved at ${snap}\n`]);
    const st = await run(['endpoint', 'status']);
    assert.equal(st.code, 1);
    assert.match(st.out, /etcdserver: no leader/, 'the survivor reports it has no leader');

    for (const i of dead) await rig.faults.restart(i);
    await findLeader(rig.cluster);
    await waitFor(
      'a put after the quorum is back',
      async () => (await run(['put', 'q/k', 'after'])).code === 0,
      60_000,
      500,
    );
    const got = await run(['get', 'q/k', '--print-value-only']);
    assert.deepEqual([got.code, got.out], [0, 'after\n']);
  },
);
