// Fault scenario, watch (issue 14): our `watch --prefix w/ -w json`, connected through one
// loopback proxy per member, while a writer creates w/0001, w/0002, ... (each key once: a
// `ver(key) = "0"` guarded txn, retried until it answers) and, one after the other:
//   - the leader is killed (kill -9), a new one elected, the victim restarted;
//   - a member is hung (SIGSTOP) for a while, then continued (SIGCONT);
//   - every proxied connection is cut mid-stream.
// The watch must print every revision of the prefix exactly once, in order: the event
// revisions equal the keys' mod_revisions, sorted, none missing, none repeated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { real } from '../support/run';
import { startOurs, watcherCount, type Proc } from '../support/watch-proc';
import { useFaultCluster, findLeader, waitFor, type FaultProxy } from '../support/faults';
import { watchJsonEvents } from '../support/watch-diff';

const WRITES_BETWEEN = 15;

const rig = useFaultCluster();

const keyOf = (i: number): string => `w/${String(i).padStart(4, '0')}`;

async function watchers(): Promise<number> {
  let n = 0;
  for (const m of rig.cluster.members) if (m.running) n += await watcherCount(m.clientUrl).catch(() => 0);
  return n;
}

test(
  'watch --prefix across leader kill, member SIGSTOP and proxy cut prints every revision once, in order',
  { timeout: 300_000 },
  async (t) => {
    const proxies: FaultProxy[] = [];
    for (let i = 0; i < 3; i++) proxies.push(await rig.faults.proxy(i));
    const watch: Proc = startOurs([
      '--endpoints',
      proxies.map((p) => p.endpoint).join(','),
      'watch',
      '--prefix',
      'w/',
      '-w',
      'json',
    ]);
    try {
      await waitFor('the watcher registered on a member', async () => (await watchers()) > 0);
      let written = 0;
      let writeFailures = 0;
      let stopAt = Infinity;
      const writer = (async () => {
        for (let i = 1; i <= stopAt; i++) {
          const key = keyOf(i);
          await waitFor(
            `the create of ${key}`,
            async () => {
              const r = await real(
                '3.4',
                ['--endpoints', rig.cluster.endpoints.join(','), '--command-timeout=3s', 'txn'],
                {
                  input: `ver("${key}") = "0"\n\nput ${key} v${i}\n\n\n`,
                  timeoutMs: 30_000,
                },
              );
              if (r.code === 0) return true;
              writeFailures++;
              return false;
            },
            120_000,
            100,
          );
          written = i;
        }
      })();
      let writerError: unknown;
      writer.catch((e: unknown) => (writerError = e));
      const progress = (n: number): Promise<boolean> => {
        const from = written;
        return waitFor(
          `${n} more writes`,
          () => {
            if (writerError !== undefined) throw writerError;
            return written >= from + n;
          },
          120_000,
          50,
        );
      };

      // 1. leader kill
      await progress(WRITES_BETWEEN);
      const leader = await findLeader(rig.cluster);
      await rig.faults.kill(leader);
      await findLeader(rig.cluster, { among: [0, 1, 2].filter((i) => i !== leader) });
      await progress(WRITES_BETWEEN);
      await rig.faults.restart(leader);
      await findLeader(rig.cluster);

      // 2. a member hung for a while (a follower: the others keep writing)
      await progress(WRITES_BETWEEN);
      const l2 = await findLeader(rig.cluster);
      const hung = [0, 1, 2].find((i) => i !== l2) as number;
      rig.faults.pause(hung);
      await progress(WRITES_BETWEEN);
      rig.faults.resume(hung);

      // 3. every proxied connection cut mid-stream
      await progress(WRITES_BETWEEN);
      for (const p of proxies) p.cut();
      await progress(WRITES_BETWEEN);
      stopAt = written + 1;
      await writer;

      const last = keyOf(written);
      await waitFor(
        `the watch printing ${last}`,
        () => watch.out().includes(Buffer.from(last).toString('base64')),
        60_000,
      );
      assert.ok(watch.child.exitCode === null, `the watch is still running; stderr: ${watch.err()}`);
      await watch.stop('SIGINT');

      const printed = watchJsonEvents(watch.out());
      const got = await real('3.4', [
        '--endpoints',
        rig.cluster.endpoints.join(','),
        'get',
        'w/',
        '--prefix',
        '-w',
        'json',
      ]);
      const kvs = (JSON.parse(got.out) as { kvs: { key: string; mod_revision: number; version: number }[] }).kvs;
      assert.equal(kvs.length, written);
      for (const kv of kvs) assert.equal(kv.version, 1);
      const expected = kvs.map((kv) => kv.mod_revision).sort((a, b) => a - b);
      assert.deepEqual(
        printed.map((e) => e.rev),
        expected,
        'every revision exactly once, in order',
      );
      t.diagnostic(`${written} keys, ${printed.length} events, ${writeFailures} failed writer attempts (retried)`);
    } finally {
      if (watch.child.exitCode === null && watch.child.signalCode === null) await watch.stop('SIGKILL');
    }
  },
);
