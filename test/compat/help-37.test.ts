// etcdctl 3.7 help, usage after errors, `help TOPIC` and `options` (docs/etcdctl-3.7-behaviour.md §1.3-§1.5, §3; C1-C4,
// C13), checked against the literal 3.7.1 texts of the spec (test/data/help-3.7/, copied by
// scripts/extract-help-37.mjs) with the transforms of test/support/help-37.ts. Every command path
// of the 3.7 tree, in-process; the start-up path (line selection, streams) by running the binary.
// 3.6 mode is covered byte for byte by help.test.ts (cleanEnv runs the 3.6 line).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/program';
import type { EtcdCommand } from '../../src/cli/command';
import { runCommandLine } from '../../src/cli/run';
import type { Io } from '../../src/io/io';
import { ours, real } from '../support/run';
import { findRepoRoot } from '../support/root';
import { cobraOnce } from '../support/diff';
import {
  EXTENSION_FLAGS_37,
  expectedHelp37,
  expectedUsage37,
  expectedUsageError37,
  helpFile,
  readHelp37,
  usageOf,
} from '../support/help-37';

const root37 = buildProgram('3.7');

function walk(c: EtcdCommand, out: string[] = []): string[] {
  out.push(c.path.join(' '));
  for (const s of c.subcommands) if (!s.extension) walk(s, out);
  return out;
}
const paths = walk(root37);
const words = (path: string): string[] => (path === '' ? [] : path.split(' '));

/** Runs one command line of a fresh 3.7 tree in-process. */
async function run37(argv: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => ({
    write: (d: string | Uint8Array) => add(typeof d === 'string' ? d : Buffer.from(d).toString()),
    drain: async () => {},
    flush: async () => {},
    isTTY: false,
  });
  const io: Io = {
    stdin: process.stdin,
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
  };
  const code = await runCommandLine(buildProgram('3.7'), argv, io);
  return { out, err, code };
}

test('the 3.7 tree has exactly the 63 command paths of Appendix A', () => {
  const files = readdirSync(join(findRepoRoot(), 'test', 'data', 'help-3.7')).filter((f) => !f.includes('.std'));
  assert.equal(files.length, 63);
  assert.deepEqual(paths.map(helpFile).sort(), files.sort());
});

test("every etcdctl root command is in exactly one of the root's groups; no extension is", () => {
  const names = root37.subcommands.map((c) => c.name());
  const grouped = root37.groups.flatMap((g) => g.commands);
  assert.deepEqual(
    [...grouped].sort(),
    root37.subcommands
      .filter((c) => !c.extension)
      .map((c) => c.name())
      .sort(),
  );
  for (const n of grouped) assert.ok(names.includes(n), n);
  assert.deepEqual(
    root37.subcommands.filter((c) => c.extension).map((c) => c.name()),
    ['batch', 'ls', 'tree', 'config'],
  );
});

test('extension sections are inserted only where the tree declares extensions', () => {
  const withExtensionFlags = paths.filter((p) =>
    [...words(p)]
      .reduce((c, w) => c.subcommands.find((s) => s.name() === w)!, root37)
      .localFlags.some((f) => f.extension),
  );
  assert.deepEqual(withExtensionFlags.sort(), Object.keys(EXTENSION_FLAGS_37).sort());
  // every other path: the spec's bytes, untouched
  for (const p of paths)
    if (p !== '' && !(p in EXTENSION_FLAGS_37)) assert.equal(expectedHelp37(p), readHelp37(helpFile(p)), p);
});

describe('--help and `help PATH` of every command path vs Appendix A', () => {
  for (const path of paths) {
    test(`etcdctl ${path} --help`.replace('  ', ' '), async () => {
      const want = expectedHelp37(path);
      for (const argv of [
        [...words(path), '--help'],
        [...words(path), '-h'],
        ['help', ...words(path)],
      ]) {
        const r = await run37(argv);
        assert.equal(r.err, '', argv.join(' '));
        assert.equal(r.out, want, argv.join(' '));
        assert.equal(r.code, 0, argv.join(' '));
      }
      if (path === '' || root37.subcommands.find((c) => c.name() === path)?.runnable === false) {
        // the root and a group command without a sub-command print their help (docs/etcdctl-3.7-behaviour.md §1.6)
        const r = await run37(words(path));
        assert.equal(r.out, want);
        assert.equal(r.code, 0);
      }
    });
  }
});

