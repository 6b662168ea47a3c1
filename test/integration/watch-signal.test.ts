// SIGINT/SIGTERM (docs/etcdctl-behaviour.md §9.7): etcdctl has no handler and dies of the signal, every line it
// printed complete. A slow reader must not cost us output: what was printed before the
// signal arrives whole, then the process dies of that same signal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../support/etcd';
import { real } from '../support/run';
import { startOurs, waitWatchers } from '../support/watch-proc';

let cluster: Cluster;

before(async () => {
  cluster = await startCluster();
});

after(async () => {
  await cluster?.stop();
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} while the reader lags: output complete, death by ${signal}`, async () => {
    const key = `s/${signal}`;
    const big = 'x'.repeat(300_000);
    const w = startOurs(['--endpoints', cluster.endpoints[0], 'watch', key]);
    try {
      await waitWatchers(cluster.clientUrls[0], 1);
      w.child.stdout?.pause(); // the pipe fills up: our process has to hold output back
      const r = await real('3.4', ['--endpoints', cluster.endpoints[0], 'put', key], { input: big });
      assert.equal(r.code, 0, r.err);
      await new Promise((res) => setTimeout(res, 300));
      w.child.kill(signal);
      await new Promise((res) => setTimeout(res, 200));
      w.child.stdout?.resume();
      const st = await w.exited;
      assert.deepEqual([st.code, st.signal], [null, signal]);
      assert.equal(w.out(), `PUT\n${key}\n${big}\n`);
      assert.equal(w.err(), '');
    } finally {
      await w.stop('SIGKILL');
    }
  });
}
