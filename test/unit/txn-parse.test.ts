// txn input -> requests (docs/etcdctl-behaviour.md §6.4): the compare scanner (Go Sscanf "%q) %s %q"),
// the request-line tokeniser (Argify), request lines parsed as put/get/del with
// their flags, the bufio-like stdin reader; and compaction's argument. Expected
// texts were taken from etcdctl 3.4.23 / 3.5.30.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { argify, parseCompare, parseRequestLine, scanCompare, type RequestIo } from '../../src/commands/txn/grammar';
import { GoLineReader } from '../../src/io/bufio';
import { parseCompactionArgs } from '../../src/commands/compaction';
import { CliError, PanicError } from '../../src/errors';
import { Compare_CompareResult as Result, Compare_CompareTarget as Target } from '../../src/proto/gen/rpc';

function fails(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof CliError && e.code === code && e.message === message, message);
}

async function rejects(p: Promise<unknown>, code: number, message: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof CliError && e.code === code && e.message === message);
}

describe('compare lines', () => {
  test('the scanner stops at the first item it cannot read', () => {
    assert.deepEqual(scanCompare('"k") > "0"'), { n: 3, key: Buffer.from('k'), op: '>', val: Buffer.from('0') });
    assert.equal(scanCompare('"k")>"0"').n, 1); // the space after ')' needs at least one space
    assert.deepEqual(scanCompare('"k") >"0"'), { n: 2, key: Buffer.from('k'), op: '>"0"', val: Buffer.alloc(0) });
    assert.equal(scanCompare(' "k" ) > "0"').n, 1);
    assert.equal(scanCompare('"k\\q") = "0"').n, 0); // invalid escape: the key is not assigned
    assert.deepEqual(scanCompare('`raw\\n`) != "x\\ty" extra').val, Buffer.from('x\ty'));
    assert.deepEqual(scanCompare('`raw\\n`) != "x"').key, Buffer.from('raw\\n'));
    assert.equal(scanCompare('"k")').n, 1);
    assert.equal(scanCompare('"k") \u00a0 = \t "v"').n, 3); // fmt's spaces include U+00A0
  });

  test('targets, operators and values', () => {
    const c = parseCompare('mod("foo") > "5"');
    assert.deepEqual([c.target, c.result, c.key.toString(), c.mod_revision], [Target.MOD, Result.GREATER, 'foo', 5n]);
    const v = parseCompare('ver("k") != "0"');
    assert.deepEqual([v.target, v.result, v.version], [Target.VERSION, Result.NOT_EQUAL, 0n]);
    const cr = parseCompare('create("k") < "-3"');
    assert.deepEqual([cr.target, cr.result, cr.create_revision], [Target.CREATE, Result.LESS, -3n]);
    const val = parseCompare('value("k") = "a\\x00b"');
    assert.deepEqual(
      [val.target, val.result, [...(val.value as Buffer)]],
      [Target.VALUE, Result.EQUAL, [0x61, 0, 0x62]],
    );
    assert.equal(parseCompare('c("k") = "1"').target, Target.CREATE);
    assert.equal(parseCompare('m("k") = "1"').target, Target.MOD);
    assert.equal(parseCompare('val("k") = "1"').target, Target.VALUE);
    assert.equal(parseCompare('version("k") = "1"').target, Target.VERSION);
  });

  test('error texts (exit 3)', () => {
    fails(() => parseCompare('bad'), 3, 'malformed comparison: bad');
    fails(() => parseCompare('mod("foo")>"0"'), 3, 'malformed comparison: mod("foo")>"0"; got mod("foo")  ""');
    fails(() => parseCompare('mod("k") >"0"'), 3, 'malformed comparison: mod("k") >"0"; got mod("k") >"0" ""');
    fails(() => parseCompare('mod( "k" ) > "0"'), 3, 'malformed comparison: mod( "k" ) > "0"; got mod("k")  ""');
    fails(() => parseCompare('mod("foo") = 0'), 3, 'malformed comparison: mod("foo") = 0; got mod("foo") = ""');
    fails(() => parseCompare('mod("k\\q") = "0"'), 3, 'malformed comparison: mod("k\\q") = "0"; got mod("")  ""');
    fails(() => parseCompare('foo("foo") = "0"'), 3, 'malformed comparison: foo("foo") = "0" (unknown target foo)');
    fails(() => parseCompare(' mod("foo") = "0"'), 3, 'malformed comparison:  mod("foo") = "0" (unknown target  mod)');
    fails(() => parseCompare('mod("foo") = "abc"'), 3, 'invalid txn compare request: mod("foo") = "abc"');
    fails(() => parseCompare('mod("foo") >= "abc"'), 3, 'invalid txn compare request: mod("foo") >= "abc"');
    fails(() => parseCompare('ver("foo") = "0x1"'), 3, 'invalid txn compare request: ver("foo") = "0x1"');
  });

  test('where etcdctl panics: one Error line, exit 2', () => {
    const panics = (line: string, msg: string): void =>
      assert.throws(
        () => parseCompare(line),
        (e: unknown) => e instanceof PanicError && e.code === 2 && e.message === msg,
      );
    panics('mod("foo") >= "0"', 'Unknown result op ">=" (expected =, !=, > or <): mod("foo") >= "0"');
    panics('value("foo") == "0"', 'Unknown result op "==" (expected =, !=, > or <): value("foo") == "0"');
    panics(
      'lease("foo") = "1"',
      'bad value: etcdctl txn cannot compare leases (the value is not converted to an integer): lease("foo") = "1"',
    );
    // the operator is checked first, as clientv3.Compare does
    panics('lease("foo") >= "1"', 'Unknown result op ">=" (expected =, !=, > or <): lease("foo") >= "1"');
  });
});

