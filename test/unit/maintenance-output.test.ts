// Pure parts of defrag, snapshot save, downgrade and completion: output lines
// (docs/etcdctl-behaviour.md §8.6, §8.7, §8.9), argument validation (docs/etcdctl-behaviour.md §8.7, §8.9, §10.11) and the
// completion scripts (which ask `__complete`, so its candidates cover the tree).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defragFailed, defragFinished, downgradeRenderers, snapshotSaved } from '../../src/output/maintenance';
import { render } from '../../src/output/printer';
import { DowngradeResponse } from '../../src/proto/gen/rpc';
import { hasChecksum, singleEndpoint } from '../../src/commands/snapshot';
import { errnoText } from '../../src/go/errno';
import { targetVersionOf } from '../../src/commands/downgrade';
import { completionShellOf } from '../../src/commands/completion';
import { completionScript } from '../../src/cli/completion-scripts';
import { complete } from '../../src/cli/complete';
import { buildProgram } from '../../src/program';
import { CliError, UsageError } from '../../src/errors';

describe('defrag lines (3.6)', () => {
  test('finished / failed with Go durations', () => {
    assert.equal(
      defragFinished('127.0.0.1:2379', 12_345_678n),
      'Finished defragmenting etcd member[127.0.0.1:2379]. took 12.345678ms\n',
    );
    assert.equal(
      defragFailed('http://x:1', 5_000_181_714n, 'context deadline exceeded'),
      'Failed to defragment etcd member[http://x:1]. took 5.000181714s. (context deadline exceeded)\n',
    );
  });
});

describe('snapshot save', () => {
  test('stdout: version line only when the server sent one (3.6 servers)', () => {
    assert.equal(snapshotSaved('/b/s.db', ''), 'Snapshot saved at /b/s.db\n');
    assert.equal(snapshotSaved('/b/s.db', '3.6.14'), 'Snapshot saved at /b/s.db\nServer version 3.6.14\n');
  });

  test('checksum trailer: size mod 512 == 32', () => {
    assert.equal(hasChecksum(20512), true);
    assert.equal(hasChecksum(20480), false);
    assert.equal(hasChecksum(32), true);
    assert.equal(hasChecksum(0), false);
  });

  test('exactly one endpoint (trimmed), else exit 5', () => {
    assert.equal(singleEndpoint([' 127.0.0.1:2379 ']), '127.0.0.1:2379');
    for (const [eps, text] of [
      [['a:1', 'b:2'], 'snapshot must be requested to one selected node, not multiple [a:1 b:2]'],
      [[], 'snapshot must be requested to one selected node, not multiple []'],
    ] as const) {
      assert.throws(
        () => singleEndpoint([...eps]),
        (e: unknown) => e instanceof CliError && e.code === 5 && e.message === text,
      );
    }
  });

  test('Go errno texts', () => {
    assert.equal(errnoText(Object.assign(new Error('x'), { code: 'ENOENT' })), 'no such file or directory');
    assert.equal(errnoText(Object.assign(new Error('x'), { code: 'EACCES' })), 'permission denied');
    assert.equal(errnoText(Object.assign(new Error('x'), { code: 'EEXIST' })), 'file exists');
  });
});

