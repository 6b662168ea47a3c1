// watch argument handling (docs/etcdctl-behaviour.md §6.6.1, §6.6.2, §6.6.4): raw-argv `--` rules, environment
// keys, the interactive line grammar and the create request. Expectations follow etcdctl
// 3.6's parseWatchArgs / getWatchChan / Argify (checked against etcdctl 3.5.30 where noted).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  argify,
  buildWatchSpec,
  envKeyOf,
  parseWatchArgs,
  parseWatchLine,
  ERR_BAD_ARGS,
  ERR_CONFLICT_ENV,
  ERR_PREFIX_RANGE,
  ERR_SEPARATOR,
} from '../../src/commands/watch/args';
import { CliError } from '../../src/errors';

const NO_ENV = { key: '', rangeEnd: '' };
const ENV = { key: 'foo', rangeEnd: '' };

function throwsCli(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof CliError && e.code === code && e.message === message);
}

describe('parseWatchArgs (command line)', () => {
  const ok: [string, string[], string[], typeof NO_ENV, string[], string[]][] = [
    ['key only', ['watch', 'foo'], ['foo'], NO_ENV, ['foo'], []],
    ['key and exec', ['watch', 'foo', '--', 'echo', '1'], ['foo', 'echo', '1'], NO_ENV, ['foo'], ['echo', '1']],
    [
      'flags between watch words',
      ['watch', 'foo', 'bar', '--rev', '1', '--', 'echo', 'hello'],
      ['foo', 'bar', 'echo', 'hello'],
      NO_ENV,
      ['foo', 'bar'],
      ['echo', 'hello'],
    ],
    [
      'cut at the LAST word equal to the command',
      ['watch', 'foo', '--', 'echo', 'echo'],
      ['foo', 'echo', 'echo'],
      NO_ENV,
      ['foo', 'echo'],
      ['echo', 'echo'],
    ],
    ['global flags before watch', ['--endpoints', 'x', 'watch', 'k'], ['k'], NO_ENV, ['k'], []],
    ['flags only: checked later (getWatchChan)', ['watch', '--prefix'], [], NO_ENV, [], []],
    ['env key', ['watch'], [], ENV, ['foo'], []],
    ['env key and range end', ['watch'], [], { key: 'a', rangeEnd: 'b' }, ['a', 'b'], []],
    [
      'env key, exec only',
      ['watch', '--rev', '1', '--', 'echo', 'Hello', 'World'],
      ['echo', 'Hello', 'World'],
      ENV,
      ['foo'],
      ['echo', 'Hello', 'World'],
    ],
    ['env key and range, exec', ['watch', '--', 'echo'], ['echo'], { key: 'a', rangeEnd: 'b' }, ['a', 'b'], ['echo']],
    ['prefix-matched command name: raw words are all of argv', ['wat', 'foo'], ['foo'], NO_ENV, ['foo'], []],
  ];
  for (const [name, argv, cmdArgs, env, watchArgs, execArgs] of ok) {
    test(name, () => {
      assert.deepEqual(parseWatchArgs(['etcdctl', ...argv], cmdArgs, env), { watchArgs, execArgs });
    });
  }

  const bad: [string, string[], string[], typeof NO_ENV, string][] = [
    ['nothing', ['watch'], [], NO_ENV, ERR_BAD_ARGS],
    ['separator last', ['watch', 'foo', '--'], ['foo'], NO_ENV, ERR_SEPARATOR],
    ['separator only', ['watch', '--'], [], NO_ENV, ERR_SEPARATOR],
    ['env key and key', ['watch', 'foo'], ['foo'], ENV, ERR_CONFLICT_ENV],
    ['env key and key before --', ['watch', 'bar', '--', 'echo', '1'], ['bar', 'echo', '1'], ENV, ERR_CONFLICT_ENV],
    [
      'env key and key after flags before --',
      ['watch', 'bar', '--rev', '5', '--', 'echo'],
      ['bar', 'echo'],
      ENV,
      ERR_CONFLICT_ENV,
    ],
  ];
  for (const [name, argv, cmdArgs, env, message] of bad) {
    test(`error: ${name}`, () => throwsCli(() => parseWatchArgs(['etcdctl', ...argv], cmdArgs, env), 128, message));
  }
});

describe('environment keys', () => {
  test('unset or empty', () => {
    assert.deepEqual(envKeyOf({}), NO_ENV);
    assert.deepEqual(envKeyOf({ ETCDCTL_WATCH_KEY: '', ETCDCTL_WATCH_RANGE_END: '' }), NO_ENV);
    assert.deepEqual(envKeyOf({ ETCDCTL_WATCH_KEY: 'a', ETCDCTL_WATCH_RANGE_END: 'b' }), { key: 'a', rangeEnd: 'b' });
  });
  test('range end without key: %q of the value', () => {
    throwsCli(
      () => envKeyOf({ ETCDCTL_WATCH_RANGE_END: 'z"\n' }),
      128,
      'ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="z\\"\\n"',
    );
  });
});

