// Differential tests for endpoint health / status / hashkv: the real etcdctl (3.4.23, or
// 3.5.30 where marked) and ours against the same 3-member cluster; stdout, stderr (zap
// lines dropped) and exit codes compared exactly. 3.6 changes (docs/etcdctl-behaviour.md §11.4 #1, #3-#6) are
// applied to the oracle's output to state the 3.6 expectation; measured durations
// (`took`) are the only values taken from our own output.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { ours, real, type RunResult, outcomeOf, type Outcome } from '../support/run';
import { humanizeBytes } from '../../src/go/humanize';
import { parseTable } from '../support/tables';

const outcome = (r: RunResult): Outcome => outcomeOf(r);

interface PairOptions {
  oracle?: EtcdFlavor;
  env?: Record<string, string>;
  /** The 3.6 expectation, from the oracle's outcome (and ours, for measured durations only). */
  expect?: (theirs: Outcome, mine: Outcome) => Outcome;
}

async function check(args: string[], opts: PairOptions = {}): Promise<Outcome> {
  const r = outcome(await real(opts.oracle ?? '3.4', args, { env: opts.env }));
  const o = outcome(await ours(args, { env: opts.env }));
  assert.deepEqual(o, opts.expect ? opts.expect(r, o) : r, `etcdctl ${args.join(' ')}`);
  return o;
}

// ---- an ASCII table writer independent of src/output/table.ts (cells < 30 columns; reader: support/tables) ----

function asciiTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const center = (s: string, w: number): string => {
    const left = Math.floor((w - s.length) / 2);
    return ' '.repeat(left) + s + ' '.repeat(w - s.length - left);
  };
  const head = `|${header.map((h, i) => ` ${center(h, widths[i])} `).join('|')}|\n`;
  const body = rows.map((r) => `|${r.map((c, i) => ` ${c.padStart(widths[i])} `).join('|')}|\n`).join('');
  return border + head + border + body + border;
}

// ---- 3.6 shapes from 3.4 ones ----

interface StatusJson {
  Endpoint: string;
  Status: { dbSize: number; dbSizeInUse?: number };
}

/** 3.4's 10 status columns + the server's sizes → 3.6's 16 columns (docs/etcdctl-behaviour.md §8.4, §11.4 #3). */
function status36(cols: string[], s: StatusJson['Status']): string[] {
  const [ep, id, version, dbSize, leader, learner, term, index, applied, ...errors] = cols;
  const inUse = BigInt(s.dbSizeInUse ?? 0);
  const pct = `${100n - (inUse * 100n) / BigInt(s.dbSize)}%`;
  // A 3.4 server sends no storage version, quota or downgrade info.
  return [
    ep,
    id,
    version,
    '',
    dbSize,
    humanizeBytes(inUse),
    pct,
    '0 B',
    leader,
    learner,
    term,
    index,
    applied,
    errors.join(', '),
    '',
    'false',
  ];
}

const STATUS_HEADER_36 = [
  'ENDPOINT',
  'ID',
  'VERSION',
  'STORAGE VERSION',
  'DB SIZE',
  'IN USE',
  'PERCENTAGE NOT IN USE',
  'QUOTA',
  'IS LEADER',
  'IS LEARNER',
  'RAFT TERM',
  'RAFT INDEX',
  'RAFT APPLIED INDEX',
  'ERRORS',
  'DOWNGRADE TARGET VERSION',
  'DOWNGRADE ENABLED',
];

const DURATION = /^\d+(\.\d+)?(ns|µs|ms|s)$|^(\d+m)?\d+(\.\d+)?s$/;

