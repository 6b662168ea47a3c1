// -w raw with --separator (extension, issue 11 item 3) against a real etcd: the exact bytes of
// values (--print-value-only) or keys (--keys-only), each followed by the separator only when
// one is given; a binary round trip `put k < file` / `get -w raw --print-value-only k > file2`
// over all 256 byte values; watch writes the values of PUT events; bad input is refused with
// exit 128 (flags) or 4 (a command without raw) and nothing written.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useCluster } from '../support/use-cluster';
import { cleanEnv, ours, oursBin, real, type RunResult } from '../support/run';
import { startOurs } from '../support/watch-proc';
import { gatewayPut } from '../support/gateway';

const rig = useCluster({ scratch: 'etcdctl-ts-raw-' });

const run = (args: string[], opts: { env?: Record<string, string>; stdinPath?: string } = {}): Promise<RunResult> =>
  ours(args, { env: { ...rig.env, ...opts.env }, stdinPath: opts.stdinPath, timeoutMs: 120_000 });

/** Runs our CLI with stdout written to the file `outPath` (as `> file` does); resolves with status and stderr. */
function runToFile(args: string[], outPath: string): Promise<{ code: number | null; err: string }> {
  const fd = fs.openSync(outPath, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(oursBin(), args, { env: cleanEnv(rig.env), stdio: ['ignore', fd, 'pipe'] });
    fs.closeSync(fd);
    let err = '';
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, err }));
  });
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('get -w raw: binary round trip', () => {
  test('put k < file, then get -w raw --print-value-only k > file2: the same 256 bytes', async () => {
    const file = path.join(rig.dir, 'all-bytes');
    const file2 = path.join(rig.dir, 'all-bytes.out');
    fs.writeFileSync(file, ALL_BYTES);
    const put = await run(['put', 'bin/all'], { stdinPath: file });
    assert.deepEqual([put.code, put.out, put.err], [0, 'OK\n', '']);
    const get = await runToFile(['get', '-w', 'raw', '--print-value-only', 'bin/all'], file2);
    assert.deepEqual(get, { code: 0, err: '' });
    assert.deepEqual(fs.readFileSync(file2), ALL_BYTES);
    // the simple format adds its newline; raw adds nothing
    const simple = await run(['get', '--print-value-only', 'bin/all']);
    assert.deepEqual(simple.stdout, Buffer.concat([ALL_BYTES, Buffer.from('\n')]));
  });

  test('a 512 KiB value of every byte pattern, and a value of only newlines', async () => {
    const big = Buffer.alloc(512 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919 + (i >> 8)) & 0xff;
    for (const [name, bytes] of [
      ['big', big],
      ['newlines', Buffer.from('\n\n\n')],
    ] as const) {
      const file = path.join(rig.dir, name);
      fs.writeFileSync(file, bytes);
      assert.equal((await run(['put', `bin/${name}`], { stdinPath: file })).code, 0);
      const r = await run(['get', `bin/${name}`, '-w', 'raw', '--print-value-only']);
      assert.equal(r.code, 0, r.err);
      assert.ok(r.stdout.equals(bytes), `${name}: ${r.stdout.length} bytes back of ${bytes.length}`);
    }
  });
});

