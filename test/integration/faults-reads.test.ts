// Fault scenarios, reads (issue 14): on a real 3-member cluster, a `get` whose FIRST endpoint
// is dead (kill -9), hung (SIGSTOP) or black-holed (a proxy that accepts and never answers)
// still succeeds on another member, within --dial-timeout + --command-timeout (the run's own
// kill-timer only detects a hang; no time is asserted). When every endpoint fails, etcdctl's
// `Error: context deadline exceeded` line (exit 1) is followed by one stderr line per endpoint
// naming its transport error (README, "Differences from etcdctl").
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ours, real, type RunResult } from '../support/run';
import { useFaultCluster, findLeader } from '../support/faults';

// The per-endpoint cause lines are opt-in off a terminal: these tests ask for them.
process.env.ETCDCTLTS_ERROR_CAUSES = '1';

const TIMEOUTS = ['--dial-timeout=2s', '--command-timeout=5s'];
/** Far above dial + command timeout: only there to turn a hang into a failure. */
const HANG_MS = 60_000;
const BLACKHOLE = 'connection accepted, but no answer within 1s (member hung or connection black-holed)';

const rig = useFaultCluster({
  async setup({ cluster }) {
    const put = await real('3.4', ['--endpoints', cluster.endpoints.join(','), 'put', 'r/k', 'value']);
    assert.equal(put.code, 0, put.err);
  },
});

/** A follower's index (the fault victim: the cluster keeps its quorum and its leader). */
async function follower(): Promise<number> {
  const leader = await findLeader(rig.cluster);
  return [0, 1, 2].find((i) => i !== leader) as number;
}

function others(i: number): string[] {
  return rig.cluster.endpoints.filter((_, j) => j !== i);
}

async function getWithFirst(first: string, rest: string[]): Promise<RunResult> {
  return ours([`--endpoints=${[first, ...rest].join(',')}`, ...TIMEOUTS, 'get', 'r/k'], { timeoutMs: HANG_MS });
}

function assertRead(r: RunResult): void {
  assert.equal(r.timedOut, false, 'the command ended by itself');
  assert.deepEqual([r.code, r.out, r.err], [0, 'r/k\nvalue\n', '']);
}

describe('a read with the first endpoint failing succeeds on another member', () => {
  test('dead (kill -9)', async () => {
    const v = await follower();
    await rig.faults.kill(v);
    try {
      assertRead(await getWithFirst(rig.cluster.endpoints[v], others(v)));
    } finally {
      await rig.faults.restart(v);
    }
  });

  test('hung (SIGSTOP)', async () => {
    const v = await follower();
    rig.faults.pause(v);
    try {
      assertRead(await getWithFirst(rig.cluster.endpoints[v], others(v)));
    } finally {
      rig.faults.resume(v);
    }
  });

  test('black-holed (accepts, never answers)', async () => {
    const v = await follower();
    const p = await rig.faults.proxy(v);
    p.mode = 'blackhole';
    assertRead(await getWithFirst(p.endpoint, others(v)));
  });

  test('slow (every chunk delayed 300 ms) and the second endpoint dead', async () => {
    const v = await follower();
    const p = await rig.faults.proxy(v);
    p.delayMs = 300;
    assertRead(await getWithFirst(p.endpoint, ['127.0.0.1:1']));
  });
});

describe("every endpoint failed: etcdctl's line, exit 1, then each endpoint's transport error", () => {
  test('refused, black-holed, hung: one line each, in --endpoints order', async () => {
    const v = await follower();
    const p = await rig.faults.proxy(v);
    p.mode = 'blackhole';
    const w = [0, 1, 2].find((i) => i !== v) as number;
    const leader = await findLeader(rig.cluster);
    // pause a follower only: the others keep their quorum for the tests after this one
    const hung = w === leader ? ([0, 1, 2].find((i) => i !== v && i !== w) as number) : w;
    rig.faults.pause(hung);
    try {
      const eps = ['127.0.0.1:1', p.endpoint, rig.cluster.endpoints[hung]];
      const r = await ours(
        [`--endpoints=${eps.join(',')}`, '--dial-timeout=1s', '--command-timeout=2s', 'get', 'r/k'],
        { timeoutMs: HANG_MS },
      );
      assert.equal(r.timedOut, false);
      assert.equal(r.out, '');
      assert.equal(
        r.err,
        'Error: context deadline exceeded\n' +
          '127.0.0.1:1: connection refused\n' +
          `${p.endpoint}: ${BLACKHOLE}\n` +
          `${rig.cluster.endpoints[hung]}: ${BLACKHOLE}\n`,
      );
      assert.equal(r.code, 1);
    } finally {
      rig.faults.resume(hung);
    }
  });

  test('the real etcdctl prints the same first line and exit code', async () => {
    const p = await rig.faults.proxy(0);
    p.mode = 'blackhole';
    const args = [
      `--endpoints=127.0.0.1:1,${p.endpoint}`,
      '--dial-timeout=1s',
      '--command-timeout=2s',
      'put',
      'r/x',
      'y',
    ];
    const [o, e] = await Promise.all([ours(args, { timeoutMs: HANG_MS }), real('3.4', args, { timeoutMs: HANG_MS })]);
    const [first, ...notes] = o.err.split('\n');
    assert.equal(
      `${first}\n`,
      e.err
        .split('\n')
        .filter((l) => l.startsWith('Error:'))
        .map((l) => `${l}\n`)
        .join(''),
    );
    assert.deepEqual(notes, ['127.0.0.1:1: connection refused', `${p.endpoint}: ${BLACKHOLE}`, '']);
    assert.equal(o.code, e.code);
    assert.equal(o.out, e.out);
  });

  test('authentication at connect (exit 2) names the causes too', async () => {
    const p = await rig.faults.proxy(1);
    p.mode = 'blackhole';
    const r = await ours(
      [`--endpoints=${p.endpoint},127.0.0.1:1`, '--dial-timeout=1s', '--user', 'root:pw', 'get', 'r/k'],
      { timeoutMs: HANG_MS },
    );
    assert.deepEqual(
      [r.code, r.out, r.err],
      [2, '', `Error: context deadline exceeded\n${p.endpoint}: ${BLACKHOLE}\n127.0.0.1:1: connection refused\n`],
    );
  });

  test("an endpoint that answers gets no line (the deadline was the command's own)", async () => {
    const r = await ours(
      [`--endpoints=127.0.0.1:1,${rig.cluster.endpoints[0]}`, '--command-timeout=0s', 'get', 'r/k'],
      { timeoutMs: HANG_MS },
    );
    assert.equal(r.code, 1);
    assert.match(r.err, /^Error: context deadline exceeded\n(127\.0\.0\.1:1: connection refused\n)?$/);
  });
});
