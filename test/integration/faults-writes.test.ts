// Fault scenario, writes during leader loss (issue 14): a writer runs our CLI op after op while
// the leader is killed (kill -9), restarted, and the next leader killed too. Each op j is
//   txn  value("c") = "<j-1>"  →  put c <j>, put w/<j> <j>      (a guarded counter)
//   put  p/<j> <j>                                               (a plain write)
// Every command either succeeds once or fails clearly (`Error: ...` on stderr, non-zero exit,
// no stack trace, no hang). A failed txn is retried only after reading the counter tells it
// was not applied. The guard proves nothing was applied twice: a txn that ran on counter j-1
// can only answer FAILURE if it was applied and then sent again; and every key ends with
// version 1 (a plain put applied twice would show version 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ours, type RunResult } from '../support/run';
import { useFaultCluster, findLeader, waitFor } from '../support/faults';

const OPS_AFTER_FAULTS = 5;
const HANG_MS = 60_000;

const rig = useFaultCluster();

const cli = (args: string[], input?: string): Promise<RunResult> =>
  ours([`--endpoints=${rig.cluster.endpoints.join(',')}`, '--dial-timeout=2s', '--command-timeout=5s', ...args], {
    input,
    timeoutMs: HANG_MS,
  });

/** A failure must be clear: exit non-zero, an `Error:` line first, no stack trace, not killed by our hang timer. */
function assertClearFailure(r: RunResult, what: string): void {
  const where = `${what}: code ${r.code}, stderr ${JSON.stringify(r.err)}`;
  assert.equal(r.timedOut, false, `${where} (hung)`);
  assert.notEqual(r.code, 0, where);
  assert.match(r.err, /^Error: \S[^\n]*\n/, where);
  assert.doesNotMatch(r.err, /\n\s+at /, `${where} (stack trace)`);
  assert.equal(r.out, '', where);
}

/** The counter's value, read until a read succeeds. */
async function counter(): Promise<number> {
  return waitFor(
    'a successful read of the counter',
    async () => {
      const r = await cli(['get', 'c', '--print-value-only']);
      return r.code === 0 ? Number(r.out.trim()) : undefined;
    },
    60_000,
    200,
  );
}

test('writes during leader loss succeed once or fail clearly; nothing is applied twice', async (t) => {
  assert.equal((await cli(['put', 'c', '0'])).code, 0);
  let ops = 0;
  const failures: string[] = [];

  // The faults, concurrently with the writer: kill the leader, let a new one be elected,
  // restart the victim, then kill the next leader and restart it.
  const faultsDone = (async () => {
    for (let round = 0; round < 2; round++) {
      const start = ops;
      await waitFor('some writes before the fault', () => ops >= start + 3, 120_000);
      const leader = await findLeader(rig.cluster);
      await rig.faults.kill(leader);
      await findLeader(rig.cluster, { among: [0, 1, 2].filter((i) => i !== leader) });
      const after = ops;
      await waitFor('some writes without the old leader', () => ops >= after + 2, 120_000);
      await rig.faults.restart(leader);
    }
  })();
  let faultsOver = false;
  void faultsDone.then(
    () => (faultsOver = true),
    () => (faultsOver = true),
  );

  let target = Infinity;
  for (let j = 1; j <= target; j++) {
    // the guarded counter
    for (;;) {
      const r = await cli(['txn'], `value("c") = "${j - 1}"\n\nput c ${j}\nput w/${j} ${j}\n\n\n`);
      if (r.code === 0) {
        assert.equal(
          r.out,
          'SUCCESS\n\nOK\n\nOK\n',
          `txn ${j} ran on counter ${j - 1}: FAILURE means it was applied twice`,
        );
        break;
      }
      assertClearFailure(r, `txn ${j}`);
      failures.push(`txn ${j}: ${r.err.split('\n')[0]}`);
      const now = await counter();
      assert.ok(now === j || now === j - 1, `counter ${now} after a failed txn ${j}`);
      if (now === j) break; // applied once, reported as failed: an honest "maybe"
    }
    // a plain put
    const p = await cli(['put', `p/${j}`, `${j}`]);
    if (p.code === 0) assert.equal(p.out, 'OK\n');
    else {
      assertClearFailure(p, `put p/${j}`);
      failures.push(`put ${j}: ${p.err.split('\n')[0]}`);
    }
    ops = j;
    if (faultsOver && target === Infinity) target = j + OPS_AFTER_FAULTS;
  }
  await faultsDone;

  const n = target;
  assert.equal(await counter(), n);
  const w = await cli(['get', 'w/', '--prefix', '-w', 'json']);
  const kvs = (JSON.parse(w.out) as { kvs: { key: string; version: number }[] }).kvs;
  assert.equal(kvs.length, n, 'one w/ key per counter step');
  for (const kv of kvs) assert.equal(kv.version, 1, `${Buffer.from(kv.key, 'base64').toString()} written once`);
  const pk = await cli(['get', 'p/', '--prefix', '-w', 'json']);
  for (const kv of (JSON.parse(pk.out) as { kvs: { key: string; version: number }[] }).kvs) {
    assert.equal(kv.version, 1, `${Buffer.from(kv.key, 'base64').toString()} applied once`);
  }
  t.diagnostic(`${n} ops, ${failures.length} clear failures${failures.length ? `: ${failures.join('; ')}` : ''}`);
});
