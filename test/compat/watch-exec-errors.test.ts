// Differential tests of `watch` (docs/etcdctl-behaviour.md §6.6) that end in a command or an error: the exec
// command after `--`, watches canceled by the server (compacted revision, permission denied)
// and argument errors. Harness (both CLIs against one server, compared):
// test/support/watch-diff.ts. Where 3.6 differs from 3.5.30 the 3.6 expectation is written
// out (spec section cited).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dropZapLines, ours, real } from '../support/run';
import { FLAVOR, has, hasErr, useWatchCluster } from '../support/watch-diff';

const rig = useWatchCluster();
const { etcdctl, put, del, diff } = rig;

describe('watch exec command', () => {
  test('environment: exactly the ETCD_WATCH_* lines of etcdctl (quoting included)', async () => {
    const o = await diff({
      args: ['watch', 'x1/', '--prefix', '--', 'sh', '-c', 'env | grep ETCD_WATCH_ | sort; echo ---'],
      env: { ETCD_WATCH_KEY: 'inherited, overridden' },
      actions: async () => {
        await put('x1/k é', 'va"l\t1\\ \x01');
        await del('x1/k é');
      },
      done: (out) => (out.match(/---\n/g) ?? []).length === 2,
    });
    assert.match(
      o.stdout.toString(),
      /ETCD_WATCH_EVENT_TYPE="PUT"\nETCD_WATCH_KEY="x1\/k é"\nETCD_WATCH_REVISION=\d+\nETCD_WATCH_VALUE="va\\"l\\t1\\\\ \\x01"\n/,
    );
  });

  test('one run per event, in order, after the event is printed', async () => {
    await diff({
      args: [
        'watch',
        'x2/',
        '--prefix',
        '--',
        'sh',
        '-c',
        'echo "exec $ETCD_WATCH_REVISION $ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_VALUE"',
      ],
      actions: async () => {
        await put('x2/a', '1');
        await del('--prefix', 'x2/');
      },
      done: has('"DELETE" ""\n'),
    });
  });

  test('failing command: message and exit 1', async () => {
    const o = await diff({
      args: ['watch', 'x3/k', '--', 'sh', '-c', 'echo before; exit 3'],
      actions: () => put('x3/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
    assert.equal(o.stderr, 'command ["sh" "-c" "echo before; exit 3"] error (exit status 3)\n');
    assert.equal(o.code, 1);
  });

  test('command not found in PATH', async () => {
    await diff({
      args: ['watch', 'x4/k', '--', 'no-such-command-x4', 'a b'],
      actions: () => put('x4/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
  });

  test('command path that does not exist', async () => {
    await diff({
      args: ['watch', 'x5/k', '--', '/nonexistent/cmd'],
      actions: () => put('x5/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
  });

  test('command killed by a signal', async () => {
    await diff({
      args: ['watch', 'x6/k', '--', 'sh', '-c', 'kill -TERM $$'],
      actions: () => put('x6/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
  });

  test('quirk: watch words are cut at the LAST word equal to the command name', async () => {
    // `watch foo -- echo echo`: watch args "foo echo" -> range [foo, echo): empty, refused.
    await diff({
      args: ['watch', 'x7', '--', 'echo', 'echo'],
      watchers: 0,
      done: hasErr('Error:'),
      selfExit: true,
    });
  });
});

describe('watch canceled by the server', () => {
  for (const format of ['simple', 'json', 'protobuf']) {
    test(`compacted revision, -w ${format}: canceled note, exit 5`, async () => {
      const o = await diff({
        args: ['watch', 'z/k', '--rev', '2', '-w', format],
        watchers: 0,
        done: hasErr('Error:'),
        selfExit: true,
      });
      assert.equal(
        o.stderr,
        'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n',
      );
      assert.equal(o.code, 5);
    });
  }

  test('compacted revision, -w fields: no Revision line when 0 (3.6, docs/etcdctl-behaviour.md §11.4 #7)', async () => {
    await diff({
      args: ['watch', 'z/k', '--rev', '2', '-w', 'fields'],
      watchers: 0,
      done: hasErr('Error:'),
      selfExit: true,
      expect36: (o) => ({ ...o, stdout: Buffer.from(o.stdout.toString().replace('"Revision" : 0\n', '')) }),
    });
  });
});

describe('watch argument errors', () => {
  const cases: { name: string; args: string[]; env?: Record<string, string> }[] = [
    { name: 'no key', args: ['watch'] },
    { name: 'separator without command', args: ['watch', 'k', '--'] },
    { name: 'separator only', args: ['watch', '--'] },
    { name: 'range end without key (env)', args: ['watch', 'k'], env: { ETCDCTL_WATCH_RANGE_END: 'z' } },
    { name: 'range end without key (env), interactive', args: ['watch', '-i'], env: { ETCDCTL_WATCH_RANGE_END: 'z' } },
    { name: 'env key and a key', args: ['watch', 'b'], env: { ETCDCTL_WATCH_KEY: 'a' } },
    { name: 'env key and a key before --', args: ['watch', 'b', '--', 'echo', 'x'], env: { ETCDCTL_WATCH_KEY: 'a' } },
    { name: 'range_end with --prefix', args: ['watch', 'a', 'b', '--prefix'] },
    {
      name: 'env range with --prefix',
      args: ['watch', '--prefix'],
      env: { ETCDCTL_WATCH_KEY: 'a', ETCDCTL_WATCH_RANGE_END: 'b' },
    },
    { name: 'flags only, no key (checked after the client)', args: ['watch', '--prefix'] },
    { name: 'flags only and a bad -w (output format checked first)', args: ['watch', '--prefix', '-w', 'bogus'] },
    { name: 'no key and a bad -w (argument checked first)', args: ['watch', '-w', 'bogus'] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const args = ['--endpoints', rig.ep, ...c.args];
      const [o, r] = await Promise.all([ours(args, { env: c.env }), real(FLAVOR, args, { env: c.env })]);
      assert.equal(o.out, r.out, 'stdout');
      assert.equal(dropZapLines(o.err), dropZapLines(r.err), 'stderr');
      assert.equal(o.code, r.code, 'exit code');
      assert.ok(o.code !== 0);
    });
  }

  test('bad --rev value: pflag error, exit 1 (stderr and code)', async () => {
    const args = ['--endpoints', rig.ep, 'watch', 'k', '--rev', 'abc'];
    const [o, r] = await Promise.all([ours(args), real(FLAVOR, args)]);
    // 3.5 prints the error twice; 3.6 once, then an empty line (docs/etcdctl-behaviour.md §11.1 #2).
    const first = r.err.split('\n')[0];
    assert.equal(
      first,
      'Error: invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    );
    assert.equal(o.err, `${first}\n\n`);
    assert.equal(o.code, r.code);
  });
});

// Last: auth is enabled on the shared cluster for these cases.
describe('watch refused by the server (permission denied)', () => {
  before(async () => {
    await etcdctl('user', 'add', 'root:rootpw');
    await etcdctl('user', 'grant-role', 'root', 'root');
    await etcdctl('user', 'add', 'nobody:pw');
    await etcdctl('auth', 'enable');
  });

  for (const format of ['simple', 'json']) {
    test(`-w ${format}: the cancel reason verbatim, exit 5`, async () => {
      const o = await diff({
        args: ['--user', 'nobody:pw', 'watch', 'a/k', '-w', format],
        watchers: 0,
        done: hasErr('Error:'),
        selfExit: true,
      });
      assert.equal(
        o.stderr,
        'watch was canceled (rpc error: code = PermissionDenied desc = etcdserver: permission denied)\nError: watch is canceled by the server\n',
      );
      if (format === 'json')
        assert.equal(
          o.stdout.toString(),
          '{"Header":{},"Events":null,"CompactRevision":0,"Canceled":true,"Created":false}\n',
        );
    });
  }
});