describe('usage on stderr after a parse error (C2, docs/etcdctl-3.7-behaviour.md §1.4)', () => {
  for (const path of paths) {
    test(`etcdctl ${path} --no-such-flag`.replace('  ', ' '), async () => {
      const r = await run37([...words(path), '--no-such-flag']);
      assert.equal(r.out, '');
      assert.equal(r.err, expectedUsageError37(path, 'unknown flag: --no-such-flag'));
      assert.equal(r.code, 1);
    });
  }
  test('etcdctl get --bogus: the spec text', async () => {
    const r = await run37(['get', '--bogus']);
    const spec = readHelp37('get-bogus.stderr.txt');
    assert.equal(r.err, expectedUsageError37('get', 'unknown flag: --bogus'));
    // the spec's block with our Extension Flags section before its final empty line
    assert.equal(r.err, `${spec.slice(0, -2)}\n\nExtension Flags:\n${EXTENSION_FLAGS_37.get}\n`);
  });
  test('a bad global flag value prints the usage of the command (no global flags in it)', async () => {
    const r = await run37(['get', '--dial-timeout=x', 'k']);
    assert.equal(
      r.err,
      expectedUsageError37('get', 'invalid argument "x" for "--dial-timeout" flag: time: invalid duration "x"'),
    );
    assert.equal(r.code, 1);
  });
  test('flag values: bad number, missing value, shorthand', async () => {
    for (const [argv, path, msg] of [
      [
        ['lease', 'grant', '--help=x'],
        'lease grant',
        'invalid argument "x" for "-h, --help" flag: strconv.ParseBool: parsing "x": invalid syntax',
      ],
      [['get', '--limit'], 'get', 'flag needs an argument: --limit'],
      [
        ['watch', '--rev=x'],
        'watch',
        'invalid argument "x" for "--rev" flag: strconv.ParseInt: parsing "x": invalid syntax',
      ],
      [['elect', '-x'], 'elect', "unknown shorthand flag: 'x' in -x"],
    ] as const) {
      const r = await run37([...argv]);
      assert.equal(r.out, '', argv.join(' '));
      assert.equal(r.err, expectedUsageError37(path, msg), argv.join(' '));
      assert.equal(r.code, 1, argv.join(' '));
    }
  });
  test('completion without argument / with a bad one: the spec text', async () => {
    let r = await run37(['completion']);
    assert.equal(r.err, readHelp37('completion.stderr.txt'));
    assert.equal(r.out, '');
    assert.equal(r.code, 1);
    r = await run37(['completion', 'tcsh']);
    assert.equal(
      r.err,
      readHelp37('completion.stderr.txt').replace(
        'accepts 1 arg(s), received 0',
        'invalid argument "tcsh" for "etcdctl completion"',
      ),
    );
  });
  test('errors raised by a command itself print no usage', async () => {
    const r = await run37(['put']);
    assert.equal(r.err, 'Error: put command needs 1 argument and input from stdin or 2 arguments\n');
    assert.equal(r.out, '');
    assert.equal(r.code, 128);
  });
});

describe('`help TOPIC` (docs/etcdctl-3.7-behaviour.md §1.5)', () => {
  for (const args of [['bogus'], ['bogus', 'x'], ['a`b']]) {
    test(`etcdctl help ${args.join(' ')}: everything on stderr, exit 0`, async () => {
      const r = await run37(['help', ...args]);
      const topic = `[${args.map((a) => (a.includes('`') ? JSON.stringify(a) : `\`${a}\``)).join(' ')}]`;
      assert.equal(r.err, `Unknown help topic ${topic}\n${expectedUsage37('')}`);
      assert.equal(r.out, '');
      assert.equal(r.code, 0);
    });
  }
  test("the spec's `help bogus` text is its topic line and the root usage of Appendix A", () => {
    assert.equal(
      readHelp37('help-bogus.stderr.txt'),
      `Unknown help topic [\`bogus\`]\n${usageOf(readHelp37('root.txt'))}`,
    );
  });
  test('a known topic with extra words is the topic', async () => {
    const r = await run37(['help', 'lease', 'bogus']);
    assert.equal(r.out, expectedHelp37('lease'));
    assert.equal(r.err, '');
  });
});

