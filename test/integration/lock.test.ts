// lock against a real etcd 3.4: interoperation with the real etcdctl (each
// excludes the other), release on SIGINT/SIGTERM, loss on SIGKILL after the
// lease TTL, the executed command (environment, exit status, Go error texts),
// --try/--timeout, and 5 contending processes incrementing a counter.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { realEtcdctl, startCluster } from '../support/etcd';
import { ours, oursBin, real, runCli } from '../support/run';
import { oursBg, realBg, clusterWithBackground, sleep, type Bg } from './recipes-bg';

const rig = clusterWithBackground();

const KEY_LINE = (name: string): RegExp => new RegExp(`^${name}/([0-9a-f]+)\\n\\n$`);

/** The keys under `<name>/`, as the real etcdctl lists them. */
async function keysUnder(name: string): Promise<string[]> {
  const r = await real('3.4', ['--endpoints', rig.ep, 'get', '--prefix', `${name}/`, '--keys-only']);
  assert.equal(r.code, 0, r.err);
  return r.out.split('\n').filter((l) => l !== '');
}

/** Polls until `count` keys exist under `<name>/` (a waiter has registered). */
async function untilKeys(name: string, count: number): Promise<void> {
  for (let i = 0; (await keysUnder(name)).length < count; i++) {
    assert.ok(i < 200, `never ${count} keys under ${name}/`);
    await sleep(50);
  }
}

async function leaseGone(leaseHex: string): Promise<void> {
  const r = await real('3.4', ['--endpoints', rig.ep, 'lease', 'timetolive', leaseHex]);
  assert.equal(r.out, `lease ${leaseHex.padStart(16, '0')} already expired\n`);
}

/** Starts a holder and returns it once it printed its key; `lease` is the hex lease ID in the key. */
async function holder(b: Bg, name: string): Promise<{ b: Bg; lease: string }> {
  const out = await b.waitLines(2);
  const m = KEY_LINE(name).exec(out);
  assert.ok(m, `unexpected holder output ${JSON.stringify(out)}`);
  return { b, lease: m[1] };
}

describe('interoperation with the real etcdctl', () => {
  test('a real holder blocks ours (wait, --try, --timeout); ours acquires once the holder is interrupted', async () => {
    const r = await holder(rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'lock', 'ia'])), 'ia');

    const tried = await ours(['--endpoints', rig.ep, 'lock', '--try', 'ia']);
    assert.deepEqual([tried.code, tried.out, tried.err], [7, '', 'Error: mutex: Locked by another session\n']);
    const timed = await ours(['--endpoints', rig.ep, 'lock', '--timeout', '300ms', 'ia']);
    assert.deepEqual(
      [timed.code, timed.out, timed.err],
      [7, '', 'Error: mutex: Locked by another session (gave up after 300ms)\n'],
    );
    assert.deepEqual(await keysUnder('ia'), [`ia/${r.lease}`], 'the given-up attempts left no key behind');

    const waiter = rig.track(oursBg(['--endpoints', rig.ep, 'lock', 'ia']));
    await untilKeys('ia', 2);
    await sleep(500);
    assert.equal(waiter.out, '', 'ours must wait while the real etcdctl holds the lock');

    const realExit = await r.b.stop('SIGINT');
    assert.equal(realExit.code, 0);
    const w = await holder(waiter, 'ia');
    assert.deepEqual(await keysUnder('ia'), [`ia/${w.lease}`]);

    const ourExit = await waiter.stop('SIGINT');
    assert.deepEqual([ourExit.code, ourExit.err], [0, '']);
    assert.deepEqual(await keysUnder('ia'), [], 'ours deleted its key on SIGINT');
    await leaseGone(w.lease);
  });

  test('ours holding blocks a real etcdctl until ours gets SIGTERM', async () => {
    const o = await holder(rig.track(oursBg(['--endpoints', rig.ep, 'lock', 'ib'])), 'ib');
    const waiter = rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'lock', 'ib']));
    await untilKeys('ib', 2);
    await sleep(500);
    assert.equal(waiter.out, '', 'the real etcdctl must wait while ours holds the lock');

    const ourExit = await o.b.stop('SIGTERM');
    assert.deepEqual([ourExit.code, ourExit.err], [0, '']);
    await leaseGone(o.lease);
    const w = await holder(waiter, 'ib');
    assert.deepEqual(await keysUnder('ib'), [`ib/${w.lease}`]);
    assert.equal((await waiter.stop('SIGINT')).code, 0);
  });

  test('a SIGKILLed holder (ours or real) loses the lock when its lease expires', async () => {
    const [o, r] = await Promise.all([
      holder(rig.track(oursBg(['--endpoints', rig.ep, 'lock', '--ttl', '2', 'ka'])), 'ka'),
      realBg('3.4', ['--endpoints', rig.ep, 'lock', '--ttl', '2', 'kb']).then((b) => holder(rig.track(b), 'kb')),
    ]);
    const realWaiter = rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'lock', 'ka']));
    const ourWaiter = rig.track(oursBg(['--endpoints', rig.ep, 'lock', 'kb']));
    await Promise.all([untilKeys('ka', 2), untilKeys('kb', 2)]);
    assert.deepEqual([realWaiter.out, ourWaiter.out], ['', '']);
    assert.equal((await o.b.stop('SIGKILL')).signal, 'SIGKILL');
    assert.equal((await r.b.stop('SIGKILL')).signal, 'SIGKILL');
    // The keys stay until the 2 s leases expire; then the waiters get the locks.
    const [rw, ow] = await Promise.all([holder(realWaiter, 'ka'), holder(ourWaiter, 'kb')]);
    assert.deepEqual(await keysUnder('ka'), [`ka/${rw.lease}`]);
    assert.deepEqual(await keysUnder('kb'), [`kb/${ow.lease}`]);
    await Promise.all([realWaiter.stop(), ourWaiter.stop()]);
  });
});