describe('request lines', () => {
  test('Argify: quotes, escapes, skipped characters', () => {
    const words = (line: string): string[] => argify(line).map((b) => b.toString('latin1'));
    assert.deepEqual(words('put foo "overwrote"'), ['put', 'foo', 'overwrote']);
    assert.deepEqual(words(`put k 'a b' "c\\td"`), ['put', 'k', 'a b', 'c\td']);
    assert.deepEqual(words("put k 'v"), ['put', 'k', 'v']); // an unterminated quote starts no word
    assert.deepEqual(words('put k"x y"'), ['put', 'k"x', 'y"']);
    assert.deepEqual(words('put "\\xff" v'), ['put', '\xff', 'v']);
    assert.deepEqual(words('  get\tk  '), ['get', 'k']);
    fails(() => argify('put k "\\q"'), 3, 'invalid syntax');
  });

  const sink = (): RequestIo & { out: string; err: string; slept: number[] } => {
    const io = {
      out: '',
      err: '',
      slept: [] as number[],
      readRest: async () => Buffer.from('rest of stdin\n'),
      stdout: { write: (s: string) => void (io.out += s) },
      stderr: { write: (s: string) => void (io.err += s) },
      sleep: async (ms: number) => void io.slept.push(ms),
      compat: '3.6' as const,
    };
    return io;
  };

  test('put, get and del with their own flags; command-name prefixes', async () => {
    const io = sink();
    const put = await parseRequestLine('p k v --prev-kv --lease=1f', io);
    assert.deepEqual(
      [
        put.request_put?.key.toString(),
        put.request_put?.value.toString(),
        put.request_put?.prev_kv,
        put.request_put?.lease,
      ],
      ['k', 'v', true, 31n],
    );
    const get = await parseRequestLine('g p/ --prefix --limit=0x2 --keys-only', io);
    assert.deepEqual(
      [get.request_range?.range_end.toString(), get.request_range?.limit, get.request_range?.keys_only],
      ['p0', 2n, true],
    );
    const del = await parseRequestLine('d a --from-key --prev-kv', io);
    assert.deepEqual(
      [[...(del.request_delete_range?.range_end ?? [])], del.request_delete_range?.prev_kv],
      [[0], true],
    );
    const fromStdin = await parseRequestLine('put k', io);
    assert.equal(fromStdin.request_put?.value.toString(), 'rest of stdin\n');
    assert.equal(io.out + io.err, '');
  });

  test('bytes from \\x escapes reach the request unchanged', async () => {
    const io = sink();
    const put = await parseRequestLine('put "\\xff\\x00k" "\\xfe"', io);
    assert.deepEqual(
      [[...(put.request_put?.key ?? [])], [...(put.request_put?.value ?? [])]],
      [[0xff, 0, 0x6b], [0xfe]],
    );
    const get = await parseRequestLine('get "a\\xff" --prefix', io);
    assert.deepEqual(
      [[...(get.request_range?.key ?? [])], [...(get.request_range?.range_end ?? [])]],
      [[0x61, 0xff], [0x62]],
    );
  });

  test('del with a range end: the 3.6 warning and the 2 s pause', async () => {
    const io = sink();
    await parseRequestLine('del a c', io);
    assert.equal(
      io.err,
      'Warning: Keys between "a" and "c" will be deleted. Please interrupt the command within next 2 seconds to cancel. You can provide `--range` flag to avoid the delay.\n',
    );
    assert.deepEqual(io.slept, [2000]);
    const quiet = sink();
    await parseRequestLine('del a c --range', quiet);
    assert.deepEqual([quiet.err, quiet.slept], ['', []]);
  });

  test('errors: etcdctl texts and exit codes', async () => {
    await rejects(parseRequestLine('put', sink()), 3, 'invalid txn compare request: put');
    await rejects(parseRequestLine('foo bar', sink()), 3, 'invalid txn request: foo bar');
    await rejects(parseRequestLine('help put', sink()), 3, 'invalid txn request: help put');
    await rejects(parseRequestLine('--foo put k v', sink()), 3, 'invalid txn request: --foo put k v');
    await rejects(
      parseRequestLine('put --prev-kv', sink()),
      128,
      'put command needs 1 argument and input from stdin or 2 arguments',
    );
    await rejects(
      parseRequestLine('put k v --lease=zz', sink()),
      128,
      'bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex',
    );
    await rejects(parseRequestLine('get k --order=up', sink()), 4, 'bad sort order up');
    await rejects(
      parseRequestLine('del a b c', sink()),
      128,
      'del command needs one argument as key and an optional argument as range_end',
    );
    const empty: RequestIo = { ...sink(), readRest: async () => Buffer.alloc(0) };
    await rejects(
      parseRequestLine('put k', empty),
      128,
      'put command needs 1 argument and input from stdin or 2 arguments',
    );
  });

  test("a flag error prints cobra's default usage of the sub-command on stderr (docs/etcdctl-behaviour.md §6.4)", async () => {
    const io = sink();
    await rejects(parseRequestLine('put --foo a b', io), 3, 'invalid txn request: put --foo a b');
    assert.equal(
      io.err,
      'Usage:\n' +
        '   put [options] <key> <value> (<value> can also be given from stdin) [flags]\n' +
        '\n' +
        'Flags:\n' +
        '  -h, --help           help for put\n' +
        '      --ignore-lease   updates the key using its current lease\n' +
        '      --ignore-value   updates the key using its current value\n' +
        '      --lease string   lease ID (in hexadecimal) to attach to the key (default "0")\n' +
        '      --prev-kv        return the previous key-value pair before modification\n' +
        '\n',
    );
    const root = sink();
    await rejects(parseRequestLine('--foo bar', root), 3, 'invalid txn request: --foo bar');
    assert.match(root.err, /^Usage:\n {3}\[command\]\n\nAvailable Commands:\n {2}completion {2}Generate/);
  });

  test('-h: the help etcdctl prints before it hangs, then an error instead of the hang', async () => {
    const io = sink();
    await rejects(parseRequestLine('del -h k', io), 3, 'invalid txn request: del -h k');
    assert.ok(
      io.out.startsWith(
        'Removes the specified key or range of keys [key, range_end)\n\nUsage:\n   del [options] <key> [range_end] [flags]\n',
      ),
      io.out,
    );
    const put = sink();
    await rejects(parseRequestLine('put --help k v', put), 3, 'invalid txn request: put --help k v');
    assert.ok(put.out.startsWith('\nPuts the given key into the store.\n'), put.out);
  });
});

