// Guard rails (extension flags) against a real etcd: put --if-absent / --if-mod-rev,
// del --if-mod-rev, del --dry-run, get --require-match. A failed guard exits 10 and
// writes nothing; a passed guard prints exactly what plain put/del print.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/use-cluster';
import { ours, type RunResult } from '../support/run';

const rig = useCluster();

const run = (args: string[], input?: string): Promise<RunResult> => ours(args, { env: rig.env, input });

/** The whole keyspace with revisions, as JSON (store revision dropped from the header). */
async function keyspace(): Promise<unknown> {
  const r = await run(['get', '', '--from-key', '-w', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { kvs?: unknown[] };
  return j.kvs ?? [];
}

async function modRev(key: string): Promise<bigint> {
  const r = await run(['get', key, '-w', 'json']);
  const j = JSON.parse(r.out) as { kvs?: { mod_revision: number }[] };
  return BigInt(j.kvs?.[0]?.mod_revision ?? 0);
}

async function storeRev(): Promise<bigint> {
  const r = await run(['get', 'x', '-w', 'json']);
  return BigInt((JSON.parse(r.out) as { header: { revision: number } }).header.revision);
}

/** Output with the header's revision and raft term blanked, to compare two writes. */
const shape = (s: string): string =>
  s
    .replace(/"revision":\d+/g, '"revision":R')
    .replace(/"Revision" : \d+/g, '"Revision" : R')
    .replace(/\| +\d+ \| +\d+ \|\n/g, '| R | T |\n');

describe('put --if-absent', () => {
  test('writes an absent key, prints what put prints', async () => {
    for (const w of ['simple', 'json', 'fields', 'protobuf', 'table']) {
      const a = await run(['put', `absent-${w}`, 'v', '-w', w, '--if-absent']);
      const b = await run(['put', `plain-${w}`, 'v', '-w', w]);
      assert.equal(a.code, b.code, w);
      assert.equal(a.err, b.err, w);
      if (w === 'protobuf') assert.equal(a.stdout.length, b.stdout.length, w);
      else assert.equal(shape(a.out), shape(b.out), w);
    }
  });

  test('refuses a present key: exit 10, names mod and store revisions, writes nothing', async () => {
    await run(['put', 'present', 'old']);
    const mod = await modRev('present');
    const before = await keyspace();
    const rev = await storeRev();
    const r = await run(['put', 'present', 'new', '--if-absent']);
    assert.equal(r.code, 10);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `Error: guard failed: "present" has mod revision ${mod}, expected it absent (store revision ${rev})\n`,
    );
    assert.deepEqual(await keyspace(), before);
    assert.equal(await storeRev(), rev);
  });
});

describe('put --if-mod-rev', () => {
  test('writes when the mod revision matches, with --prev-kv output as put prints it', async () => {
    await run(['put', 'cas', 'v1']);
    const mod = await modRev('cas');
    const r = await run(['put', 'cas', 'v2', '--prev-kv', `--if-mod-rev=${mod}`]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'OK\ncas\nv1\n');
    assert.equal((await run(['get', 'cas', '--print-value-only'])).out, 'v2\n');
  });

  test('a stale mod revision fails with exit 10 and writes nothing', async () => {
    const mod = await modRev('cas');
    const before = await keyspace();
    const rev = await storeRev();
    const r = await run(['put', 'cas', 'v3', '--if-mod-rev', String(mod - 1n)]);
    assert.equal(r.code, 10);
    assert.equal(
      r.err,
      `Error: guard failed: "cas" has mod revision ${mod}, expected mod revision ${mod - 1n} (store revision ${rev})\n`,
    );
    assert.deepEqual(await keyspace(), before);
  });

  test('0 means absent; a missing key is named as such', async () => {
    const rev = await storeRev();
    const r = await run(['put', 'nokey', 'v', '--if-mod-rev', '5']);
    assert.equal(r.code, 10);
    assert.equal(
      r.err,
      `Error: guard failed: "nokey" does not exist, expected mod revision 5 (store revision ${rev})\n`,
    );
    assert.equal((await run(['put', 'nokey', 'v', '--if-mod-rev', '0'])).code, 0);
  });

  test('value from stdin works with a guard', async () => {
    const r = await run(['put', 'stdin-key', '--if-absent'], 'from stdin');
    assert.equal(r.code, 0, r.err);
    assert.equal((await run(['get', 'stdin-key', '--print-value-only'])).out, 'from stdin\n');
  });

  test('invalid combinations are bad arguments (exit 128)', async () => {
    const r1 = await run(['put', 'k', 'v', '--if-absent', '--if-mod-rev', '3']);
    assert.equal(r1.code, 128);
    assert.match(r1.err, /--if-absent.*--if-mod-rev.*cannot be set at the same time/);
    const r2 = await run(['put', 'k', 'v', '--if-mod-rev', '-2']);
    assert.equal(r2.code, 128);
    assert.match(r2.err, /--if-mod-rev must be >= 0/);
    assert.equal((await run(['get', 'k'])).out, '');
  });
});

describe('del --if-mod-rev', () => {
  test('deletes when the mod revision matches, output as del prints it', async () => {
    await run(['put', 'd1', 'x']);
    const mod = await modRev('d1');
    const r = await run(['del', 'd1', '--prev-kv', '--if-mod-rev', String(mod)]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '1\nd1\nx\n');
    assert.equal((await run(['get', 'd1'])).out, '');
  });

  test('a stale mod revision fails with exit 10 and deletes nothing', async () => {
    await run(['put', 'd2', 'x']);
    await run(['put', 'd2', 'y']);
    const mod = await modRev('d2');
    const before = await keyspace();
    const r = await run(['del', 'd2', '--if-mod-rev', String(mod - 1n), '-w', 'json']);
    assert.equal(r.code, 10);
    assert.equal(r.out, '');
    assert.match(
      r.err,
      new RegExp(
        `^Error: guard failed: "d2" has mod revision ${mod}, expected mod revision ${mod - 1n} \\(store revision \\d+\\)\\n$`,
      ),
    );
    assert.deepEqual(await keyspace(), before);
  });

  test('refused with --prefix, --from-key, a range_end or --dry-run (exit 128)', async () => {
    for (const extra of [['--prefix'], ['--from-key'], ['z', '--range'], ['--dry-run']]) {
      const r = await run(['del', 'd2', ...extra, '--if-mod-rev', '1']);
      assert.equal(r.code, 128, extra.join(' '));
      assert.match(r.err, /^Error: `--if-mod-rev`/);
    }
    assert.equal((await run(['get', 'd2', '--print-value-only'])).out, 'y\n');
  });
});

describe('del --dry-run', () => {
  test('prints the would-be response with prev_kvs and a stderr note; deletes nothing', async () => {
    await run(['put', 'dry/a', '1']);
    await run(['put', 'dry/b', '2']);
    const before = await keyspace();
    const rev = await storeRev();
    const r = await run(['del', 'dry/', '--prefix', '--dry-run']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '2\ndry/a\n1\ndry/b\n2\n');
    assert.equal(r.err, `dry run: 2 key(s) would be deleted at revision ${rev}; nothing was deleted\n`);
    assert.deepEqual(await keyspace(), before);
    const j = await run(['del', 'dry/', '--prefix', '--dry-run', '-w', 'json']);
    const parsed = JSON.parse(j.out) as { deleted: number; prev_kvs: { key: string }[] };
    assert.equal(parsed.deleted, 2);
    assert.deepEqual(
      parsed.prev_kvs.map((kv) => Buffer.from(kv.key, 'base64').toString()),
      ['dry/a', 'dry/b'],
    );
    // The real del then prints the same count and pairs.
    const real = await run(['del', 'dry/', '--prefix', '--prev-kv']);
    assert.equal(real.out, r.out);
  });

  test('a range with no keys prints 0', async () => {
    const r = await run(['del', 'nothing-here', '--dry-run']);
    assert.equal(r.code, 0);
    assert.equal(r.out, '0\n');
  });
});

describe('get --require-match', () => {
  test('a match: output and exit as plain get', async () => {
    await run(['put', 'rm/k', 'v']);
    const a = await run(['get', 'rm/', '--prefix', '--require-match']);
    assert.equal(a.code, 0);
    assert.equal(a.out, 'rm/k\nv\n');
    assert.equal(a.err, '');
  });

  test('no match: output printed as usual, exit 11, stderr names the key or range', async () => {
    const cases: [string[], string][] = [
      [['get', 'none'], 'no key "none"'],
      [['get', 'none/', '--prefix'], 'no keys in ["none/", "none0")'],
      [['get', 'zzzz', '--from-key'], 'no keys >= "zzzz"'],
      [['get', 'a1', 'a2'], 'no keys in ["a1", "a2")'],
    ];
    for (const [args, what] of cases) {
      const plain = await run(args);
      const r = await run([...args, '--require-match']);
      assert.equal(r.code, 11, args.join(' '));
      assert.equal(r.out, plain.out);
      assert.equal(r.err, `Error: no match: ${what}\n`);
    }
    const j = await run(['get', 'none', '-w', 'json', '--require-match']);
    assert.equal(j.code, 11);
    assert.match(j.out, /^\{"header":/);
    const c = await run(['get', 'none', '-w', 'fields', '--count-only', '--require-match']);
    assert.equal(c.code, 11);
    assert.match(c.out, /"Count" : 0/);
  });
});