describe('downgrade', () => {
  const resp = DowngradeResponse.fromPartial({
    header: { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 1n, raft_term: 2n },
    version: '3.5.0',
  });

  test('simple per action, json, protobuf; fields and table unsupported (exit 4)', () => {
    assert.equal(
      render(downgradeRenderers('validate'), 'simple', resp, { hex: false, compat: '3.6' as const }),
      'Downgrade validate success, cluster version 3.5.0\n',
    );
    assert.equal(
      render(downgradeRenderers('enable'), 'simple', resp, { hex: false, compat: '3.6' as const }),
      'Downgrade enable success, cluster version 3.5.0\n',
    );
    assert.equal(
      render(downgradeRenderers('cancel'), 'simple', resp, { hex: false, compat: '3.6' as const }),
      'Downgrade cancel success, cluster version 3.5.0\n',
    );
    assert.equal(
      render(downgradeRenderers('validate'), 'json', resp, { hex: false, compat: '3.6' as const }),
      '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":1,"raft_term":2},"version":"3.5.0"}\n',
    );
    const pb = render(downgradeRenderers('validate'), 'protobuf', resp, {
      hex: false,
      compat: '3.6' as const,
    }) as Uint8Array;
    assert.deepEqual(DowngradeResponse.decode(pb), resp);
    for (const f of ['fields', 'table'] as const) {
      assert.throws(
        () => render(downgradeRenderers('validate'), f, resp, { hex: false, compat: '3.6' as const }),
        (e: unknown) => e instanceof CliError && e.code === 4 && e.message === `${f} not supported as output format`,
      );
    }
  });

  test('TARGET_VERSION checks (exit 128)', () => {
    assert.equal(targetVersionOf(['3.5']), '3.5');
    for (const [args, msg] of [
      [[], 'TARGET_VERSION not provided'],
      [['3.5', '3.4'], 'too many arguments'],
      [[''], 'target version not provided'],
    ] as const) {
      assert.throws(
        () => targetVersionOf([...args]),
        (e: unknown) => e instanceof CliError && e.code === 128 && e.message === msg,
      );
    }
  });
});

describe('completion', () => {
  test('ExactArgs(1), then OnlyValidArgs: usage errors of `completion`', () => {
    for (const shell of ['bash', 'zsh', 'fish', 'powershell'])
      assert.equal(completionShellOf([shell], ['completion'], 'etcdctl completion'), shell);
    for (const [args, msg] of [
      [[], 'accepts 1 arg(s), received 0'],
      [['bash', 'zsh'], 'accepts 1 arg(s), received 2'],
      [['foo'], 'invalid argument "foo" for "etcdctl completion"'],
      [['Bash'], 'invalid argument "Bash" for "etcdctl completion"'],
    ] as const) {
      assert.throws(
        () => completionShellOf([...args], ['completion'], 'etcdctl completion'),
        (e: unknown) =>
          e instanceof UsageError && e.code === 1 && e.message === msg && e.commandPath.join(' ') === 'completion',
      );
    }
  });

  test('every etcdctl command and flag of the tree is a candidate of __complete, which every script calls (not our extensions)', () => {
    const root = buildProgram('3.6');
    const names = (args: string[]): string[] => complete(root, args).candidates.map((c) => c.value);
    const flagsSeen = new Set<string>();
    const walk = (c: typeof root, path: string[]): void => {
      const subs = names([...path, '']);
      for (const s of c.subcommands) {
        if (s.name().startsWith('__')) continue;
        assert.equal(subs.includes(s.name()), !s.extension, `${[...path, s.name()].join(' ')}`);
        if (!s.extension) walk(s, [...path, s.name()]);
      }
      for (const f of names([...path, '--'])) flagsSeen.add(f);
    };
    walk(root, []);
    assert.ok(!names(['']).includes('tree'), 'the tree extension is not a candidate');
    for (const flag of ['endpoints', 'write-out', 'cluster', 'prefix', 'auto-defrag', 'load'])
      assert.ok(flagsSeen.has(`--${flag}`), `--${flag}`);
    for (const shell of ['bash', 'zsh', 'fish', 'powershell'] as const) {
      const script = completionScript(shell, root);
      assert.ok(script.includes(' __complete '), `${shell} calls __complete`);
      assert.ok(script.endsWith('\n'));
    }
    assert.match(completionScript('bash', root), /\ncomplete -F __etcdctl_complete etcdctl\n$/);
    assert.match(completionScript('zsh', root), /^#compdef etcdctl\n/);
    assert.match(completionScript('fish', root), /\ncomplete -c etcdctl -f -a '\(__etcdctl_complete\)'\n$/);
    assert.match(completionScript('powershell', root), /Register-ArgumentCompleter -CommandName 'etcdctl' -Native/);
  });
});
