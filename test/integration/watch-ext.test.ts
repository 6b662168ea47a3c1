// watch extensions for terminals and CI (issue 14 item 4), on a real etcd:
// --on-compacted=resync re-reads the prefix after a compaction and watches on, --on-compacted=fail
// is etcdctl's behaviour, --max-disconnect ends a watch cut off from every member with exit 13
// (member killed mid-watch, and no member at all), --timestamps prefixes each response, and a bad
// --on-compacted value is a usage error. Without the flags piped output is unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { startCluster, type Cluster } from '../support/etcd';
import { ours } from '../support/run';
import { startOurs, waitWatchers } from '../support/watch-proc';
import { Faults } from '../support/faults';

let cluster: Cluster;
let ep: string;

before(async () => {
  cluster = await startCluster();
  ep = `--endpoints=${cluster.endpoints[0]}`;
});

after(async () => {
  await cluster?.stop();
});

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;

async function compactedPrefix(prefix: string): Promise<bigint> {
  for (const k of ['a', 'b', 'a']) assert.equal((await ours([ep, 'put', `${prefix}${k}`, `v-${k}`])).code, 0);
  assert.equal((await ours([ep, 'del', `${prefix}b`])).code, 0);
  const rev = BigInt(JSON.parse((await ours([ep, 'get', 'x', '-w', 'json'])).out).header.revision);
  assert.equal((await ours([ep, 'compaction', String(rev)])).code, 0);
  return rev;
}

test(
  '--on-compacted=resync: marker on stderr, the keys now as PUT events, then the watch goes on',
  { timeout: 60_000 },
  async () => {
    const rev = await compactedPrefix('rs/');
    const w = startOurs([ep, 'watch', '--prefix', 'rs/', '--rev=1', '--on-compacted=resync']);
    try {
      await w.waitFor((out) => out.includes('rs/a\nv-a\n'), 15_000, 'the resync events');
      await waitWatchers(cluster.clientUrls[0], 1);
      assert.equal((await ours([ep, 'put', 'rs/c', 'v-c'])).code, 0);
      await w.waitFor((out) => out.includes('rs/c\n'), 15_000, 'the event after the resync');
      assert.equal(w.out(), 'PUT\nrs/a\nv-a\nPUT\nrs/c\nv-c\n');
      assert.equal(
        w.err(),
        `watch: revision compacted at ${rev}; resynced at revision ${rev}, watching from ${rev + 1n}\n`,
      );
    } finally {
      await w.stop();
    }
  },
);

test('--on-compacted=fail (the default): as without the flag', { timeout: 60_000 }, async () => {
  await compactedPrefix('fl/');
  const plain = await ours([ep, 'watch', '--prefix', 'fl/', '--rev=1']);
  const fail = await ours([ep, 'watch', '--prefix', 'fl/', '--rev=1', '--on-compacted=fail']);
  assert.equal(plain.code, 5);
  assert.deepEqual([fail.code, fail.out, fail.err], [plain.code, plain.out, plain.err]);
  assert.match(fail.err, /required revision has been compacted/);
});

test('a bad --on-compacted value is a usage error', async () => {
  const r = await ours([ep, 'watch', 'k', '--on-compacted=maybe']);
  assert.deepEqual([r.code, r.out, r.err], [128, '', 'Error: invalid --on-compacted value "maybe" (fail or resync)\n']);
});

test('--timestamps: each response with events is preceded by its arrival time', { timeout: 60_000 }, async () => {
  const w = startOurs([ep, 'watch', 'ts/k', '--timestamps']);
  try {
    await waitWatchers(cluster.clientUrls[0], 1);
    assert.equal((await ours([ep, 'put', 'ts/k', 'v1'])).code, 0);
    await w.waitFor((out) => out.includes('v1\n'), 15_000, 'the event');
    const lines = w.out().split('\n');
    assert.match(lines[0], TIMESTAMP);
    assert.deepEqual(lines.slice(1), ['PUT', 'ts/k', 'v1', '']);
  } finally {
    await w.stop();
  }
});