describe('get -w raw: values or keys, and the separator', () => {
  before(async () => {
    await gatewayPut(rig.cluster.endpoints[0], [
      { key: 'r/a', value: 'one' },
      { key: 'r/b', value: '' },
      { key: 'r/c', value: Buffer.from([0x00, 0xff, 0x0a]) },
      { key: Buffer.from([0x72, 0x2f, 0xfe]), value: 'bad-key' },
    ]);
  });

  const values = ['one', '', '\x00\xff\x0a', 'bad-key'].map((v) => Buffer.from(v, 'latin1'));
  const keys = [Buffer.from('r/a'), Buffer.from('r/b'), Buffer.from('r/c'), Buffer.from([0x72, 0x2f, 0xfe])];
  const joined = (items: Buffer[], sep: string) => Buffer.concat(items.flatMap((b) => [b, Buffer.from(sep, 'latin1')]));

  const cases: [string, string[], Buffer][] = [
    ['values, no separator', ['--print-value-only'], joined(values, '')],
    ['values, \\n', ['--print-value-only', '--separator=\\n'], joined(values, '\n')],
    ['values, \\0', ['--print-value-only', '--separator', '\\0'], joined(values, '\0')],
    ['values, \\t and text', ['--print-value-only', '--separator=<\\t>'], joined(values, '<\t>')],
    ['values, \\\\', ['--print-value-only', '--separator=\\\\'], joined(values, '\\')],
    ['keys, no separator', ['--keys-only'], joined(keys, '')],
    ['keys, \\0', ['--keys-only', '--separator=\\0'], joined(keys, '\0')],
  ];
  for (const [name, flags, expected] of cases) {
    test(name, async () => {
      for (const range of [
        ['r/', '--prefix'],
        ['r/a', 'r0'],
        ['r/', '--prefix', '--limit=10'],
      ]) {
        const r = await run(['get', ...range, '-w', 'raw', ...flags]);
        assert.equal(r.code, 0, r.err);
        assert.equal(r.err, '');
        assert.ok(r.stdout.equals(expected), `${range.join(' ')}: ${JSON.stringify(r.stdout.toString('latin1'))}`);
      }
    });
  }

  test('--limit and --order apply as to any get', async () => {
    const r = await run(['get', 'r/', '--prefix', '--order=DESCEND', '--limit=2', '-w', 'raw', '--keys-only']);
    assert.ok(r.stdout.equals(Buffer.concat([keys[3], keys[2]])));
  });

  test('ETCDCTL_WRITE_OUT=raw selects it too; --hex does not apply', async () => {
    const r = await run(['get', 'r/c', '--print-value-only'], { env: { ETCDCTL_WRITE_OUT: 'raw' } });
    assert.ok(r.stdout.equals(values[2]));
    const hex = await run(['--hex', 'get', 'r/c', '-w', 'raw', '--print-value-only']);
    assert.ok(hex.stdout.equals(values[2]));
  });

  test('no match: no bytes at all', async () => {
    const r = await run(['get', 'none/', '--prefix', '-w', 'raw', '--print-value-only', '--separator=\\n']);
    assert.deepEqual([r.code, r.stdout.length, r.err], [0, 0, '']);
  });
});

describe('get -w raw over several pages', () => {
  const N = 25_000; // two pages
  before(async () => {
    await gatewayPut(
      rig.cluster.endpoints[0],
      Array.from({ length: N }, (_, i) => ({ key: `many/${String(i).padStart(5, '0')}`, value: `v${i}\x00` })),
    );
  });

  test("values with \\n are the bytes of etcdctl's simple --print-value-only", { timeout: 120_000 }, async () => {
    const ep = `--endpoints=${rig.cluster.endpoints[0]}`;
    const r = await run(['get', 'many/', '--prefix', '-w', 'raw', '--print-value-only', '--separator=\\n']);
    const e = await real('3.4', [ep, 'get', 'many/', '--prefix', '--print-value-only'], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.err);
    assert.equal(e.code, 0, e.err);
    assert.ok(r.stdout.length > 100_000);
    assert.ok(r.stdout.equals(e.stdout), `${r.stdout.length} vs ${e.stdout.length} bytes`);
  });
});

describe('watch -w raw', () => {
  test(
    'the values of PUT events, each followed by the separator; DELETE writes nothing',
    { timeout: 60_000 },
    async () => {
      const file = path.join(rig.dir, 'w-bytes');
      fs.writeFileSync(file, ALL_BYTES);
      assert.equal((await run(['put', 'wr/a', 'first'])).code, 0);
      const start = BigInt(JSON.parse((await run(['get', 'wr/a', '-w', 'json'])).out).kvs[0].mod_revision);
      assert.equal((await run(['put', 'wr/b'], { stdinPath: file })).code, 0);
      assert.equal((await run(['del', 'wr/a'])).code, 0);
      assert.equal((await run(['put', 'wr/c', ''])).code, 0);
      assert.equal((await run(['put', 'wr/d', 'last'])).code, 0);
      const expected = (sep: string) =>
        Buffer.concat(['first', ALL_BYTES, '', 'last'].flatMap((v) => [Buffer.from(v), Buffer.from(sep)]));
      for (const [flags, sep] of [
        [['--separator=\\0'], '\0'],
        [[], ''],
      ] as const) {
        const w = startOurs(['watch', 'wr/', '--prefix', `--rev=${start}`, '--prev-kv', '-w', 'raw', ...flags], {
          env: rig.env,
        });
        try {
          await w.waitFor(() => w.stdout().length >= expected(sep).length, 15_000, 'the four values');
        } finally {
          await w.stop();
        }
        assert.ok(w.stdout().equals(expected(sep)), JSON.stringify(w.stdout().toString('latin1')));
        assert.equal(w.err(), '');
      }
    },
  );
});

