// check perf and check datascale against a real 1-member etcd (docs/etcdctl-behaviour.md §10.8,
// docs/etcdctl-behaviour.md §10.9). check perf --load=s runs its full 60 s once (with --auto-compact and
// --auto-defrag); a second run is interrupted with SIGINT (3.6: cleanup, then
// the partial verdict). check datascale --load=s (10 000 keys) takes ~10 s.
// Throughput figures depend on the machine: only the line structure, the rate
// limit (never above the model's writes/s) and the cleanup are asserted.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startCluster, type Cluster } from '../support/etcd';
import { cleanEnv, ours, oursBin } from '../support/run';

let cluster: Cluster;
let EP: string;

before(async () => {
  cluster = await startCluster({ size: 1 });
  EP = cluster.endpoints[0];
});

after(async () => {
  await cluster?.stop();
});

const F6 = '\\d+\\.\\d{6}';
const VERDICT =
  '((?:FAIL: too many errors\\n(?:FAIL: ERROR\\(.*\\) -> \\d+\\n)+)?)' +
  '(?:PASS: Throughput is (\\d+) writes/s|FAIL: Throughput too low: (\\d+) writes/s)\\n' +
  `(?:PASS: Slowest request took ${F6}s|Slowest request took too long: ${F6}s)\\n` +
  `(?:PASS: Stddev is (?:${F6}|NaN)s|Stddev too high: ${F6}s)\\n` +
  '(PASS|FAIL)\\n$';

/** Asserts the verdict block at the end of `out` and the exit status it implies; returns writes/s. */
function checkVerdict(out: string, code: number | null): number {
  const m = new RegExp(VERDICT).exec(out);
  assert.ok(m, `no verdict in:\n${out}`);
  const passed = m[4] === 'PASS';
  assert.equal(code, passed ? 0 : 1);
  if (passed) assert.equal(m[1], '', 'PASS with errors');
  return Number(m[2] ?? m[3]);
}

async function keysUnder(prefix: string): Promise<string> {
  const r = await ours([`--endpoints=${EP}`, 'get', prefix, '--prefix', '--keys-only']);
  assert.equal(r.code, 0, r.err);
  return r.out;
}

describe('check perf', () => {
  test(
    '--load=s, 60 s: compact + defrag lines, verdict, rate limit honoured, keys removed',
    { timeout: 180_000 },
    async () => {
      const r = await ours([`--endpoints=${EP}`, 'check', 'perf', '--load=s', '--auto-compact', '--auto-defrag'], {
        timeoutMs: 150_000,
      });
      assert.equal(r.timedOut, false);
      assert.equal(r.err, '', 'nothing on stderr when it is not a terminal');
      const head = new RegExp(
        `^Compacting with revision (\\d+)\\nCompacted with revision \\1\\nDefragmenting "${EP}"\\nDefragmented "${EP}"\\n`,
      ).exec(r.out);
      assert.ok(head, r.out);
      const rate = checkVerdict(r.out.slice(head[0].length), r.code);
      // int(successes / total seconds) + 1 can never exceed the model's 150 writes/s + 1.
      assert.ok(rate >= 1 && rate <= 151, `rate ${rate}`);
      assert.equal(await keysUnder('/etcdctl-check-perf/'), '');
      // Compacted at the revision of the cleanup: the first revisions are gone.
      const old = await ours([`--endpoints=${EP}`, 'get', 'x', '--rev=1']);
      assert.deepEqual(
        { err: old.err, code: old.code },
        { err: 'Error: etcdserver: mvcc: required revision has been compacted\n', code: 1 },
      );
    },
  );

  test('SIGINT: stops, deletes the keys, prints the partial verdict (3.6)', { timeout: 60_000 }, async () => {
    const child = spawn(oursBin(), [`--endpoints=${EP}`, 'check', 'perf', '--prefix=/sigint-perf/'], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait until the workload has written keys, then interrupt.
    for (let i = 0; i < 100 && (await keysUnder('/sigint-perf/')) === ''; i++)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    assert.ok(Date.now() - t0 < 20_000, 'ended promptly');
    assert.equal(err, '');
    checkVerdict(out, code);
    assert.equal(await keysUnder('/sigint-perf/'), '');
  });
});

describe('check datascale', () => {
  test('--load=s: start line, memory verdict, keys removed', { timeout: 120_000 }, async () => {
    const revision = async (): Promise<number> =>
      JSON.parse((await ours([`--endpoints=${EP}`, 'get', 'none', '-w', 'json'])).out).header.revision;
    const before = await revision();
    const r = await ours([`--endpoints=${EP}`, 'check', 'datascale', '--load=s'], { timeoutMs: 110_000 });
    assert.equal(r.timedOut, false);
    assert.deepEqual({ err: r.err, code: r.code }, { err: '', code: 0 });
    assert.match(
      r.out,
      /^Start data scale check for work load \[10000 key-value pairs, 1024 bytes per key-value, 50 concurrent clients\]\.\nPASS: Approximate system memory used : -?\d+\.\d\d MB\.\n$/,
    );
    assert.equal(await keysUnder('/etcdctl-check-datascale/'), '');
    // Every key was written: 10 000 puts, then one delete.
    assert.equal((await revision()) - before, 10_001);
  });
});