describe('buildWatchSpec (getWatchChan)', () => {
  const f = { prefix: false, rev: 0n, prevKv: false, progressNotify: false };
  const b = (...s: string[]): Buffer[] => s.map((x) => Buffer.from(x));
  test('key', () => {
    assert.deepEqual(buildWatchSpec(b('k'), f), {
      key: Buffer.from('k'),
      range_end: Buffer.alloc(0),
      start_revision: 0n,
      prev_kv: false,
      progress_notify: false,
    });
  });
  test('range end; more than two words: only the key', () => {
    assert.deepEqual(buildWatchSpec(b('a', 'c'), f).range_end, Buffer.from('c'));
    assert.deepEqual(buildWatchSpec(b('a', 'b', 'c'), f).range_end, Buffer.alloc(0));
  });
  test('--prefix, also with an empty key (whole keyspace) and 0xff bytes', () => {
    assert.deepEqual(buildWatchSpec(b('ab'), { ...f, prefix: true }).range_end, Buffer.from('ac'));
    const all = buildWatchSpec(b(''), { ...f, prefix: true });
    assert.deepEqual([all.key, all.range_end], [Buffer.from([0]), Buffer.from([0])]);
    assert.deepEqual(buildWatchSpec([Buffer.from([0x61, 0xff])], { ...f, prefix: true }).range_end, Buffer.from('b'));
  });
  test('options pass through', () => {
    const s = buildWatchSpec(b('k'), { prefix: false, rev: -3n, prevKv: true, progressNotify: true });
    assert.deepEqual([s.start_revision, s.prev_kv, s.progress_notify], [-3n, true, true]);
  });
  test('errors', () => {
    throwsCli(() => buildWatchSpec([], f), 128, ERR_BAD_ARGS);
    throwsCli(() => buildWatchSpec(b('a', 'b'), { ...f, prefix: true }), 128, ERR_PREFIX_RANGE);
  });
});

describe('argify (interactive lines)', () => {
  const cases: [string, string[]][] = [
    ['watch "a b" \'c d\' e', ['watch', 'a b', 'c d', 'e']],
    ['', []],
    ['  \t ', []],
    ["put k 'v", ['put', 'k', 'v']],
    ['abc"def x', ['abc"def', 'x']],
    ["''", ['']],
    ['""', ['']],
    ['"a\\"b"', ['a"b']],
    ['a\rb', ['a', 'b']],
    ['watch k -- sh -c \'echo "x y"\'', ['watch', 'k', '--', 'sh', '-c', 'echo "x y"']],
  ];
  for (const [line, want] of cases) {
    test(JSON.stringify(line), () => assert.deepEqual(argify(line), want));
  }
  test('Go escapes in double quotes give bytes (latin1 string)', () => {
    assert.deepEqual(argify('"\\x41\\u00e9\\377"'), [Buffer.from([0x41, 0xc3, 0xa9, 0xff]).toString('latin1')]);
  });
  test('a bad escape: invalid syntax, exit 3', () => {
    throwsCli(() => argify('watch "a\\q"'), 3, 'invalid syntax');
  });
});

describe('parseWatchLine', () => {
  const line = (s: string, env = NO_ENV) => parseWatchLine(argify(s), env);
  test('flags of the line', () => {
    assert.deepEqual(line('watch foo --prev-kv --rev 5'), {
      watchArgs: ['foo'],
      execArgs: [],
      flags: { prefix: false, rev: 5n, prevKv: true },
    });
    assert.deepEqual(line('watch --prefix foo -i').flags, { prefix: true, rev: 0n, prevKv: false });
  });
  test('exec command', () => {
    assert.deepEqual(line('watch foo -- echo --prefix hi'), {
      watchArgs: ['foo'],
      execArgs: ['echo', '--prefix', 'hi'],
      flags: { prefix: false, rev: 0n, prevKv: false },
    });
    assert.deepEqual(line('watch -- echo hi').watchArgs, []);
  });
  test('environment key', () => {
    assert.deepEqual(line('watch', ENV).watchArgs, ['foo']);
    assert.deepEqual(line('watch -- echo', ENV), {
      watchArgs: ['foo'],
      execArgs: ['echo'],
      flags: { prefix: false, rev: 0n, prevKv: false },
    });
  });
  const errors: [string, string, typeof NO_ENV?][] = [
    ['watch foo --', ERR_SEPARATOR],
    ['watch -h', 'pflag: help requested'],
    ['watch --help', 'pflag: help requested'],
    ['watch --foo', 'unknown flag: --foo'],
    ['watch k -w json', "unknown shorthand flag: 'w' in -w"],
    ['watch k --rev', 'flag needs an argument: --rev'],
    ['watch k --rev x', 'invalid argument "x" for "--rev" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    ['watch --prefix', ERR_BAD_ARGS],
    ['watch x', ERR_CONFLICT_ENV, ENV],
  ];
  for (const [l, message, env] of errors) {
    test(`error: ${l}`, () => throwsCli(() => line(l, env ?? NO_ENV), 128, message));
  }
});
