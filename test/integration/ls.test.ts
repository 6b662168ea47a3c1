// ls and tree (extension commands) against a real etcd: the listings, and what they cost.
// The range count is read from --debug, which prints one line per Range RPC the walk
// sends: 100,000 keys under 10 children take 11 keys-only ranges (one per child, whose
// subtree is then jumped over, plus the last one), all at the revision of the first.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/use-cluster';
import { ours, real, type RunResult } from '../support/run';
import { cobraOnce } from '../support/diff';
import { gatewayPut } from '../support/gateway';

const SMALL = ['/s/a/1', '/s/a/2', '/s/a/deep/x', '/s/b', '/s/b/1', '/s/c', 'top', '/s/a/deep/y'];

/** 10 children of /big/ with 10,000 keys each (10 sub-directories of 1,000), and one plain key. */
function bigKeys(): string[] {
  const keys = ['/big/readme'];
  for (let c = 0; c < 10; c++)
    for (let k = 0; k < 10_000; k++) keys.push(`/big/c${c}/sub${k % 10}/key${String(k).padStart(5, '0')}`);
  return keys;
}

const rig = useCluster({
  setup: async ({ cluster }) => {
    await gatewayPut(
      cluster.endpoints[0],
      [...SMALL, ...bigKeys()].map((key) => ({ key, value: 'v' })),
    );
  },
});

const run = (args: string[]): Promise<RunResult> => ours(args, { env: rig.env, timeoutMs: 120_000 });

/** The --debug lines of the walk: [key, range_end, limit, rev, keys returned, count]. */
function ranges(r: RunResult, name: string): { key: string; rev: bigint; keys: number; count: number }[] {
  return [
    ...r.err.matchAll(
      new RegExp(
        `^${name}: range \\d+ key=("[^"]*") range_end="[^"]*" limit=\\d+ rev=(\\d+): (\\d+) keys, count (\\d+)`,
        'gm',
      ),
    ),
  ].map((m) => ({
    key: JSON.parse(m[1]) as string,
    rev: BigInt(m[2]),
    keys: Number(m[3]),
    count: Number(m[4]),
  }));
}

describe('ls', () => {
  test('the next level under a prefix, with key counts (a trailing / is added)', async () => {
    const r = await run(['ls', '/s']);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.equal(r.out, '/s/a/  4\n/s/b   1\n/s/b/  1\n/s/c   1\n');
  });

  test('--depth 2, --depth 0 (every key), the whole keyspace, an empty prefix', async () => {
    assert.equal(
      (await run(['ls', '/s/', '--depth', '2'])).out,
      '/s/a/1      1\n/s/a/2      1\n/s/a/deep/  2\n/s/b        1\n/s/b/1      1\n/s/c        1\n',
    );
    assert.equal(
      (await run(['ls', '/s/a', '--depth=0'])).out,
      '/s/a/1       1\n/s/a/2       1\n/s/a/deep/x  1\n/s/a/deep/y  1\n',
    );
    assert.equal((await run(['ls'])).out, `/    ${SMALL.length - 1 + 100_001}\ntop  1\n`);
    const none = await run(['ls', '/nothing/here']);
    assert.equal(none.code, 0);
    assert.equal(none.out, '');
  });

  test('--delimiter', async () => {
    // a prefix that ends with the delimiter is taken as it is
    assert.equal((await run(['ls', '/s/a/de', '--delimiter', 'e'])).out, '/s/a/dee  2\n');
    // one without it gets it: /s/a + e
    assert.equal((await run(['ls', '/s/a', '--delimiter', 'e'])).out, '');
  });

  test('-w json: base64 keys (etcd JSON), the revision read', async () => {
    const r = await run(['ls', '/s/a', '-w', 'json']);
    const j = JSON.parse(r.out) as {
      revision: number;
      prefix: string;
      entries: { key: string; dir: boolean; count: number }[];
    };
    assert.equal(Buffer.from(j.prefix, 'base64').toString(), '/s/a/');
    assert.deepEqual(
      j.entries.map((e) => [Buffer.from(e.key, 'base64').toString(), e.dir, e.count]),
      [
        ['/s/a/1', false, 1],
        ['/s/a/2', false, 1],
        ['/s/a/deep/', true, 2],
      ],
    );
    assert.ok(j.revision > 0);
  });

  test('100,000 keys under 10 children: 11 keys-only ranges at one revision, exact counts', async () => {
    const r = await run(['ls', '/big', '--debug']);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      [...Array.from({ length: 10 }, (_, c) => `/big/c${c}/     10000\n`), '/big/readme  1\n'].join(''),
    );
    const rs = ranges(r, 'ls');
    assert.equal(rs.length, 11, r.err);
    // the first range starts at the prefix, each next one past the previous child's subtree
    assert.deepEqual(
      rs.map((x) => x.key),
      ['/big/', ...Array.from({ length: 10 }, (_, c) => `/big/c${c}0`)],
    );
    assert.equal(rs[0].rev, 0n);
    const rev = (
      JSON.parse((await run(['get', '/big/readme', '-w', 'json'])).out) as { kvs: { mod_revision: number }[] }
    ).kvs[0].mod_revision;
    for (const x of rs.slice(1))
      assert.ok(x.rev >= BigInt(rev) && x.rev === rs[1].rev, 'pinned to the revision of the first range');
    assert.ok(rs.reduce((n, x) => n + x.keys, 0) <= 11 * 16, 'keys transferred: at most one small page per child');
  });

  test('bad arguments', async () => {
    const two = await run(['ls', 'a', 'b']);
    assert.equal(two.code, 128);
    assert.equal(two.err, 'Error: ls takes at most one argument (a key prefix)\n');
    const table = await run(['ls', '-w', 'table']);
    assert.equal(table.code, 4);
    assert.equal(table.err, 'Error: ls prints -w simple or -w json, not "table"\n');
    const delim = await run(['ls', '--delimiter=']);
    assert.equal(delim.code, 128);
    const depth = await run(['ls', '--depth=-1']);
    assert.equal(depth.code, 128);
    assert.equal(depth.err, 'Error: --depth must be 0 (no limit) or more, not -1\n');
  });
});

describe('tree', () => {
  test('every level, directories with their key counts', async () => {
    const r = await run(['tree', '/s']);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      [
        '/s/ (7 keys)',
        '├── a/ (4)',
        '│   ├── 1',
        '│   ├── 2',
        '│   └── deep/ (2)',
        '│       ├── x',
        '│       └── y',
        '├── b',
        '├── b/ (1)',
        '│   └── 1',
        '└── c',
        '',
      ].join('\n'),
    );
  });

  test('--depth 2 over 100,000 keys: one range per sub-directory, not per key', async () => {
    const r = await run(['tree', '/big', '--depth', '2', '--debug']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      '/big/ (100001 keys)',
      '├── c0/ (10000)',
      '│   ├── sub0/ (1000)',
      '│   ├── sub1/ (1000)',
    ]);
    assert.equal(lines.length, 1 + 10 + 100 + 1 + 1);
    assert.equal(lines[lines.length - 2], '└── readme');
    assert.equal(ranges(r, 'tree').length, 101);
  });
});

describe('extensions stay out of etcdctl texts', () => {
  test('an unknown word is never completed to or suggested as ls/tree (same text as etcdctl 3.5.30)', async () => {
    for (const word of ['tre', 'l', 'tr', 'lss']) {
      const o = await run([word]);
      const r = await real('3.5', [word]);
      assert.equal(o.code, r.code, word);
      assert.equal(o.err, cobraOnce({ out: Buffer.from(r.out), err: r.err, code: r.code }).err, word);
    }
  });
});