test('--max-disconnect with no member reachable: exit 13', { timeout: 60_000 }, async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const r = await ours([`--endpoints=127.0.0.1:${port}`, 'watch', 'k', '--max-disconnect=1s'], { timeoutMs: 30_000 });
  assert.deepEqual([r.code, r.out, r.err], [13, '', 'Error: watch: no member reachable for 1s (--max-disconnect)\n']);
});

// watch -i: the extension flags of the command apply to every watcher its lines start.

test(
  'watch -i --on-compacted=resync: a watch line from a compacted revision resyncs',
  { timeout: 60_000 },
  async () => {
    const rev = await compactedPrefix('irs/');
    const w = startOurs([ep, 'watch', '-i', '--on-compacted=resync'], { stdin: true });
    try {
      w.write('watch --prefix irs/ --rev=1\n');
      await w.waitFor((out) => out.includes('irs/a\nv-a\n'), 15_000, 'the resync events');
      await waitWatchers(cluster.clientUrls[0], 1);
      assert.equal((await ours([ep, 'put', 'irs/c', 'v-c'])).code, 0);
      await w.waitFor((out) => out.includes('irs/c\n'), 15_000, 'the event after the resync');
      assert.equal(w.out(), 'PUT\nirs/a\nv-a\nPUT\nirs/c\nv-c\n');
      assert.equal(
        w.err(),
        `watch: revision compacted at ${rev}; resynced at revision ${rev}, watching from ${rev + 1n}\n`,
      );
    } finally {
      await w.stop();
    }
  },
);

test(
  'watch -i without the flag: a compacted revision cancels that watcher, as etcdctl does',
  { timeout: 60_000 },
  async () => {
    await compactedPrefix('ifl/');
    const w = startOurs([ep, 'watch', '-i'], { stdin: true });
    try {
      w.write('watch --prefix ifl/ --rev=1\n');
      await w.waitFor((_out, err) => err.includes('compacted'), 15_000, 'the cancel note');
      assert.equal(w.out(), '');
      assert.match(w.err(), /^watch was canceled \(etcdserver: mvcc: required revision has been compacted\)\n$/);
    } finally {
      await w.stop();
    }
  },
);

test(
  'watch -i --timestamps: each response with events is preceded by its arrival time',
  { timeout: 60_000 },
  async () => {
    const w = startOurs([ep, 'watch', '-i', '--timestamps'], { stdin: true });
    try {
      w.write('watch its/k\n');
      await waitWatchers(cluster.clientUrls[0], 1);
      assert.equal((await ours([ep, 'put', 'its/k', 'v1'])).code, 0);
      await w.waitFor((out) => out.includes('v1\n'), 15_000, 'the event');
      const lines = w.out().split('\n');
      assert.match(lines[0], TIMESTAMP);
      assert.deepEqual(lines.slice(1), ['PUT', 'its/k', 'v1', '']);
    } finally {
      await w.stop();
    }
  },
);

test('watch -i --max-disconnect with no member reachable: exit 13', { timeout: 60_000 }, async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const w = startOurs([`--endpoints=127.0.0.1:${port}`, 'watch', '-i', '--max-disconnect=1s'], { stdin: true });
  w.write('watch k\n');
  const end = await w.exited;
  assert.deepEqual(
    [end.code, w.out(), w.err()],
    [13, '', 'Error: watch: no member reachable for 1s (--max-disconnect)\n'],
  );
});

// Last: it kills the member.
test('--max-disconnect: a watch whose member dies exits 13 once cut off that long', { timeout: 120_000 }, async () => {
  const w = startOurs([ep, 'watch', 'md/k', '--max-disconnect=2s']);
  await waitWatchers(cluster.clientUrls[0], 1);
  assert.equal((await ours([ep, 'put', 'md/k', 'v1'])).code, 0);
  await w.waitFor((out) => out.includes('v1\n'), 15_000, 'the event');
  await new Faults(cluster).kill(0);
  const end = await w.exited;
  assert.equal(end.code, 13);
  assert.equal(w.out(), 'PUT\nmd/k\nv1\n');
  assert.equal(w.err(), 'Error: watch: no member reachable for 2s (--max-disconnect)\n');
});
