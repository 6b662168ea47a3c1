// -w jsonl (extension, issue 11 item 2) against a real etcd: every line of every command parses
// as one JSON object whose fields match what etcd holds (cross-checked with the same command's
// -w json), keys and values that are not UTF-8 come as base64 with their *_encoding field, and
// a command that does not print jsonl refuses it (exit 4) before doing anything. Page-by-page
// writing of a large range: jsonl-stream.test.ts.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/use-cluster';
import { ours, type RunResult } from '../support/run';
import { startOurs } from '../support/watch-proc';
import { gatewayPut } from '../support/gateway';
import { jsonLines as lines, jsonlBytesOf as bytesOf, type JsonObj as Obj } from '../support/jsonl';

const rig = useCluster();

const run = (
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<RunResult> => ours(args, { env: { ...rig.env, ...opts.env }, input: opts.input, timeoutMs: 120_000 });

const BAD_UTF8_KEY = Buffer.from([0x6a, 0x2f, 0xff, 0xfe]); // "j/" then two bytes no UTF-8 text has
const BAD_UTF8_VALUE = Buffer.from([0xc3, 0x28, 0x00, 0x80]);

describe('get -w jsonl', () => {
  let lease = '';
  before(async () => {
    const g = await run(['lease', 'grant', '600']);
    lease = /lease ([0-9a-f]+) granted/.exec(g.out)?.[1] ?? '';
    assert.notEqual(lease, '', g.out + g.err);
    assert.equal((await run(['put', 'j/a', 'plain'])).code, 0);
    assert.equal((await run(['put', 'j/b', 'héllo "quoted"\n'])).code, 0);
    assert.equal((await run(['put', 'j/b', 'second version'])).code, 0);
    assert.equal((await run(['put', 'j/c', '', '--lease', lease])).code, 0);
    await gatewayPut(rig.cluster.endpoints[0], [
      { key: BAD_UTF8_KEY, value: 'x' },
      { key: 'j/d', value: BAD_UTF8_VALUE },
    ]);
  });

  test('a line per key, fields as etcd holds them (checked against -w json)', async () => {
    const got = lines(await run(['get', 'j/', '--prefix', '-w', 'jsonl']));
    const json = JSON.parse((await run(['get', 'j/', '--prefix', '-w', 'json'])).out) as { kvs: Obj[] };
    assert.equal(got.length, 5);
    assert.equal(got.length, json.kvs.length);
    got.forEach((o, i) => {
      const k = json.kvs[i];
      assert.deepEqual(bytesOf(o, 'key'), Buffer.from(k.key as string, 'base64'));
      assert.deepEqual(bytesOf(o, 'value'), Buffer.from((k.value as string | undefined) ?? '', 'base64'));
      assert.equal(o.create_revision, k.create_revision);
      assert.equal(o.mod_revision, k.mod_revision);
      assert.equal(o.version, k.version);
      // (-w json's lease is an int64 a JSON double may not hold exactly: its hex is checked below)
      assert.equal(o.lease === null, k.lease === undefined);
    });
    const byKey = new Map(got.map((o) => [bytesOf(o, 'key').toString('latin1'), o]));
    assert.deepEqual(byKey.get('j/a'), {
      key: 'j/a',
      create_revision: got[0].create_revision,
      mod_revision: got[0].mod_revision,
      version: 1,
      value: 'plain',
      lease: null,
    });
    assert.equal(byKey.get('j/b')?.version, 2);
    assert.equal(byKey.get('j/c')?.lease, lease.padStart(16, '0'));
    assert.equal(byKey.get('j/c')?.value, '');
    const bad = byKey.get(BAD_UTF8_KEY.toString('latin1'));
    assert.equal(bad?.key_encoding, 'base64');
    assert.equal(bad?.value_encoding, undefined);
    assert.equal(byKey.get('j/d')?.value_encoding, 'base64');
    assert.deepEqual(bytesOf(byKey.get('j/d') as Obj, 'value'), BAD_UTF8_VALUE);
  });

  test('--keys-only leaves the value out; --count-only is one count line', async () => {
    const keys = lines(await run(['get', 'j/', '--prefix', '--keys-only', '-w', 'jsonl']));
    assert.equal(keys.length, 5);
    for (const o of keys) {
      assert.ok(!('value' in o) && !('value_encoding' in o), JSON.stringify(o));
      assert.equal(typeof o.mod_revision, 'number');
    }
    assert.deepEqual(lines(await run(['get', 'j/', '--prefix', '--count-only', '-w', 'jsonl'])), [{ count: 5 }]);
  });

  test('one key, a sorted or limited range (read in one request) and --rev', async () => {
    const one = lines(await run(['get', 'j/a', '-w', 'jsonl']));
    assert.deepEqual(
      one.map((o) => o.value),
      ['plain'],
    );
    const sorted = lines(await run(['get', 'j/', '--prefix', '--sort-by=MODIFY', '--order=DESCEND', '-w', 'jsonl']));
    const mods = sorted.map((o) => o.mod_revision as number);
    assert.deepEqual(
      mods,
      [...mods].sort((a, b) => b - a),
    );
    assert.equal(lines(await run(['get', 'j/', '--prefix', '--limit=2', '-w', 'jsonl'])).length, 2);
    const b = lines(await run(['get', 'j/b', '-w', 'jsonl']))[0];
    const old = lines(await run(['get', 'j/b', `--rev=${b.create_revision as number}`, '-w', 'jsonl']))[0];
    assert.equal(old.value, 'héllo "quoted"\n');
    assert.equal(old.version, 1);
  });

  test('no match: no output; with --require-match exit 11', async () => {
    const none = await run(['get', 'nothing/', '--prefix', '-w', 'jsonl']);
    assert.deepEqual([none.code, none.out, none.err], [0, '', '']);
    const req = await run(['get', 'nothing/', '--prefix', '-w', 'jsonl', '--require-match']);
    assert.equal(req.code, 11);
    assert.equal(req.out, '');
  });

  test('ETCDCTL_WRITE_OUT=jsonl and --write-out=jsonl select it too; the 3.7 line has it', async () => {
    const flag = await run(['get', 'j/a', '-w', 'jsonl']);
    for (const r of [
      await run(['get', 'j/a'], { env: { ETCDCTL_WRITE_OUT: 'jsonl' } }),
      await run(['get', 'j/a', '--write-out=jsonl']),
      await run(['get', 'j/a', '-w', 'jsonl'], { env: { ETCDCTLTS_COMPAT: '3.7' } }),
    ]) {
      assert.deepEqual([r.code, r.out, r.err], [0, flag.out, '']);
    }
  });

  test('print-value-only is not for jsonl (exit 128)', async () => {
    const r = await run(['get', 'j/a', '-w', 'jsonl', '--print-value-only']);
    assert.deepEqual(
      [r.code, r.out, r.err],
      [128, '', 'Error: print-value-only is only for `--write-out=simple` and `--write-out=raw`\n'],
    );
  });
});

describe('watch -w jsonl', () => {
  test(
    'a line per event: PUT, DELETE, --prev-kv, base64 for bytes that are not UTF-8',
    { timeout: 60_000 },
    async () => {
      assert.equal((await run(['put', 'wj/a', 'one'])).code, 0);
      const start = lines(await run(['get', 'wj/a', '-w', 'jsonl']))[0].mod_revision as number;
      assert.equal((await run(['put', 'wj/a', 'two'])).code, 0);
      assert.equal((await run(['del', 'wj/a'])).code, 0);
      await gatewayPut(rig.cluster.endpoints[0], [{ key: 'wj/b', value: BAD_UTF8_VALUE }]);
      const w = startOurs(['watch', 'wj/', '--prefix', `--rev=${start}`, '--prev-kv', '-w', 'jsonl'], { env: rig.env });
      try {
        await w.waitFor((out) => out.split('\n').length > 4, 15_000, 'four events');
      } finally {
        await w.stop();
      }
      const evs = lines({ code: 0, out: w.out(), err: w.err() });
      assert.deepEqual(
        evs.map((e) => [e.type, e.key, e.value]),
        [
          ['PUT', 'wj/a', 'one'],
          ['PUT', 'wj/a', 'two'],
          ['DELETE', 'wj/a', ''],
          ['PUT', 'wj/b', BAD_UTF8_VALUE.toString('base64')],
        ],
      );
      assert.equal(evs[0].mod_revision, start);
      assert.equal((evs[1].prev_kv as Obj).value, 'one');
      assert.equal((evs[2].prev_kv as Obj).value, 'two');
      assert.equal(evs[2].mod_revision, start + 2);
      assert.equal(evs[3].value_encoding, 'base64');
      assert.equal(w.err(), '');
    },
  );

  test('interactive: a progress notification is a PROGRESS line', { timeout: 60_000 }, async () => {
    const w = startOurs(['watch', '-i', '-w', 'jsonl'], { env: rig.env, stdin: true });
    try {
      w.write('watch wp/\n');
      w.write('progress\n');
      await w.waitFor((out) => out.includes('PROGRESS'), 15_000, 'the progress line');
    } finally {
      await w.stop();
    }
    const got = lines({ code: 0, out: w.out(), err: '' });
    assert.equal(got.length, 1);
    assert.equal(got[0].type, 'PROGRESS');
    assert.equal(typeof got[0].revision, 'number');
  });

  test('--timestamps has no place in jsonl (exit 128)', async () => {
    const r = await run(['watch', 'k', '-w', 'jsonl', '--timestamps']);
    assert.deepEqual([r.code, r.out, r.err], [128, '', 'Error: --timestamps is not for `--write-out=jsonl`\n']);
  });
});

describe('list commands -w jsonl', () => {
  // IDs are 64-bit: compared with the hex the simple format prints (a JSON double may not hold them).
  test('lease list: the IDs in hex, as the simple format lists them', async () => {
    const g = await run(['lease', 'grant', '300']);
    const id = /lease ([0-9a-f]+) granted/.exec(g.out)?.[1] ?? '';
    const got = lines(await run(['lease', 'list', '-w', 'jsonl']));
    const simple = (await run(['lease', 'list'])).out.split('\n').slice(1, -1);
    assert.deepEqual(
      got.map((o) => o.id),
      simple,
    );
    assert.ok(got.length >= 2, 'the leases of this file');
    assert.ok(simple.includes(id.padStart(16, '0')), `${id} listed`);
  });

  test('member list: fields as the simple format and -w json have them', async () => {
    const got = lines(await run(['member', 'list', '-w', 'jsonl']));
    const [id] = (await run(['member', 'list'])).out.split(', ');
    const json = JSON.parse((await run(['member', 'list', '-w', 'json'])).out) as { members: Obj[] };
    const m = json.members[0];
    assert.deepEqual(got, [
      { id, name: m.name, status: 'started', peer_urls: m.peerURLs, client_urls: m.clientURLs, is_learner: false },
    ]);
  });

  test('endpoint status: fields as the simple format and -w json have them', async () => {
    const got = lines(await run(['endpoint', 'status', '-w', 'jsonl']));
    const cols = (await run(['endpoint', 'status'])).out.split(', ');
    const [json] = JSON.parse((await run(['endpoint', 'status', '-w', 'json'])).out) as { Status: Obj }[];
    const s = json.Status;
    assert.equal(got.length, 1);
    assert.equal(got[0].endpoint, rig.cluster.endpoints[0]);
    assert.equal(got[0].id, cols[1]);
    assert.equal(got[0].leader, cols[1]);
    assert.equal(got[0].is_leader, true);
    assert.equal(got[0].is_learner, false);
    assert.equal(got[0].version, s.version);
    assert.equal(got[0].db_size, s.dbSize);
    assert.equal(got[0].raft_term, (s.header as Obj).raft_term);
    assert.equal(typeof got[0].raft_index, 'number');
    assert.equal(typeof got[0].revision, 'number');
    assert.deepEqual(got[0].errors, []);
  });

  test(
    'endpoint health: a line per endpoint, an unreachable one with its error (exit 1)',
    { timeout: 60_000 },
    async () => {
      const ok = lines(await run(['endpoint', 'health', '-w', 'jsonl']));
      assert.equal(ok.length, 1);
      assert.equal(ok[0].endpoint, rig.cluster.endpoints[0]);
      assert.equal(ok[0].health, true);
      assert.equal(ok[0].error, '');
      assert.match(ok[0].took as string, /^[\d.]+(ns|µs|ms|s)$/);
      const eps = `--endpoints=${rig.cluster.endpoints[0]},127.0.0.1:1`;
      const r = await ours([eps, 'endpoint', 'health', '-w', 'jsonl', '--command-timeout=1s', '--dial-timeout=1s'], {
        timeoutMs: 60_000,
      });
      assert.equal(r.code, 1);
      assert.equal(r.err, 'Error: unhealthy cluster\n');
      const both = lines({ ...r, code: 0 });
      assert.deepEqual(
        both.map((o) => [o.endpoint, o.health]),
        [
          [rig.cluster.endpoints[0], true],
          ['127.0.0.1:1', false],
        ],
      );
      assert.notEqual(both[1].error, '');
    },
  );

  test('user list and role list: a line per name', async () => {
    assert.equal((await run(['user', 'add', 'alice', '--new-user-password=pw'])).code, 0);
    assert.equal((await run(['user', 'add', 'bob "b"', '--new-user-password=pw'])).code, 0);
    assert.equal((await run(['role', 'add', 'readers'])).code, 0);
    assert.deepEqual(lines(await run(['user', 'list', '-w', 'jsonl'])), [{ name: 'alice' }, { name: 'bob "b"' }]);
    assert.deepEqual(lines(await run(['role', 'list', '-w', 'jsonl'])), [{ name: 'readers' }]);
  });
});

describe('commands without jsonl refuse it before doing anything', () => {
  const JSONL_TAKERS = 'endpoint health, endpoint status, get, lease list, member list, role list, user list, watch';

  test('put -w jsonl: exit 4, nothing written (flag, --write-out=, ETCDCTL_WRITE_OUT)', async () => {
    const text = `Error: jsonl not supported as output format of "put" (an extension format of ${JSONL_TAKERS})\n`;
    for (const r of [
      await run(['put', 'refused', 'v', '-w', 'jsonl']),
      await run(['put', 'refused', 'v', '--write-out=jsonl']),
      await run(['put', 'refused', 'v'], { env: { ETCDCTL_WRITE_OUT: 'jsonl' } }),
    ]) {
      assert.deepEqual([r.code, r.out, r.err], [4, '', text]);
    }
    assert.deepEqual(lines(await run(['get', 'refused', '-w', 'jsonl'])), []);
  });

  test('other commands, including those that never connect', async () => {
    const cases: [string, string[]][] = [
      ['del', ['del', 'j/a']],
      ['lease grant', ['lease', 'grant', '10']],
      ['member add', ['member', 'add', 'x', '--peer-urls=http://127.0.0.1:1']],
      ['endpoint hashkv', ['endpoint', 'hashkv']],
      ['alarm list', ['alarm', 'list']],
      ['version', ['version']],
      ['txn', ['txn']],
    ];
    for (const [path, args] of cases) {
      const r = await run([...args, '-w', 'jsonl']);
      const text = `Error: jsonl not supported as output format of "${path}" (an extension format of ${JSONL_TAKERS})\n`;
      assert.deepEqual([r.code, r.out, r.err], [4, '', text], path);
    }
    assert.equal((await run(['member', 'list'])).out.split('\n').length, 2, 'no member added');
    assert.equal(lines(await run(['get', 'j/a', '-w', 'jsonl'])).length, 1, 'j/a not deleted');
  });

  test("etcdctl's texts are unchanged: an unknown -w, -w table on get, the -w completions", async () => {
    const bogus = await run(['get', 'j/a', '-w', 'bogus']);
    assert.deepEqual([bogus.code, bogus.err], [4, 'Error: unsupported output format\n']);
    const upper = await run(['get', 'j/a', '-w', 'JSONL']);
    assert.deepEqual([upper.code, upper.err], [4, 'Error: unsupported output format\n']);
    const table = await run(['get', 'j/a', '-w', 'table']);
    assert.deepEqual([table.code, table.err], [4, 'Error: table not supported as output format\n']);
    const complete = await run(['__complete', 'get', '-w', '']);
    assert.equal(complete.code, 0);
    assert.doesNotMatch(complete.out, /jsonl|raw/);
    assert.match(complete.out, /^fields\n/);
  });

  test('batch passes -w jsonl on to each line, which takes or refuses it', async () => {
    const r = await run(['-w', 'jsonl', 'batch', '--keep-going', '-'], { input: 'get j/a\nput j/z 1\nget j/a\n' });
    assert.equal(r.code, 4);
    const got = lines({ ...r, code: 0 });
    assert.deepEqual(
      got.map((o) => o.value),
      ['plain', 'plain'],
    );
    assert.match(r.err, /jsonl not supported as output format of "put"/);
  });
});