describe('bad input', () => {
  const cases: [string, string[], number, string][] = [
    [
      'unknown escape',
      ['get', 'r/a', '-w', 'raw', '--print-value-only', '--separator=\\x'],
      128,
      'Error: --separator: unknown escape \\x (known: \\n \\t \\0 \\\\)\n',
    ],
    [
      '\\r is not an escape',
      ['get', 'r/a', '-w', 'raw', '--keys-only', '--separator=a\\r'],
      128,
      'Error: --separator: unknown escape \\r (known: \\n \\t \\0 \\\\)\n',
    ],
    [
      'a lone trailing backslash',
      ['get', 'r/a', '-w', 'raw', '--print-value-only', '--separator=x\\'],
      128,
      'Error: --separator ends with a lone \\ (write \\\\ for a backslash)\n',
    ],
    [
      'watch: unknown escape',
      ['watch', 'r/a', '-w', 'raw', '--separator=\\q'],
      128,
      'Error: --separator: unknown escape \\q (known: \\n \\t \\0 \\\\)\n',
    ],
    [
      '--separator without -w raw',
      ['get', 'r/a', '--print-value-only', '--separator=,'],
      128,
      'Error: --separator is only for `--write-out=raw`\n',
    ],
    [
      '--separator with jsonl',
      ['get', 'r/a', '-w', 'jsonl', '--separator=,'],
      128,
      'Error: --separator is only for `--write-out=raw`\n',
    ],
    [
      'watch --separator without -w raw',
      ['watch', 'r/a', '--separator=,'],
      128,
      'Error: --separator is only for `--write-out=raw`\n',
    ],
    [
      '-w raw needs values or keys',
      ['get', 'r/a', '-w', 'raw'],
      128,
      'Error: `--write-out=raw` needs `--print-value-only` (values) or `--keys-only` (keys)\n',
    ],
    [
      '-w raw: values or keys, not both',
      ['get', 'r/a', '-w', 'raw', '--keys-only', '--print-value-only'],
      128,
      'Error: `--print-value-only` and `--keys-only` cannot be set at the same time with `--write-out=raw`, choose one\n',
    ],
    [
      '-w raw: no count',
      ['get', 'r/a', '-w', 'raw', '--count-only'],
      128,
      'Error: --count-only is only for `--write-out=fields` and `--write-out=jsonl`\n',
    ],
    [
      'watch -w raw: no timestamps',
      ['watch', 'r/a', '-w', 'raw', '--timestamps'],
      128,
      'Error: --timestamps is not for `--write-out=raw`\n',
    ],
    [
      'put -w raw',
      ['put', 'raw/refused', 'v', '-w', 'raw'],
      4,
      'Error: raw not supported as output format of "put" (an extension format of get, watch)\n',
    ],
    [
      'lease list -w raw',
      ['lease', 'list', '-w', 'raw'],
      4,
      'Error: raw not supported as output format of "lease list" (an extension format of get, watch)\n',
    ],
    [
      'member list -w raw',
      ['member', 'list', '-w', 'raw'],
      4,
      'Error: raw not supported as output format of "member list" (an extension format of get, watch)\n',
    ],
  ];
  for (const [name, args, code, err] of cases) {
    test(`${name}: exit ${code}`, async () => {
      const r = await run(args);
      assert.deepEqual([r.code, r.out, r.err], [code, '', err]);
    });
  }

  test('put -w raw wrote nothing; ETCDCTL_WRITE_OUT=raw refuses the same way', async () => {
    const r = await run(['put', 'raw/refused', 'v'], { env: { ETCDCTL_WRITE_OUT: 'raw' } });
    assert.equal(r.code, 4);
    const count = await run(['get', 'raw/', '--prefix', '--count-only', '-w', 'fields']);
    assert.match(count.out, /"Count" : 0\n/);
  });

  test("etcdctl's own check keeps its text for etcdctl's formats", async () => {
    const r = await run(['get', 'r/a', '-w', 'json', '--print-value-only']);
    assert.deepEqual([r.code, r.err], [128, 'Error: print-value-only is only for `--write-out=simple`\n']);
  });
});