describe('`options` (C3, docs/etcdctl-3.7-behaviour.md §3)', () => {
  const want = readHelp37('options.stdout.txt');
  for (const argv of [
    ['options'],
    ['options', 'a', 'b'],
    ['-w', 'json', 'options'],
    ['o'],
    ['op'],
    ['opt'],
    ['opti'],
    ['optio'],
    ['option'],
  ]) {
    test(`etcdctl ${argv.join(' ')}`, async () => {
      const r = await run37(argv);
      assert.equal(r.out, want);
      assert.equal(r.err, '');
      assert.equal(r.code, 0);
    });
  }
  test('options --bogus: a parse error with the usage of options', async () => {
    const r = await run37(['options', '--bogus']);
    assert.equal(r.err, expectedUsageError37('options', 'unknown flag: --bogus'));
    assert.equal(r.code, 1);
  });
  test('no extension flag is a global flag (none can reach the options listing)', () => {
    assert.ok(root37.localFlags.every((f) => !f.extension));
  });
});

describe('the binary: line selection and streams', () => {
  test('default (ETCDCTLTS_COMPAT unset): the 3.7 root help', async () => {
    const r = await ours(['--help'], { env: { ETCDCTLTS_COMPAT: undefined } });
    assert.equal(r.out, expectedHelp37(''));
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
  });
  test('3.7: get --bogus, usage on stderr only', async () => {
    const r = await ours(['get', '--bogus'], { env: { ETCDCTLTS_COMPAT: '3.7' } });
    assert.equal(r.out, '');
    assert.equal(r.err, expectedUsageError37('get', 'unknown flag: --bogus'));
    assert.equal(r.code, 1);
  });
  test('3.6: get --bogus, the error then an empty line on stderr, the 3.6 help on stdout', async () => {
    const [r, help] = await Promise.all([ours(['get', '--bogus']), ours(['get', '--help'])]);
    assert.equal(r.err, 'Error: unknown flag: --bogus\n\n');
    assert.equal(r.out, help.out);
    assert.match(r.out, /^NAME:\n {2}get - Gets the key or a range of keys\n/);
    assert.equal(r.code, 1);
  });
  test('3.7: help bogus, all on stderr', async () => {
    const r = await ours(['help', 'bogus'], { env: { ETCDCTLTS_COMPAT: '3.7' } });
    assert.equal(r.out, '');
    assert.match(r.err, /^Unknown help topic \[`bogus`\]\nUsage:\n {2}etcdctl \[command\]\n\nKey-value commands\n/);
    assert.equal(r.code, 0);
  });
  test('3.7: options and its prefix o', async () => {
    for (const argv of [['options'], ['o']]) {
      const r = await ours(argv, { env: { ETCDCTLTS_COMPAT: '3.7' } });
      assert.equal(r.out, readHelp37('options.stdout.txt'));
      assert.equal(r.code, 0);
    }
  });
  test('3.6: options and o are unknown commands, as in etcdctl 3.5.30', async () => {
    for (const argv of [['options'], ['o'], ['option']]) {
      const [a, b] = await Promise.all([ours(argv), real('3.5', argv)]);
      // 3.5.30 prints the error twice (docs/etcdctl-behaviour.md §11.1 #2)
      assert.equal(a.err, cobraOnce({ out: b.stdout, err: b.err, code: b.code }).err, argv.join(' '));
      assert.match(a.err, /^Error: unknown command "o/);
      assert.equal(a.out, b.out);
      assert.equal(a.code, 1);
    }
  });
});