describe('stdin as etcdctl reads it', () => {
  test('lines, then the rest of the descriptor beyond the 4096-byte buffer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'txn-reader-'));
    try {
      const file = path.join(dir, 'in');
      fs.writeFileSync(file, `a\n\nput k\n${'x'.repeat(5000)}`);
      const fd = fs.openSync(file, 'r');
      try {
        const r = new GoLineReader(fd);
        assert.equal((await r.readLine()).toString(), 'a\n');
        assert.equal((await r.readLine()).toString(), '\n');
        assert.equal((await r.readLine()).toString(), 'put k\n');
        // the buffer holds the first 4096 bytes; the rest is still on the descriptor
        assert.equal((await r.readRest()).length, 5000 + 9 - 4096);
        await assert.rejects(r.readLine(), /^Error: EOF$/);
      } finally {
        fs.closeSync(fd);
      }
      fs.writeFileSync(file, `${'y'.repeat(9000)}\nend`);
      const fd2 = fs.openSync(file, 'r');
      try {
        const r = new GoLineReader(fd2);
        assert.equal((await r.readLine()).length, 9001); // longer than the buffer: collected
        await assert.rejects(r.readLine(), /EOF/); // a last line without '\n' is EOF
      } finally {
        fs.closeSync(fd2);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compaction argument', () => {
  test('exactly one base-10 revision', () => {
    assert.deepEqual(parseCompactionArgs(['42'], true), { revision: 42n, physical: true });
    fails(() => parseCompactionArgs([], false), 128, 'compaction command needs 1 argument');
    fails(() => parseCompactionArgs(['1', '2'], false), 128, 'compaction command needs 1 argument');
    fails(() => parseCompactionArgs(['abc'], false), 1, 'strconv.ParseInt: parsing "abc": invalid syntax');
    fails(() => parseCompactionArgs(['0x10'], false), 1, 'strconv.ParseInt: parsing "0x10": invalid syntax');
    fails(
      () => parseCompactionArgs(['99999999999999999999'], false),
      1,
      'strconv.ParseInt: parsing "99999999999999999999": value out of range',
    );
  });
});
