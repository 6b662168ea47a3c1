// Differential tests of lock and elect: our CLI and the real etcdctl (3.4.23)
// against the same etcd, comparing stdout, stderr (zap lines dropped) and the
// exit status. Lease IDs and revisions differ between two holders, so the
// printed Get responses are compared with what the real etcdctl prints for a
// `get` of the same key at the same revision (and the real lock/elect is
// checked to print exactly that too); observers run side by side and see the
// same events, so their outputs are compared byte for byte.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { dropZapLines, ours, real, type RunResult } from '../support/run';
import { oursBg, realBg, clusterWithBackground, sleep, type Exit } from '../integration/recipes-bg';

const rig = clusterWithBackground();

type Outcome = { code: number | null; out: string; err: string };
const outcome = (r: RunResult | Exit): Outcome => ({ code: r.code, out: r.out, err: dropZapLines(r.err) });

/** Runs the same arguments through both CLIs (after --endpoints) and compares everything. */
async function same(args: string[], expectCode: number): Promise<void> {
  const [o, r] = await Promise.all([
    ours(['--endpoints', rig.ep, ...args]),
    real('3.4', ['--endpoints', rig.ep, ...args]),
  ]);
  assert.deepEqual(outcome(o), outcome(r), args.join(' '));
  assert.equal(o.code, expectCode);
}

/** The 3.6 `-w fields --hex` form of a 3.4 `-w fields` output: cluster/member IDs in %x, lease in %016x. */
function fieldsHex36(text: string): string {
  return text
    .replace(/^("(?:ClusterID|MemberID)" : )(\d+)$/gm, (_, k: string, v: string) => k + BigInt(v).toString(16))
    .replace(/^("Lease" : )(\d+)$/gm, (_, k: string, v: string) => k + BigInt(v).toString(16).padStart(16, '0'));
}

async function keysUnder(prefix: string): Promise<string[]> {
  const r = await real('3.4', ['--endpoints', rig.ep, 'get', '--prefix', prefix, '--keys-only']);
  return r.out.split('\n').filter((l) => l !== '');
}

async function untilKeys(prefix: string, count: number): Promise<string[]> {
  for (let i = 0; ; i++) {
    const keys = await keysUnder(prefix);
    if (keys.length >= count) return keys;
    assert.ok(i < 300, `never ${count} keys under ${prefix}`);
    await sleep(50);
  }
}

