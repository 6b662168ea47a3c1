// Differential tests of `watch` output (docs/etcdctl-behaviour.md §6.6): the streaming formats (simple, json,
// fields, protobuf, --hex, --prev-kv, --progress-notify), the ETCDCTL_WATCH_* keys and the
// --debug listing. Harness (both CLIs against one server, compared): test/support/watch-diff.ts.
// Where 3.6 differs from 3.5.30 the 3.6 expectation is written out (spec section cited).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep } from '../support/watch-proc';
import { TERM, has, hasErr, lines, useWatchCluster, type Outcome } from '../support/watch-diff';

const { put, del, revision, diff, runStream } = useWatchCluster();

describe('watch output (streaming)', () => {
  test('simple: put, put, del', async () => {
    const o = await diff({
      args: ['watch', 'c1/k'],
      actions: async () => {
        await put('c1/k', 'v1');
        await put('c1/k', 'va"l 1');
        await del('c1/k');
      },
      done: has('DELETE\nc1/k\n\n'),
    });
    assert.equal(o.stdout.toString(), 'PUT\nc1/k\nv1\nPUT\nc1/k\nva"l 1\nDELETE\nc1/k\n\n');
    assert.deepEqual([o.code, o.signal], [TERM.code, TERM.signal]);
  });

  test('--prefix', async () => {
    await diff({
      args: ['watch', '--prefix', 'c2/'],
      actions: async () => {
        await put('c2/a', '1');
        await put('c2x', 'outside');
        await put('c2/b/c', '2');
        await del('--prefix', 'c2/');
      },
      done: has('DELETE\nc2/b/c\n'),
    });
  });

  test('range [key, range_end)', async () => {
    await diff({
      args: ['watch', 'c3/a', 'c3/c'],
      actions: async () => {
        for (const k of ['c3/a', 'c3/b', 'c3/c', 'c3/bz']) await put(k, k);
      },
      done: has('c3/bz\nc3/bz\n'),
    });
  });

  test('more than two watch arguments: only the first is used', async () => {
    await diff({
      args: ['watch', 'c4/a', 'c4/b', 'c4/c'],
      actions: async () => {
        await put('c4/b', 'no');
        await put('c4/a', 'yes');
      },
      done: has('yes\n'),
    });
  });

  test('--rev replays history', async () => {
    await put('c5/k', 'h1');
    const start = await revision();
    await put('c5/k', 'h2');
    await del('c5/k');
    await diff({ args: ['watch', 'c5/k', '--rev', String(start)], done: has('DELETE\nc5/k\n\n') });
  });

  test('--prev-kv (simple)', async () => {
    await put('c6/k', 'old');
    await diff({
      args: ['watch', 'c6/k', '--prev-kv'],
      actions: async () => {
        await put('c6/k', 'new');
        await del('c6/k');
      },
      done: has('DELETE\nc6/k\nnew\nc6/k\n\n'),
    });
  });

  test('-w json with --prefix --prev-kv', async () => {
    await diff({
      args: ['watch', 'c7/', '--prefix', '--prev-kv', '-w', 'json'],
      actions: async () => {
        await put('c7/w1', 'v1');
        await put('c7/w1', 'v2');
        await del('c7/w1');
      },
      done: lines(3),
    });
  });

  test('-w fields with --prev-kv', async () => {
    await diff({
      args: ['watch', 'c8/k', '--prev-kv', '-w', 'fields'],
      actions: async () => {
        await put('c8/k', 'a\tb');
        await put('c8/k', 'c');
        await del('c8/k');
      },
      done: (out) => (out.match(/"Type" : /g) ?? []).length === 3 && out.endsWith('"Lease" : 0\n'),
    });
  });

  test('-w protobuf', async () => {
    await diff({
      args: ['watch', 'c9/', '--prefix', '--prev-kv', '-w', 'protobuf'],
      actions: async () => {
        await put('c9/a', 'x');
        await put('c9/a', 'y');
        await del('c9/a');
      },
      done: (out) => (out.match(/c9\/a/g) ?? []).length >= 5,
    });
  });

  test('--hex (simple)', async () => {
    await diff({
      args: ['watch', 'c10/k', '--hex'],
      actions: () => put('c10/k', 'hex').then(() => undefined),
      done: has('\\x68\\x65\\x78\n'),
    });
  });

  test('-w fields --hex: IDs in hex (3.6, docs/etcdctl-behaviour.md §5.4 / docs/etcdctl-behaviour.md §11.4 #8)', async () => {
    await diff({
      args: ['watch', 'c11/k', '-w', 'fields', '--hex'],
      actions: () => put('c11/k', 'v').then(() => undefined),
      done: has('"Lease" : '),
      // 3.5.30 ignores --hex in fields; 3.6 prints ClusterID/MemberID in hex, leases %016x.
      expect36: (o) => ({
        ...o,
        stdout: Buffer.from(
          o.stdout
            .toString()
            .replace(
              /^("ClusterID"|"MemberID") : (\d+)$/gm,
              (_m, k: string, d: string) => `${k} : ${BigInt(d).toString(16)}`,
            )
            .replace(/^"Lease" : (\d+)$/gm, (_m, d: string) => `"Lease" : ${BigInt(d).toString(16).padStart(16, '0')}`),
        ),
      }),
    });
  });

  test('unusual bytes in keys and values', async () => {
    await diff({
      args: ['watch', 'c12/', '--prefix', '-w', 'json'],
      actions: async () => {
        await put('c12/ü<&>', 'line1\nline2 "q" \\');
        await put('c12/e', '');
      },
      done: lines(2),
    });
  });

  test('-w table: error at the first response, exit 4', async () => {
    const o = await diff({
      args: ['watch', 'c13/k', '-w', 'table'],
      actions: () => put('c13/k', 'v').then(() => undefined),
      done: hasErr('Error:'),
      selfExit: true,
    });
    assert.equal(o.stderr, 'Error: table not supported as output format\n');
    assert.equal(o.code, 4);
  });

  test('--progress-notify: progress lines (simple)', async () => {
    const collapse = (o: Outcome): Outcome => ({
      ...o,
      stdout: Buffer.from(o.stdout.toString().replace(/(progress notify: \d+\n)\1+/g, '$1')),
    });
    await diff({
      args: ['watch', 'c14/k', '--progress-notify'],
      actions: async () => {
        await sleep(700);
        await put('c14/k', 'v');
      },
      done: (out) => /PUT\nc14\/k\nv\n(.|\n)*progress notify: \d+\n/.test(out),
      normalize: collapse,
    });
  });

  test('--progress-notify -w json: progress line, then the response object', async () => {
    const collapse = (o: Outcome): Outcome => ({
      ...o,
      stdout: Buffer.from(o.stdout.toString().replace(/(progress notify: \d+\n\{[^\n]*\n)\1+/g, '$1')),
    });
    const o = await diff({
      args: ['watch', 'c15/k', '--progress-notify', '-w', 'json'],
      actions: async () => {
        await sleep(700);
        await put('c15/k', 'v');
      },
      done: (out) => /"Events":\[\{(.|\n)*progress notify: \d+\n\{[^\n]*\n/.test(out),
      normalize: collapse,
    });
    assert.match(
      o.stdout.toString(),
      /^progress notify: \d+\n\{"Header":\{[^\n]*"Events":\[\],"CompactRevision":0,"Canceled":false,"Created":false\}\n/,
    );
  });
});

describe('watch environment keys', () => {
  test('ETCDCTL_WATCH_KEY', async () => {
    await diff({
      args: ['watch'],
      env: { ETCDCTL_WATCH_KEY: 'e1/k' },
      actions: () => put('e1/k', 'v').then(() => undefined),
      done: has('v\n'),
    });
  });

  test('ETCDCTL_WATCH_KEY + ETCDCTL_WATCH_RANGE_END', async () => {
    await diff({
      args: ['watch'],
      env: { ETCDCTL_WATCH_KEY: 'e2/a', ETCDCTL_WATCH_RANGE_END: 'e2/c' },
      actions: async () => {
        for (const k of ['e2/c', 'e2/b', 'e2/a']) await put(k, k);
      },
      done: has('e2/a\ne2/a\n'),
    });
  });

  test('ETCDCTL_WATCH_KEY with --prefix and an exec command', async () => {
    await diff({
      args: ['watch', '--prefix', '--', 'sh', '-c', 'echo "got $ETCD_WATCH_KEY"'],
      env: { ETCDCTL_WATCH_KEY: 'e3/' },
      actions: () => put('e3/x', '1').then(() => undefined),
      done: has('got "e3/x"\n'),
    });
  });
});

describe('watch --debug', () => {
  test('the listing has ETCDCTL_WATCH_KEY / _RANGE_END lines, always empty (docs/etcdctl-behaviour.md §3.2.5)', async () => {
    const res = await runStream({
      args: ['--debug', 'watch'],
      env: { ETCDCTL_WATCH_KEY: 'd1/k', ETCDCTL_WATCH_RANGE_END: 'd1/z' },
      watchers: 2,
      done: hasErr('ETCDCTL_WRITE_OUT='),
    });
    const listing = (o: Outcome): string[] => o.stderr.split('\n').filter((l) => /^ETCDCTL_[A-Z_]+=/.test(l));
    // 3.6 adds the two size limits (absent from 3.5.x, docs/etcdctl-behaviour.md §3.1 / docs/etcdctl-behaviour.md §11.1 #6).
    const want = [...listing(res.real), 'ETCDCTL_MAX_RECV_BYTES=0', 'ETCDCTL_MAX_REQUEST_BYTES=0'].sort();
    assert.deepEqual(listing(res.ours), want);
    assert.ok(want.includes('ETCDCTL_WATCH_KEY=') && want.includes('ETCDCTL_WATCH_RANGE_END='));
  });
});