describe('lock <name> <command>', () => {
  test('runs the command with ETCD_LOCK_KEY/ETCD_LOCK_REV, stdin from /dev/null, releases, exits with its status', async () => {
    const script = [
      'echo "$ETCD_LOCK_KEY $ETCD_LOCK_REV"',
      `ETCDCTL_API=3 ${realEtcdctl('3.4')} --endpoints ${rig.ep} get "$ETCD_LOCK_KEY" -w fields | grep CreateRevision`,
      'cat',
      'exit 3',
    ].join('; ');
    const r = await ours(['--endpoints', rig.ep, 'lock', 'cmd', '--', 'sh', '-c', script], {
      input: 'not for the child\n',
    });
    assert.equal(r.err, 'Error: exit status 3\n');
    assert.equal(r.code, 3, 'etcdctl 3.6 exits with the status of the command (docs/etcdctl-behaviour.md §10.2)');
    const m = /^(cmd\/[0-9a-f]+) (\d+)\n"CreateRevision" : (\d+)\n$/.exec(r.out);
    assert.ok(m, r.out);
    assert.equal(m[3], m[2], 'uncontended: ETCD_LOCK_REV is the revision that created the key');
    assert.deepEqual(await keysUnder('cmd'), [], 'the key is deleted after the command');
  });

  test('an inherited ETCD_LOCK_KEY wins over the lock variable', async () => {
    const r = await ours(['--endpoints', rig.ep, 'lock', 'cmd', '--', 'sh', '-c', 'echo "$ETCD_LOCK_KEY"'], {
      env: { ETCD_LOCK_KEY: 'inherited' },
    });
    assert.deepEqual([r.code, r.out, r.err], [0, 'inherited\n', '']);
  });

  test('Go error texts and exit statuses for failing commands', async () => {
    const cases: [string[], number, string][] = [
      [['sh', '-c', 'kill -9 $$'], 255, 'Error: signal: killed\n'],
      [['sh', '-c', 'kill -TERM $$'], 255, 'Error: signal: terminated\n'],
      [['no-such-command-xyz'], 1, 'Error: exec: "no-such-command-xyz": executable file not found in $PATH\n'],
      [['/nonexistent/cmd'], 1, 'Error: fork/exec /nonexistent/cmd: no such file or directory\n'],
      [['true'], 0, ''],
    ];
    for (const [cmd, code, err] of cases) {
      const r = await ours(['--endpoints', rig.ep, 'lock', 'cmd', '--', ...cmd]);
      assert.deepEqual([r.code, r.out, r.err], [code, '', err], cmd.join(' '));
    }
    assert.deepEqual(await keysUnder('cmd'), []);
  });

  test('5 processes x 20 locked increments of one counter end at exactly 100', async () => {
    const put = await real('3.4', ['--endpoints', rig.ep, 'put', 'counter', '0']);
    assert.equal(put.code, 0, put.err);
    // The read-modify-write inside the lock uses the Go etcdctl: our CLI's start-up
    // would dominate the run time; the lock being tested is ours.
    const etcdctl = `ETCDCTL_API=3 ${realEtcdctl('3.4')} --endpoints ${rig.ep}`;
    const increment = `v=$(${etcdctl} get --print-value-only counter) && ${etcdctl} put counter $((v+1)) >/dev/null`;
    const worker = `for i in $(seq 20); do "$OURS" --endpoints ${rig.ep} lock counter-lock -- sh -c '${increment}' || exit 1; done`;
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => runCli('sh', ['-c', worker], { env: { OURS: oursBin() }, timeoutMs: 240_000 })),
    );
    for (const r of runs) assert.deepEqual([r.code, r.err], [0, '']);
    const get = await real('3.4', ['--endpoints', rig.ep, 'get', '--print-value-only', 'counter']);
    assert.equal(get.out, '100\n');
    assert.deepEqual(await keysUnder('counter-lock'), []);
  });
});

