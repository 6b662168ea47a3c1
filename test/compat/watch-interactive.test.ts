// Differential tests of `watch -i` (docs/etcdctl-behaviour.md §6.6.4): request lines on stdin, flags per line,
// exec, progress, bad lines and their exit codes. Harness (both CLIs against one server,
// compared): test/support/watch-diff.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, waitWatchers } from '../support/watch-proc';
import { assertSame, has, hasErr, useWatchCluster, type Outcome } from '../support/watch-diff';

const rig = useWatchCluster();
const { put, interactive } = rig;

describe('watch -i', () => {
  test("the spec's observed session (output blocks compared as a multiset)", async () => {
    const { ours: o, real: r } = await interactive({
      lines: [
        'watch i1/a',
        'bogus',
        '',
        'watch',
        'watch --prefix i1/',
        'watch i1/b -- echo hello',
        () => waitWatchers(rig.url, 6),
        300,
        'progress',
        'watch i1/a i1/b --prefix',
      ],
      actions: async () => {
        await sleep(300);
        await put('i1/a', 'a');
        await put('i1/b', 'b');
      },
      done: (out) => out.includes('hello\n') && (out.match(/PUT\n/g) ?? []).length === 4,
    });
    // Two watchers see each event; the order of their outputs (and of `hello`) is the
    // server's and the scheduler's — etcdctl's goroutines even interleave line by line —
    // so compare the lines as a multiset.
    const blocks = (s: Outcome): string[] => s.stdout.toString().split('\n').sort();
    assert.deepEqual(blocks(o), blocks(r));
    assert.equal(o.stderr, r.stderr);
    assert.equal(
      o.stderr,
      'Invalid command bogus (only support watch)\n' +
        'Invalid command:  (watch and progress supported)\n' +
        'Invalid command watch (command type or key is not provided)\n' +
        'Invalid command watch i1/a i1/b --prefix (`range_end` and `--prefix` are mutually exclusive)\n' +
        'Error: error reading watch request line: EOF\n',
    );
    assert.match(o.stdout.toString(), /^(progress notify: \d+\n){3}/);
    assert.deepEqual([o.code, r.code], [3, 3]);
  });

  test('deterministic session: flags per line, exec, progress, bad lines', async () => {
    const { ours: o, real: r } = await interactive({
      lines: [
        'watch i2/a --prev-kv',
        'watch "i2/b" -- sh -c \'echo "exec $ETCD_WATCH_KEY"\'',
        "watch 'i2/c'",
        'watch -- echo hi',
        'nothing here',
        '   ',
        () => waitWatchers(rig.url, 6),
        300,
        'progress extra words',
      ],
      actions: async () => {
        await put('i2/a', '1');
        await put('i2/a', '2');
        await put('i2/b', '3');
        await put('i2/c', '4');
      },
      done: (out) =>
        out.includes('i2/c\n4\n') && out.includes('exec "i2/b"') && (out.match(/progress notify/g) ?? []).length === 3,
    });
    assertSame(o, r);
  });

  test('a bad quoted token: invalid syntax, exit 3', async () => {
    const { ours: o, real: r } = await interactive({ lines: ['watch "a\\q"'], done: hasErr('Error') });
    assertSame(o, r);
    assert.equal(o.stderr, 'Error: invalid syntax\n');
  });

  for (const [name, line] of [
    ['help flag', 'watch -h'],
    ['unknown flag', 'watch k --foo'],
    ['global flag not allowed on a line', 'watch k -w json'],
    ['separator without command', 'watch k --'],
    ['bad --rev', 'watch k --rev x'],
  ] as const) {
    test(`line error (${name}): exit 128`, async () => {
      const { ours: o, real: r } = await interactive({ lines: [line], done: hasErr('Error') });
      assertSame(o, r);
      assert.equal(o.code, 128);
    });
  }

  test('env key: a bare `watch` line watches it; a key on the line conflicts', async () => {
    const { ours: o, real: r } = await interactive({
      env: { ETCDCTL_WATCH_KEY: 'i3/k' },
      lines: ['watch'],
      watchers: 2,
      actions: () => put('i3/k', 'v').then(() => undefined),
      done: has('i3/k\nv\n'),
    });
    assertSame(o, r);
    const c = await interactive({ env: { ETCDCTL_WATCH_KEY: 'i3/k' }, lines: ['watch other'], done: hasErr('Error') });
    assertSame(c.ours, c.real);
    assert.equal(c.ours.stderr, 'Error: bad number of arguments (found conflicting environment key)\n');
  });

  test('a compacted watch ends quietly in interactive mode (no exit 5)', async () => {
    const { ours: o, real: r } = await interactive({
      lines: ['watch z/k --rev 2', 300, 'watch i4/k'],
      watchers: 2,
      actions: () => put('i4/k', 'after').then(() => undefined),
      done: (out, err) => out.includes('after\n') && err.includes('watch was canceled'),
    });
    assertSame(o, r);
  });
});