describe('endpoint health/status/hashkv vs the real etcdctl', () => {
  let cluster: Cluster;
  let all: string;
  let one: string;
  let statusJson: StatusJson[];

  before(async () => {
    cluster = await startCluster({ size: 3 });
    all = `--endpoints=${cluster.endpoints.join(',')}`;
    one = `--endpoints=${cluster.endpoints[0]}`;
    for (const [k, v] of [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ]) {
      assert.equal((await real('3.4', [all, 'put', k, v])).code, 0);
    }
    // Status compares raft indexes: wait until the cluster's own start-up proposals (cluster
    // version, member attributes) are done, i.e. the indexes stay put for a while.
    let last = '';
    for (let i = 0; i < 40; i++) {
      const r = await real('3.4', [all, 'endpoint', 'status']);
      if (r.code === 0 && r.out === last) break;
      last = r.out;
      await new Promise((res) => setTimeout(res, 500));
    }
  });
  after(async () => {
    await cluster?.stop();
  });

  const sizes = async (): Promise<Map<string, StatusJson['Status']>> => {
    const r = await real('3.4', [all, 'endpoint', 'status', '-w', 'json']);
    statusJson = JSON.parse(r.out.replace(/(":)(\d{16,})/g, '$1"$2"')) as StatusJson[];
    return new Map(statusJson.map((s) => [s.Endpoint, s.Status]));
  };

  describe('health', () => {
    /** The oracle's text with its took values replaced by ours, in order. */
    const tookFrom =
      (mine: string, re: RegExp) =>
      (theirs: string): string => {
        const ours = [...mine.matchAll(re)].map((m) => m[1]);
        for (const t of ours) assert.match(t, DURATION);
        let i = 0;
        return theirs.replace(re, (whole, t: string) => whole.replace(t, ours[i++]));
      };

    test('simple: healthy line on stdout (3.5 oracle = 3.6, docs/etcdctl-behaviour.md §11.4 #1)', async () => {
      await check([one, 'endpoint', 'health'], {
        oracle: '3.5',
        expect: (t, m) => ({ ...t, out: tookFrom(m.out, /took = (\S+)$/gm)(t.out) }),
      });
    });
    test('simple, 3.4 oracle: the same line, moved from stderr to stdout (docs/etcdctl-behaviour.md §11.4 #1)', async () => {
      await check([one, 'endpoint', 'health'], {
        expect: (t, m) => ({ out: tookFrom(m.out, /took = (\S+)$/gm)(t.err), err: '', code: t.code }),
      });
    });
    test('-w json', async () => {
      await check([one, 'endpoint', 'health', '-w', 'json'], {
        oracle: '3.5',
        expect: (t, m) => ({ ...t, out: tookFrom(m.out, /"took":"([^"]+)"/g)(t.out) }),
      });
    });
    test('-w fields', async () => {
      await check([one, 'endpoint', 'health', '-w', 'fields'], {
        expect: (t, m) => ({ ...t, out: tookFrom(m.out, /^"Took" : (\S+)$/gm)(t.out) }),
      });
    });
    test('-w table', async () => {
      await check([one, 'endpoint', 'health', '-w', 'table'], {
        expect: (t, m) => {
          const took = parseTable(m.out).rows[0][2];
          assert.match(took, DURATION);
          const theirs = parseTable(t.out);
          theirs.rows[0][2] = took;
          return { ...t, out: asciiTable(theirs.header, theirs.rows) };
        },
      });
    });
    test('-w protobuf: not supported (exit 4, after probing)', async () => {
      await check([one, 'endpoint', 'health', '-w', 'protobuf']);
    });
    test('unreachable endpoint: stderr line + Error: unhealthy cluster, exit 1', async () => {
      await check(['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'endpoint', 'health'], { oracle: '3.5' });
    });
    test('unreachable endpoint -w json: took ≈ the command timeout', async () => {
      await check(['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'endpoint', 'health', '-w', 'json'], {
        oracle: '3.5',
        expect: (t, m) => ({ ...t, out: tookFrom(m.out, /"took":"([^"]+)"/g)(t.out) }),
      });
    });
    test('all members, live + dead (3.5 oracle): same lines per stream; ours in endpoint order, etcdctl in completion order', async () => {
      const args = [`${all},127.0.0.1:1`, '--command-timeout=1s', 'endpoint', 'health'];
      const t = outcome(await real('3.5', args));
      const m = outcome(await ours(args));
      const norm = (s: string): string => s.replace(/took = \S+$/gm, 'took = T');
      assert.equal(m.code, t.code);
      assert.equal(m.err, t.err);
      assert.deepEqual(norm(m.out).split('\n').sort(), norm(t.out).split('\n').sort());
      assert.deepEqual(
        m.out
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ')[0]),
        cluster.endpoints,
        'endpoint order',
      );
    });
    test('--cluster: endpoints from the member list (client URLs)', async () => {
      const args = [one, 'endpoint', 'health', '--cluster', '-w', 'json'];
      const t = outcome(await real('3.5', args));
      const m = outcome(await ours(args));
      const items = (s: string): string[] =>
        s
          .replace(/"took":"[^"]+"/g, '"took":"T"')
          .trimEnd()
          .slice(2, -2)
          .split('},{');
      assert.deepEqual(items(m.out).sort(), items(t.out).sort());
      assert.deepEqual([m.err, m.code], [t.err, t.code]);
      // Ours: in member-list order.
      const list = await real('3.4', [one, 'member', 'list']);
      const urls = list.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(', ')[4]);
      assert.deepEqual(
        items(m.out).map((i) => /"endpoint":"([^"]+)"/.exec(i)![1]),
        urls,
      );
    });
  });

  describe('status', () => {
    test('simple: 16 columns (3.6, docs/etcdctl-behaviour.md §11.4 #3)', async () => {
      const sz = await sizes();
      await check([all, 'endpoint', 'status'], {
        expect: (t) => ({
          ...t,
          out: t.out
            .split('\n')
            .filter(Boolean)
            .map((l) => `${status36(l.split(', '), sz.get(l.split(', ')[0])!).join(', ')}\n`)
            .join(''),
        }),
      });
    });
    test('-w json', async () => {
      await check([all, 'endpoint', 'status', '-w', 'json']);
    });
    test('-w fields: + StorageVersion, DBSizeInUse, DBSizeQuota, Downgrade* lines (3.6, docs/etcdctl-behaviour.md §11.4 #4)', async () => {
      const sz = await sizes();
      await check([all, 'endpoint', 'status', '-w', 'fields'], {
        expect: (t) => {
          const blocks = t.out.split('\n\n').filter(Boolean);
          const out = blocks
            .map((b) => {
              const ep = /^"Endpoint" : "(.*)"$/m.exec(b)![1];
              return (
                b
                  .replace(/^("Version" : .*)$/m, '$1\n"StorageVersion" : ""')
                  .replace(
                    /^("DBSize" : .*)$/m,
                    `$1\n"DBSizeInUse" : ${sz.get(ep)!.dbSizeInUse ?? 0}\n"DBSizeQuota" : 0`,
                  )
                  .replace(/^("Endpoint" : .*)$/m, '$1\n"DowngradeTargetVersion" : ""\n"DowngradeEnabled" : false') +
                '\n\n'
              );
            })
            .join('');
          return { ...t, out };
        },
      });
    });
    test('-w fields --hex: header IDs in hex (3.6, docs/etcdctl-behaviour.md §11.4 #8)', async () => {
      const o = await ours([one, '--hex', 'endpoint', 'status', '-w', 'fields']);
      const d = await ours([one, 'endpoint', 'status', '-w', 'fields']);
      const expected = d.out.replace(
        /^"(ClusterID|MemberID)" : (\d+)$/gm,
        (_, k: string, v: string) => `"${k}" : ${BigInt(v).toString(16)}`,
      );
      assert.equal(o.out, expected);
      assert.match(o.out, /^"Leader" : \d+$/m, 'Leader stays decimal');
    });
    test('-w table: 16 columns (3.6)', async () => {
      const sz = await sizes();
      await check([all, 'endpoint', 'status', '-w', 'table'], {
        expect: (t) => {
          const theirs = parseTable(t.out);
          const rows = theirs.rows.map((r) => status36(r, sz.get(r[0])!));
          return { ...t, out: asciiTable(STATUS_HEADER_36, rows) };
        },
      });
    });
    test('-w protobuf: not supported (exit 4)', async () => {
      await check([one, 'endpoint', 'status', '-w', 'protobuf']);
    });
    test('a dead endpoint: "Failed to get the status" on stderr, exit 1 without Error line', async () => {
      const sz = await sizes();
      await check([`${one},127.0.0.1:1`, '--command-timeout=1s', 'endpoint', 'status'], {
        expect: (t) => ({
          ...t,
          out: t.out
            .split('\n')
            .filter(Boolean)
            .map((l) => `${status36(l.split(', '), sz.get(l.split(', ')[0])!).join(', ')}\n`)
            .join(''),
        }),
      });
    });
    test('no endpoint answers -w json: null (3.6, docs/etcdctl-behaviour.md §11.4 #6; the oracle prints [])', async () => {
      await check(['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'endpoint', 'status', '-w', 'json'], {
        expect: (t) => ({ ...t, out: t.out === '[]\n' ? 'null\n' : t.out }),
      });
    });
    test('--cluster: client URLs of the member list', async () => {
      await check([one, 'endpoint', 'status', '--cluster', '-w', 'json']);
    });
    test('--cluster with no reachable member: failed to fetch endpoints', async () => {
      await check(['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'endpoint', 'status', '--cluster']);
    });
    test('raw endpoint names: a space after the comma is kept in the name (docs/etcdctl-behaviour.md §3.3)', async () => {
      // Deliberate difference: etcdctl dials the untrimmed " host:port" for its per-endpoint
      // client, which fails (DNS lookup of " 127.0.0.1") after the command timeout; we connect
      // to the trimmed address and keep the raw text only as the endpoint's name.
      const [a, b] = cluster.endpoints;
      const r = outcome(await real('3.4', [`--endpoints=${a},${b}`, 'endpoint', 'status', '-w', 'json']));
      const o = outcome(await ours([`--endpoints=${a}, ${b}`, 'endpoint', 'status', '-w', 'json']));
      assert.deepEqual(o, { ...r, out: r.out.replace(`"Endpoint":"${b}"`, `"Endpoint":" ${b}"`) });
    });
  });

  describe('hashkv', () => {
    /** 3.6 adds the hash revision (docs/etcdctl-behaviour.md §11.4 #5); taken from the oracle's JSON of the same call. */
    async function hashRevisions(args: string[]): Promise<string[]> {
      const j = await real('3.4', [...args, '-w', 'json']);
      return [
        ...j.out.matchAll(/"HashKV":\{.*?"hash":(\d+)(?:,"compact_revision":-?\d+)?(?:,"hash_revision":(\d+))?\}/g),
      ].map((m) => m[2] ?? '0');
    }

    test('simple: + hash revision (3.6)', async () => {
      const revs = await hashRevisions([all, 'endpoint', 'hashkv']);
      await check([all, 'endpoint', 'hashkv'], {
        expect: (t) => ({
          ...t,
          out: t.out
            .split('\n')
            .filter(Boolean)
            .map((l, i) => `${l}, ${revs[i]}\n`)
            .join(''),
        }),
      });
    });
    test('-w json', async () => {
      await check([all, 'endpoint', 'hashkv', '-w', 'json']);
    });
    test('--rev=2 -w json', async () => {
      await check([all, 'endpoint', 'hashkv', '--rev=2', '-w', 'json']);
    });
    test('-w fields: + "HashRevision" (3.6)', async () => {
      const revs = await hashRevisions([all, 'endpoint', 'hashkv']);
      await check([all, 'endpoint', 'hashkv', '-w', 'fields'], {
        expect: (t) => {
          let i = 0;
          return { ...t, out: t.out.replace(/^("Hash" : \d+)$/gm, (l) => `${l}\n"HashRevision" : ${revs[i++]}`) };
        },
      });
    });
    test('-w table: + HASH REVISION column (3.6)', async () => {
      const revs = await hashRevisions([all, 'endpoint', 'hashkv']);
      await check([all, 'endpoint', 'hashkv', '-w', 'table'], {
        expect: (t) => {
          const theirs = parseTable(t.out);
          return {
            ...t,
            out: asciiTable(
              [...theirs.header, 'HASH REVISION'],
              theirs.rows.map((r, i) => [...r, revs[i]]),
            ),
          };
        },
      });
    });
    test('a dead endpoint: Failed line, then Error: <last error>, exit 1', async () => {
      await check([`${one},127.0.0.1:1`, '--command-timeout=1s', 'endpoint', 'hashkv', '-w', 'json']);
    });
    test('no endpoint answers -w json: null (3.6, docs/etcdctl-behaviour.md §11.4 #6)', async () => {
      await check(['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'endpoint', 'hashkv', '-w', 'json'], {
        expect: (t) => ({ ...t, out: t.out === '[]\n' ? 'null\n' : t.out }),
      });
    });
    test('-w bogus: unsupported output format (exit 4)', async () => {
      await check([one, 'endpoint', 'hashkv', '-w', 'bogus']);
    });
  });

  describe('command timeout from the environment (docs/etcdctl-behaviour.md §3.2.2: endpoint commands read it late)', () => {
    test('ETCDCTL_COMMAND_TIMEOUT=0s: health fails at once', async () => {
      await check([one, 'endpoint', 'health'], { oracle: '3.5', env: { ETCDCTL_COMMAND_TIMEOUT: '0s' } });
    });
    test('ETCDCTL_COMMAND_TIMEOUT=abc: zero, status fails at once', async () => {
      await check([one, 'endpoint', 'status'], { env: { ETCDCTL_COMMAND_TIMEOUT: 'abc' } });
    });
    test('--command-timeout=0s: hashkv fails', async () => {
      await check([one, '--command-timeout=0s', 'endpoint', 'hashkv']);
    });
    test('ETCDCTL_WRITE_OUT=json applies', async () => {
      await check([one, 'endpoint', 'hashkv'], { env: { ETCDCTL_WRITE_OUT: 'json' } });
    });
  });
});

describe('endpoint commands with authentication vs the real etcdctl', () => {
  let cluster: Cluster;
  let ep: string;

  before(async () => {
    cluster = await startCluster({ size: 1 });
    ep = `--endpoints=${cluster.endpoints[0]}`;
    for (const args of [
      ['user', 'add', 'root:pw'],
      ['user', 'add', 'bob:bp'],
      ['auth', 'enable'],
    ]) {
      const r = await real('3.4', [ep, ...args]);
      assert.equal(r.code, 0, r.err);
    }
  });
  after(async () => {
    await cluster?.stop();
  });

  test('health, wrong password: the client cannot be created, unhealthy with that error', async () => {
    await check([ep, '--user=root:bad', 'endpoint', 'health'], { oracle: '3.5' });
  });
  test('health, user without any permission: permission denied counts as healthy', async () => {
    const o = await check([ep, '--user=bob:bp', 'endpoint', 'health', '-w', 'fields'], {
      expect: (t, m) => ({ ...t, out: t.out.replace(/^"Took" : \S+$/m, /^"Took" : \S+$/m.exec(m.out)![0]) }),
    });
    assert.match(o.out, /^"Health" : true$/m);
  });
  test('hashkv, user without permission: the server refuses (exit 1)', async () => {
    await check([ep, '--user=bob:bp', 'endpoint', 'hashkv']);
  });
  test('status, wrong password: exit 2 (client creation)', async () => {
    await check([ep, '--user=root:bad', 'endpoint', 'status']);
  });
  test('health with a password prompt: one prompt for all the per-endpoint clients', async () => {
    const three = `--endpoints=${[0, 1, 2].map(() => cluster.endpoints[0]).join(',')}`;
    const o = await ours([three, '--user=root', 'endpoint', 'health'], { input: 'pw\n' });
    assert.equal(o.code, 0, o.err);
    assert.equal(o.out.split('Password: ').length, 2, o.out);
    assert.equal(o.out.split('\n').filter((l) => / is healthy: /.test(l)).length, 3);
  });
});