/** etcd's gauge of active watchers (the observers are ready once theirs are counted). */
function watcherCount(): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${rig.cluster.clientUrls[0]}/metrics`, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(Number(/^etcd_debugging_mvcc_watcher_total (\d+)$/m.exec(body)?.[1] ?? NaN)));
      })
      .on('error', reject);
  });
}

describe('argument errors', () => {
  test('lock without a name', () => same(['lock'], 128));
  test('elect without arguments', () => same(['elect'], 128));
  test('elect with three arguments', () => same(['elect', 'a', 'b', 'c'], 128));
  test('elect with one argument and no -l', () => same(['elect', 'e'], 128));
  test('elect -l with a proposal', () => same(['elect', '-l', 'e', 'p'], 128));
});

describe('lock: the printed Get response, per format', () => {
  const formats: [string, string[]][] = [
    ['simple', []],
    ['json', ['-w', 'json']],
    ['fields', ['-w', 'fields']],
    ['protobuf', ['-w', 'protobuf']],
    ['simple-hex', ['--hex']],
    ['fields-hex', ['-w', 'fields', '--hex']],
  ];
  for (const [label, flags] of formats) {
    test(label, async () => {
      // Ours, then the real one, each on its own lock; both must print what `get <key>` prints at that revision.
      for (const [who, name] of [
        ['ours', `lf-${label}-o`],
        ['real', `lf-${label}-r`],
      ] as const) {
        const args = ['--endpoints', rig.ep, 'lock', name, ...flags];
        const b = rig.track(who === 'ours' ? oursBg(args) : await realBg('3.4', args));
        const [key] = await untilKeys(`${name}/`, 1);
        const got = await real('3.4', ['--endpoints', rig.ep, 'get', key, ...flags]);
        assert.equal(got.code, 0, got.err);
        // docs/etcdctl-behaviour.md §11.4 #8: 3.6 prints the IDs of -w fields in hex with --hex (3.4 ignores --hex there).
        const expected = label === 'fields-hex' && who === 'ours' ? fieldsHex36(got.out) : got.out;
        await b
          .waitOut((o) => o === expected, 20_000)
          .catch(() => assert.equal(b.out, expected, `${who} lock -w ${label}`));
        const e = await b.stop('SIGINT');
        assert.deepEqual([e.code, dropZapLines(e.err)], [0, ''], who);
      }
    });
  }

  test('table: not supported, exit 4 once the lock is acquired', async () => {
    // Two lock names: the real etcdctl exits without unlocking (its key stays for the 10 s TTL).
    const [o, r] = await Promise.all([
      ours(['--endpoints', rig.ep, 'lock', 'lf-table-o', '-w', 'table']),
      real('3.4', ['--endpoints', rig.ep, 'lock', 'lf-table-r', '-w', 'table']),
    ]);
    assert.deepEqual(outcome(o), outcome(r));
    assert.equal(o.code, 4);
  });
});

describe('elect: the printed Get response of the elected candidate, per format', () => {
  const formats: [string, string[]][] = [
    ['simple', []],
    ['json', ['-w', 'json']],
    ['fields', ['-w', 'fields']],
    ['protobuf', ['-w', 'protobuf']],
  ];
  for (const [label, flags] of formats) {
    test(label, async () => {
      for (const [who, name] of [
        ['ours', `ef-${label}-o`],
        ['real', `ef-${label}-r`],
      ] as const) {
        const args = ['--endpoints', rig.ep, 'elect', name, `proposal-${who}`, ...flags];
        const b = rig.track(who === 'ours' ? oursBg(args) : await realBg('3.4', args));
        const [key] = await untilKeys(`${name}/`, 1);
        const expected = await real('3.4', ['--endpoints', rig.ep, 'get', key, ...flags]);
        await b
          .waitOut((o) => o === expected.out, 20_000)
          .catch(() => assert.equal(b.out, expected.out, `${who} elect -w ${label}`));
        assert.deepEqual(b.stdout, expected.stdout);
        const e = await b.stop('SIGINT');
        assert.deepEqual([e.code, dropZapLines(e.err)], [0, ''], who);
      }
    });
  }

  test('table: not supported, exit 4 once elected', async () => {
    const [o, r] = await Promise.all([
      ours(['--endpoints', rig.ep, 'elect', 'ef-table-o', 'p', '-w', 'table']),
      real('3.4', ['--endpoints', rig.ep, 'elect', 'ef-table-r', 'p', '-w', 'table']),
    ]);
    assert.deepEqual(outcome(o), outcome(r));
    assert.equal(o.code, 4);
  });
});

describe('elect -l: observers side by side print the same bytes', () => {
  test('simple, json, fields, protobuf: leader changes, a value change, an empty election', async () => {
    const name = 'obs';
    const formats: [string, string[], (out: string) => number][] = [
      ['simple', [], (o) => (o.match(/\n/g) ?? []).length / 2],
      ['json', ['-w', 'json'], (o) => (o.match(/\n/g) ?? []).length],
      ['fields', ['-w', 'fields'], (o) => (o.match(/^"Count" : /gm) ?? []).length],
      ['protobuf', ['-w', 'protobuf'], () => 0],
    ];
    const base = await watcherCount();
    const pairs = await Promise.all(
      formats.map(async ([label, flags, reports]) => ({
        label,
        reports,
        ours: rig.track(oursBg(['--endpoints', rig.ep, 'elect', '-l', name, ...flags])),
        real: rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'elect', '-l', name, ...flags])),
      })),
    );
    for (let i = 0; (await watcherCount()) < base + 2 * formats.length; i++) {
      assert.ok(i < 600, 'the observers never started watching');
      await sleep(50);
    }

    // What an observer prints depends on when it reads (the header of a report is the
    // revision its Get or watch saw): every observer sees each step before the next one.
    const allReported = async (n: number): Promise<void> => {
      for (const p of pairs.filter((x) => x.label !== 'protobuf')) {
        await p.real.waitOut((o) => p.reports(o) >= n);
        await p.ours.waitOut((o) => p.reports(o) >= n).catch(() => assert.equal(p.ours.out, p.real.out, p.label));
      }
    };
    // After a report each observer replaces its watch by one on the leader's key.
    const watchesSettled = async (): Promise<void> => {
      for (let i = 0, stable = 0; stable < 4; i++) {
        assert.ok(i < 600, 'the observers never settled on one watch each');
        stable = (await watcherCount()) === base + 2 * formats.length ? stable + 1 : 0;
        await sleep(50);
      }
    };

    // 1. a real candidate is elected; 2. its value changes; 3. ours queues behind it.
    const a = rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'elect', name, 'a1']));
    const [aKey] = await untilKeys(`${name}/`, 1);
    await a.waitLines(2);
    await allReported(1);
    await watchesSettled();
    const put = await real('3.4', ['--endpoints', rig.ep, 'put', '--ignore-lease', aKey, 'a2']);
    assert.equal(put.code, 0, put.err);
    await allReported(2);
    const b = rig.track(oursBg(['--endpoints', rig.ep, 'elect', name, 'b1']));
    await untilKeys(`${name}/`, 2);
    // 4. the real leader resigns: ours takes over; 5. ours resigns: nobody leads.
    assert.equal((await a.stop('SIGINT')).code, 0);
    await b.waitLines(2);
    await allReported(3);
    assert.equal((await b.stop('SIGINT')).code, 0);
    // 6. a new candidate (ours) in the empty election.
    const c = rig.track(oursBg(['--endpoints', rig.ep, 'elect', name, 'c1']));
    await c.waitLines(2);
    assert.equal((await c.stop('SIGINT')).code, 0);
    await allReported(4); // a1, a2, b1, c1
    const pb = pairs.find((x) => x.label === 'protobuf');
    assert.ok(pb);
    await pb.ours
      .waitOut(() => pb.ours.stdout.length > 0 && pb.ours.stdout.length === pb.real.stdout.length)
      .catch(() => undefined);

    for (const p of pairs) {
      const [o, r] = await Promise.all([p.ours.stop('SIGINT'), p.real.stop('SIGINT')]);
      assert.deepEqual(
        o.stdout,
        r.stdout,
        `elect -l -w ${p.label}: ours ${JSON.stringify(o.out)} real ${JSON.stringify(r.out)}`,
      );
      assert.deepEqual([o.code, dropZapLines(o.err)], [r.code, dropZapLines(r.err)], p.label);
      assert.equal(o.code, 0);
    }
    const simple = pairs[0].real.out;
    assert.match(simple, /^obs\/[0-9a-f]+\na1\nobs\/[0-9a-f]+\na2\nobs\/[0-9a-f]+\nb1\nobs\/[0-9a-f]+\nc1\n$/);
  });

  test('table: not supported, exit 4 at the first leader', async () => {
    const leader = rig.track(oursBg(['--endpoints', rig.ep, 'elect', 'obs-table', 'x']));
    await leader.waitLines(2);
    await same(['elect', '-l', 'obs-table', '-w', 'table'], 4);
    await leader.stop('SIGINT');
  });
});

describe('interruption and session loss', () => {
  test('SIGINT while waiting for a lock / while campaigning: context canceled, exit 1', async () => {
    const lockHolder = rig.track(oursBg(['--endpoints', rig.ep, 'lock', 'wait-l']));
    const leader = rig.track(oursBg(['--endpoints', rig.ep, 'elect', 'wait-e', 'first']));
    await Promise.all([lockHolder.waitLines(2), leader.waitLines(2)]);
    for (const args of [
      ['lock', 'wait-l'],
      ['elect', 'wait-e', 'second'],
    ]) {
      const o = rig.track(oursBg(['--endpoints', rig.ep, ...args]));
      const r = rig.track(await realBg('3.4', ['--endpoints', rig.ep, ...args]));
      await untilKeys(`${args[1]}/`, 3);
      const [oe, re] = await Promise.all([o.stop('SIGINT'), r.stop('SIGINT')]);
      assert.deepEqual(outcome(oe), outcome(re), args.join(' '));
      assert.deepEqual(outcome(oe), { code: 1, out: '', err: 'Error: context canceled\n' });
      assert.equal((await keysUnder(`${args[1]}/`)).length, 1, 'both waiters removed their keys');
    }
    await Promise.all([lockHolder.stop('SIGINT'), leader.stop('SIGINT')]);
  });

  test('lock holder whose lease is revoked: session expired, exit 1', async () => {
    const holders = [
      rig.track(oursBg(['--endpoints', rig.ep, 'lock', '--ttl', '3', 'exp-o'])),
      rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'lock', '--ttl', '3', 'exp-r'])),
    ];
    for (const [i, h] of holders.entries()) {
      const out = await h.waitLines(2);
      const lease = /\/([0-9a-f]+)\n/.exec(out)?.[1];
      assert.ok(lease, out);
      const rv = await real('3.4', ['--endpoints', rig.ep, 'lease', 'revoke', lease]);
      assert.equal(rv.code, 0, `${i}: ${rv.err}`);
    }
    const [o, r] = await Promise.all(holders.map((h) => h.exited));
    assert.deepEqual([o.code, dropZapLines(o.err)], [r.code, dropZapLines(r.err)]);
    assert.deepEqual([o.code, o.err], [1, 'Error: session expired\n']);
  });
});

describe('lock <name> <command>', () => {
  test('a failing command: same error line; exit status 3 (3.6) where 3.4 exits 1', async () => {
    const args = ['lock', 'cmd-fail', '--', 'sh', '-c', 'echo out; exit 3'];
    const [o, r] = await Promise.all([
      ours(['--endpoints', rig.ep, ...args]),
      real('3.4', ['--endpoints', rig.ep, ...args]),
    ]);
    assert.deepEqual([o.out, dropZapLines(o.err)], [r.out, dropZapLines(r.err)]);
    assert.deepEqual([o.out, o.err], ['out\n', 'Error: exit status 3\n']);
    assert.equal(r.code, 1, 'the 3.4 oracle always exits 1');
    assert.equal(
      o.code,
      3,
      'docs/etcdctl-behaviour.md §10.2 / docs/etcdctl-behaviour.md §11.4 #17: 3.6 exits with the status of the command',
    );
  });

  test('a missing program (PATH lookup and absolute path)', async () => {
    await same(['lock', 'cmd-missing', 'no-such-program-xyz'], 1);
    await same(['lock', 'cmd-missing', '/nonexistent/program'], 1);
  });

  test('a successful command: its output only, exit 0', () =>
    same(['lock', 'cmd-ok', '--', 'sh', '-c', 'echo "[$ETCD_LOCK_KEY]" | sed "s,/[0-9a-f]*,/ID,"'], 0));
});
