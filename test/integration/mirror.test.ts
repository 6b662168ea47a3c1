// make-mirror between real etcd clusters: 10,000 keys plus live updates,
// verified key by key; --dest-prefix, --no-dest-prefix and the whole key
// space; the 30 s progress line, compared with the real etcdctl's;
// --rev (with its prefix-stripping quirk) and --max-txn-ops; a compacted
// start revision; argument errors; a TLS (client certificate) destination
// with authentication, including the password prompt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { startCluster, type Cluster } from '../support/etcd';
import { makeTestPki, type TestPki } from '../support/tls';
import { dropZapLines, ours, real } from '../support/run';
import { oursBg, realBg, killAll, sleep, type Bg } from './recipes-bg';

const KEYS = 10_000;
let src: Cluster;
let dst: Cluster;
let authDst: Cluster;
let small: Cluster;
let pki: TestPki;
const bgs: Bg[] = [];
const track = <T extends Bg>(b: T): T => {
  bgs.push(b);
  return b;
};
const closers: (() => void)[] = [];

const name = (i: number): string => `k${String(i).padStart(5, '0')}`;

async function etcdctl(ep: string, args: string[], input?: string, user?: string): Promise<string> {
  const flags = ['--endpoints', ep, '--command-timeout', '30s', ...(user ? ['--user', user] : [])];
  const r = await real('3.4', [...flags, ...args], { input, timeoutMs: 60_000 });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
  return r.out;
}

/** key -> value of every key under `prefix` (real etcdctl, -w json). */
async function dump(ep: string, prefix: string, user?: string): Promise<Map<string, string>> {
  const out = await etcdctl(ep, ['get', '--prefix', prefix, '-w', 'json'], undefined, user);
  const resp = JSON.parse(out) as { kvs?: { key: string; value?: string }[] };
  const b64 = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('latin1');
  return new Map((resp.kvs ?? []).map((kv) => [b64(kv.key), b64(kv.value)]));
}

async function count(ep: string, prefix: string): Promise<number> {
  const out = await etcdctl(ep, ['get', '--prefix', prefix, '--limit', '1', '-w', 'json']);
  return Number((JSON.parse(out) as { count?: number }).count ?? 0);
}

/** Polls until `check` passes (returns true), then returns; fails with the last state. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await sleep(400);
  }
}

/** The source map with keys rewritten as the mirror writes them. */
function mapped(source: Map<string, string>, from: string, to: string): Map<string, string> {
  return new Map([...source].map(([k, v]) => [k.replace(from, to), v]));
}

/** A TLS terminator in front of a plaintext etcd, requiring a client certificate from the test CA. */
async function tlsProxy(targetPort: number): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    {
      key: readFileSync(pki.server.key),
      cert: readFileSync(pki.server.cert),
      ca: readFileSync(pki.ca),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return (server.address() as net.AddressInfo).port;
}

before(async () => {
  pki = makeTestPki();
  [src, dst, authDst, small] = await Promise.all([
    startCluster({ extraArgs: ['--max-txn-ops', '20000'] }),
    startCluster(),
    startCluster(),
    startCluster(),
  ]);
  const lines = Array.from({ length: KEYS }, (_, i) => `put src/${name(i)} value-${i}`);
  await etcdctl(src.endpoints[0], ['txn'], `\n${lines.join('\n')}\n\n\n`);
  assert.equal(await count(src.endpoints[0], 'src/'), KEYS);
  await etcdctl(authDst.endpoints[0], ['user', 'add', 'root:rootpw']);
  await etcdctl(authDst.endpoints[0], ['auth', 'enable']);
});

after(async () => {
  killAll(bgs);
  for (const c of closers) c();
  await Promise.all([src?.stop(), dst?.stop(), authDst?.stop(), small?.stop()]);
  pki?.cleanup();
});