describe('holding without a command', () => {
  test('SIGINT while waiting: context canceled, exit 1, the waiter key is removed', async () => {
    const h = await holder(rig.track(oursBg(['--endpoints', rig.ep, 'lock', 'wc'])), 'wc');
    const waiter = rig.track(oursBg(['--endpoints', rig.ep, 'lock', 'wc']));
    await untilKeys('wc', 2);
    const w = await waiter.stop('SIGINT');
    assert.deepEqual([w.code, w.out, w.err], [1, '', 'Error: context canceled\n']);
    assert.deepEqual(await keysUnder('wc'), [`wc/${h.lease}`]);
    assert.equal((await h.b.stop('SIGINT')).code, 0);
  });

  test('a lost session (lease revoked elsewhere) ends the holder: session expired, exit 1', async () => {
    const h = await holder(rig.track(oursBg(['--endpoints', rig.ep, 'lock', '--ttl', '3', 'se'])), 'se');
    const rev = await real('3.4', ['--endpoints', rig.ep, 'lease', 'revoke', h.lease]);
    assert.equal(rev.code, 0, rev.err);
    const e = await h.b.exited;
    assert.deepEqual([e.code, e.err], [1, 'Error: session expired\n']);
  });

  test('--ttl sets the session lease TTL', async () => {
    const h = await holder(rig.track(oursBg(['--endpoints', rig.ep, 'lock', '--ttl', '7', 'ttl'])), 'ttl');
    const r = await real('3.4', ['--endpoints', rig.ep, 'lease', 'timetolive', h.lease]);
    assert.match(
      r.out,
      new RegExp(`^lease ${h.lease.padStart(16, '0')} granted with TTL\\(7s\\), remaining\\([0-7]s\\)\\n$`),
    );
    assert.equal((await h.b.stop('SIGINT')).code, 0);
  });
});

describe('member loss', () => {
  test('a waiter whose members stop one after the other still sees the release and acquires', async () => {
    const c3 = await startCluster({ size: 3 });
    try {
      const [m0, m1, m2] = c3.members;
      const all = c3.endpoints.join(',');
      const keys = async (): Promise<string[]> => {
        const r = await real('3.4', ['--endpoints', all, 'get', '--prefix', 'ml/', '--keys-only']);
        return r.out.split('\n').filter((l) => l !== '');
      };
      const h = rig.track(await realBg('3.4', ['--endpoints', m2.endpoint, 'lock', 'ml']));
      const held = await holder(h, 'ml');
      // The waiter talks to members 0 and 1 only: each of them is stopped once while it waits.
      const waiter = rig.track(oursBg(['--endpoints', `${m0.endpoint},${m1.endpoint}`, 'lock', 'ml']));
      for (let i = 0; (await keys()).length < 2; i++) {
        assert.ok(i < 200, 'the waiter never registered');
        await sleep(50);
      }
      await m0.stop();
      await sleep(500);
      await m0.start();
      await m1.stop();
      await sleep(500);
      assert.equal(waiter.out, '');
      assert.equal((await h.stop('SIGINT')).code, 0);
      const w = await holder(waiter, 'ml');
      assert.notEqual(w.lease, held.lease);
      assert.deepEqual(await keys(), [`ml/${w.lease}`]);
      const e = await waiter.stop('SIGINT');
      assert.deepEqual([e.code, e.err], [0, '']);
      assert.deepEqual(await keys(), []);
    } finally {
      await c3.stop();
    }
  });
});