describe('make-mirror', { concurrency: true }, () => {
  test('10,000 keys and live updates (one source revision over several destination Txns), verified key by key; the progress line', async () => {
    const s = src.endpoints[0];
    const d = dst.endpoints[0];
    const m = track(oursBg(['--endpoints', s, 'make-mirror', '--prefix', 'src/', d]));
    // Live updates once the base sync is complete, so that they are counted as events.
    await until('the base sync', async () => (await count(d, 'src/')) === KEYS, 90_000);

    await etcdctl(s, ['put', `src/${name(1)}`, 'changed']);
    await etcdctl(s, ['del', `src/${name(2)}`]);
    // One source revision with 300 events: replayed as Txns of at most 128 operations (the
    // default --max-txn-ops, also the destination server's limit).
    const ops = [
      ...Array.from({ length: 200 }, (_, i) => `put src/knew${i} n${i}`),
      ...Array.from({ length: 100 }, (_, i) => `del src/${name(1000 + i)}`),
    ];
    await etcdctl(s, ['txn'], `\n${ops.join('\n')}\n\n\n`);
    await etcdctl(s, ['put', 'other/not-mirrored', 'x']);
    await etcdctl(s, ['put', 'src/zz-last', 'marker']);
    const total = KEYS + 1 + 1 + ops.length + 1;

    // The last source change is the put of a new key: once it is there, the mirror has caught up.
    await until('the live updates', async () => (await count(d, 'src/zz-last')) === 1);
    const [source, got] = await Promise.all([dump(s, 'src/'), dump(d, 'src/')]);
    assert.equal(source.size, KEYS - 1 + 200 - 100 + 1);
    assert.deepEqual([...got].sort(), [...source].sort(), 'the destination differs from the source');
    assert.equal(await count(d, 'other/'), 0);

    // The running total, printed every 30 s: a line printed after the catch-up shows every operation.
    const before = m.out.split('\n').length - 1;
    const out = await m.waitLines(before + 1, 70_000);
    assert.equal(out.split('\n')[before], String(total));
    assert.match(out, /^(\d+\n)+$/);
    assert.deepEqual([m.running, m.err], [true, '']);
    await m.stop('SIGTERM');
  });

  test('--dest-prefix, --no-dest-prefix and the whole key space (no --prefix), with live updates', async () => {
    const s = small.endpoints[0];
    const d = dst.endpoints[0];
    await etcdctl(s, ['txn'], `\n${Array.from({ length: 100 }, (_, i) => `put sm/q${i} v${i}`).join('\n')}\n\n\n`);
    await etcdctl(s, ['put', 'outside', 'o']);
    const modes = [
      {
        who: '--dest-prefix',
        args: ['--prefix', 'sm/', '--dest-prefix', 'smd/'],
        from: 'sm/',
        to: 'smd/',
        probe: 'smd/',
      },
      { who: '--no-dest-prefix', args: ['--prefix', 'sm/', '--no-dest-prefix'], from: 'sm/', to: '', probe: 'q' },
      // No --prefix: every key; the destination prefix is put in front of each key (strings.Replace of "").
      { who: 'whole key space', args: ['--dest-prefix', 'whole/'], from: '', to: 'whole/', probe: 'whole/' },
    ];
    const bgsHere = modes.map((m) => track(oursBg(['--endpoints', s, 'make-mirror', ...m.args, d])));
    await until('the base syncs', async () =>
      (await Promise.all(modes.map((m) => count(d, m.probe)))).every((n, i) => n === (i === 2 ? 101 : 100)),
    );
    await etcdctl(s, ['put', 'sm/q1', 'changed']);
    await etcdctl(s, ['del', 'sm/q2']);
    await etcdctl(s, ['txn'], '\nput sm/qa a\nput sm/qb b\ndel sm/q3\n\n\n');
    await etcdctl(s, ['put', 'sm/qzz', 'last']);
    const all = await dump(s, '');
    for (const [i, m] of modes.entries()) {
      await until(`the live updates (${m.who})`, async () => (await count(d, 'sm/qzz'.replace(m.from, m.to))) === 1);
      const expected = mapped(new Map([...all].filter(([k]) => k.startsWith(m.from))), m.from, m.to);
      const got = await dump(d, m.probe);
      assert.deepEqual([...got].sort(), [...expected].sort(), m.who);
      await bgsHere[i].stop('SIGTERM');
    }
  });

  test('the progress line is the one the real etcdctl prints', async () => {
    const s = src.endpoints[0];
    const d = dst.endpoints[0];
    await etcdctl(s, ['txn'], `\n${Array.from({ length: 50 }, (_, i) => `put pg/${i} v${i}`).join('\n')}\n\n\n`);
    const o = track(oursBg(['--endpoints', s, 'make-mirror', '--prefix', 'pg/', '--dest-prefix', 'pg-ours/', d]));
    const r = track(
      await realBg('3.4', ['--endpoints', s, 'make-mirror', '--prefix', 'pg/', '--dest-prefix', 'pg-real/', d]),
    );
    for (const ns of ['pg-ours/', 'pg-real/'])
      await until(`base sync into ${ns}`, async () => (await count(d, ns)) === 50);
    await etcdctl(s, ['put', 'pg/0', 'changed']);
    await etcdctl(s, ['del', 'pg/1']);
    await etcdctl(s, ['put', 'pg/zz', 'last']);
    for (const ns of ['pg-ours/', 'pg-real/'])
      await until(`live updates into ${ns}`, async () => (await count(d, `${ns}zz`)) === 1);
    const before = [o.out, r.out];
    const lines = await Promise.all([o, r].map((b, i) => b.waitLines(before[i].split('\n').length, 70_000)));
    const last = lines.map((l, i) => l.split('\n')[before[i].split('\n').length - 1]);
    assert.deepEqual(last, ['53', '53']);
    if (before[0] === '' && before[1] === '') assert.equal(lines[0], lines[1]);
    assert.deepEqual([o.err, dropZapLines(r.err)], ['', '']);
    await Promise.all([o.stop('SIGTERM'), r.stop('SIGTERM')]);
  });

  test('--rev starts from a past revision without base sync (the source prefix is then stripped); --max-txn-ops splits batches', async () => {
    const s = src.endpoints[0];
    const d = dst.endpoints[0];
    const put = JSON.parse(await etcdctl(s, ['put', 'rv/a', '1', '-w', 'json'])) as { header: { revision: number } };
    await etcdctl(s, ['put', 'rv/b', '2']);
    await etcdctl(s, ['del', 'rv/a']);
    const m = track(
      oursBg([
        '--endpoints',
        s,
        'make-mirror',
        '--prefix',
        'rv/',
        '--rev',
        String(put.header.revision),
        '--max-txn-ops',
        '2',
        d,
      ]),
    );
    await until('the replayed history', async () => (await dump(d, 'b')).get('b') === '2');
    assert.equal((await dump(d, 'a')).size, 0, 'rv/a was put and deleted again');
    await etcdctl(s, ['txn'], `\n${['x1', 'x2', 'x3', 'x4', 'x5'].map((k) => `put rv/${k} ${k}`).join('\n')}\n\n\n`);
    await until('the 5-operation Txn', async () => (await count(d, 'x')) === 5);
    const revs = JSON.parse(await etcdctl(d, ['get', '--prefix', 'x', '-w', 'json'])) as {
      kvs: { key: string; mod_revision: number }[];
    };
    const byRev = new Map<number, number>();
    for (const kv of revs.kvs) byRev.set(kv.mod_revision, (byRev.get(kv.mod_revision) ?? 0) + 1);
    assert.deepEqual(
      [...byRev.values()].sort(),
      [1, 2, 2],
      'one source revision, replayed as Txns of at most 2 operations',
    );
    await m.stop('SIGTERM');
  });

  test('a compacted start revision ends the mirror: exit 1', async () => {
    // The destination cluster of the other tests serves as a source here (nothing watches it).
    const s = dst.endpoints[0];
    for (let i = 0; i < 3; i++) await etcdctl(s, ['put', 'zz-compact-me', String(i)]);
    const rev = JSON.parse(await etcdctl(s, ['put', 'zz-compact-me', 'x', '-w', 'json'])) as {
      header: { revision: number };
    };
    assert.ok(rev.header.revision > 2);
    await etcdctl(s, ['compaction', String(rev.header.revision)]);
    const r = await ours(['--endpoints', s, 'make-mirror', '--prefix', 'nothing/', '--rev', '2', src.endpoints[0]]);
    assert.deepEqual(
      [r.code, r.out, r.err],
      [1, '', 'Error: etcdserver: mvcc: required revision has been compacted\n'],
    );
  });

  test('argument errors, as the real etcdctl reports them', async () => {
    const cases: [string[], number][] = [
      [['make-mirror'], 128],
      [['make-mirror', 'a', 'b'], 128],
      [['make-mirror', '--dest-prefix', 'x/', '--no-dest-prefix', dst.endpoints[0]], 128],
    ];
    for (const [args, code] of cases) {
      const [o, r] = await Promise.all([
        ours(['--endpoints', src.endpoints[0], ...args]),
        real('3.4', ['--endpoints', src.endpoints[0], ...args]),
      ]);
      assert.deepEqual([o.code, o.out, o.err], [r.code, r.out, dropZapLines(r.err)], args.join(' '));
      assert.equal(o.code, code);
    }
  });

  test('a TLS destination with a client certificate and authentication (password given, prompted, wrong)', async () => {
    const s = src.endpoints[0];
    await etcdctl(s, ['put', 'tl/one', '1']);
    const port = await tlsProxy(authDst.members[0].clientPort);
    const client = pki.client('mirror');
    // A generous --dial-timeout: it bounds the authentication through TLS, slow on a loaded machine.
    const tlsFlags = [
      '--dial-timeout',
      '20s',
      '--dest-cacert',
      pki.ca,
      '--dest-cert',
      client.cert,
      '--dest-key',
      client.key,
    ];
    const dest = `127.0.0.1:${port}`;
    const withPassword = track(
      oursBg([
        '--endpoints',
        s,
        'make-mirror',
        '--prefix',
        'tl/',
        '--dest-prefix',
        'given/',
        ...tlsFlags,
        '--dest-user',
        'root',
        '--dest-password',
        'rootpw',
        dest,
      ]),
    );
    const prompted = track(
      oursBg(
        [
          '--endpoints',
          s,
          'make-mirror',
          '--prefix',
          'tl/',
          '--dest-prefix',
          'asked/',
          ...tlsFlags,
          '--dest-user',
          'root',
          dest,
        ],
        { input: 'rootpw\n' },
      ),
    );
    // The 3.5 etcdctl has --dest-user too: its prompt is the reference.
    const realPrompted = track(
      await realBg(
        '3.5',
        [
          '--endpoints',
          s,
          'make-mirror',
          '--prefix',
          'tl/',
          '--dest-prefix',
          'real-asked/',
          ...tlsFlags,
          '--dest-user',
          'root',
          dest,
        ],
        { input: 'rootpw\n' },
      ),
    );
    const plain = authDst.endpoints[0];
    for (const [ns, b] of [
      ['given/', withPassword],
      ['asked/', prompted],
      ['real-asked/', realPrompted],
    ] as const) {
      await until(
        `the TLS+auth mirror into ${ns}`,
        async () => (await dump(plain, ns, 'root:rootpw')).get(`${ns}one`) === '1',
      ).catch((e: Error) => {
        throw new Error(
          `${e.message}; running=${b.running} stdout=${JSON.stringify(b.out)} stderr=${JSON.stringify(b.err)}`,
        );
      });
    }
    await etcdctl(s, ['put', 'tl/two', '2']);
    await until(
      'a live update through TLS',
      async () => (await dump(plain, 'given/', 'root:rootpw')).get('given/two') === '2',
    );
    assert.equal(prompted.out, 'Destination Password: \n');
    assert.equal(prompted.out, realPrompted.out);
    for (const b of [withPassword, prompted, realPrompted]) assert.equal(b.running, true);
    await Promise.all([withPassword.stop('SIGTERM'), prompted.stop('SIGTERM'), realPrompted.stop('SIGTERM')]);

    const args = ['--endpoints', s, 'make-mirror', '--prefix', 'tl/', ...tlsFlags, '--dest-user', 'root:wrong', dest];
    const [o, r] = await Promise.all([ours(args), real('3.5', args)]);
    assert.deepEqual([o.code, o.out, o.err], [r.code, r.out, dropZapLines(r.err)]);
    assert.deepEqual([o.code, o.err], [2, 'Error: etcdserver: authentication failed, invalid user ID or password\n']);
  });
});
