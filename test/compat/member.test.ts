// Differential tests for member add/remove/update/list/promote and move-leader: the real
// etcdctl (3.4.23, or 3.5.30 where marked) and ours against the same 3-member cluster,
// comparing stdout, stderr (zap lines dropped) and exit code exactly. Where 3.6 differs
// from the oracle, the expectation is derived from the oracle's output and docs/etcdctl-behaviour.md
// section is cited.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { ours, real, type RunResult, outcomeOf, type Outcome } from '../support/run';

const outcome = (r: RunResult): Outcome => outcomeOf(r);
const errOnly = (msg: string, code: number): Outcome => ({ out: '', err: `Error: ${msg}\n`, code });

interface PairOptions {
  oracle?: EtcdFlavor;
  env?: Record<string, string>;
  /** What the oracle runs instead (3.6-only flags). */
  realArgs?: string[];
  /** The 3.6 expectation derived from the oracle's outcome. */
  expect?: (o: Outcome) => Outcome;
}

/** Runs the oracle, then ours, with the same arguments; asserts equality with the (derived) expectation. */
async function check(args: string[], opts: PairOptions = {}): Promise<Outcome> {
  const r = outcome(await real(opts.oracle ?? '3.4', opts.realArgs ?? args, { env: opts.env }));
  const expected = opts.expect ? opts.expect(r) : r;
  const o = outcome(await ours(args, { env: opts.env }));
  assert.deepEqual(o, expected, `etcdctl ${args.join(' ')}`);
  return o;
}

/** Parses etcdctl JSON keeping 64-bit integers exact (as decimal strings). */
function parseJson<T>(s: string): T {
  return JSON.parse(s.replace(/("(?:cluster_id|member_id|ID|memberID|leader)":)(\d+)/g, '$1"$2"')) as T;
}

interface ListedMember {
  ID: string;
  name?: string;
  peerURLs?: string[];
  clientURLs?: string[];
  isLearner?: boolean;
}

describe('member / move-leader vs the real etcdctl', () => {
  let cluster: Cluster;
  let all: string;
  let one: string;
  let members: ListedMember[];

  before(async () => {
    cluster = await startCluster({ size: 3 });
    all = `--endpoints=${cluster.endpoints.join(',')}`;
    one = `--endpoints=${cluster.endpoints[0]}`;
    const r = await real('3.4', [one, 'member', 'list', '-w', 'json']);
    members = parseJson<{ members: ListedMember[] }>(r.out).members;
  });
  after(async () => {
    await cluster?.stop();
  });

  describe('argument and URL errors', () => {
    const cases: string[][] = [
      ['member', 'add'],
      ['member', 'add', 'a', 'b'],
      ['member', 'add', 'a', 'http://x:1', 'HTTPS://y'],
      ['member', 'add', 'a'],
      ['member', 'add', 'a', '--peer-urls=foo'],
      ['member', 'add', 'a', '--peer-urls=127.0.0.1:2380'],
      ['member', 'add', 'a', '--peer-urls=http://x'],
      ['member', 'add', 'a', '--peer-urls=http://x:1/p'],
      ['member', 'add', 'a', '--peer-urls=http://a b:1'],
      ['member', 'add', 'a', '--peer-urls=http://[::1'],
      ['member', 'add', 'a', '--peer-urls=http://x:1,'],
      ['member', 'add', 'a', '--peer-urls=unix://x', '-w', 'bogus'],
      ['member', 'remove'],
      ['member', 'remove', 'zz'],
      ['member', 'remove', '1ffffffffffffffff'],
      ['member', 'update', '1234'],
      ['member', 'update', 'zz', '--peer-urls=http://a:1'],
      ['member', 'update', '1234', '--peer-urls=foo'],
      ['member', 'promote'],
      ['member', 'promote', '0x12'],
      ['move-leader'],
      ['move-leader', 'a', 'b'],
      ['move-leader', 'zz'],
    ];
    for (const args of cases) {
      test(args.join(' '), async () => {
        await check([one, ...args]);
      });
    }
  });

  describe('server errors', () => {
    test('member remove: member not found', async () => {
      await check([one, 'member', 'remove', '1234']);
    });
    test('member update: member not found', async () => {
      await check([one, 'member', 'update', '1234', '--peer-urls=http://1.2.3.4:5']);
    });
    test('member promote: member not found', async () => {
      await check([one, 'member', 'promote', '1234']);
    });
    test('ETCDCTL_COMMAND_TIMEOUT=0s is ignored by member list (docs/etcdctl-behaviour.md §3.2.2)', async () => {
      await check([one, 'member', 'list'], { env: { ETCDCTL_COMMAND_TIMEOUT: '0s' } });
    });
    test('--command-timeout=0s: member list fails at once', async () => {
      await check([one, '--command-timeout=0s', 'member', 'list']);
    });
    test('--command-timeout=0s: alarm list fails at once', async () => {
      await check([one, '--command-timeout=0s', 'alarm', 'list']);
    });
    test('member promote: a voting member', async () => {
      await check([one, 'member', 'promote', BigInt(members[0].ID).toString(16)]);
    });
    test('member add: peer URL already in use', async () => {
      await check([one, 'member', 'add', 'x', `--peer-urls=${cluster.members[1].peerUrl}`]);
    });
    test('move-leader: bad leader transferee', async () => {
      await check([all, 'move-leader', '1234']);
    });
  });

  describe('member list', () => {
    for (const f of ['simple', 'json', 'table', 'protobuf']) {
      test(`-w ${f}`, async () => {
        await check([one, 'member', 'list', '-w', f]);
      });
    }
    test('-w fields: no Revision line when 0 (3.6, docs/etcdctl-behaviour.md §11.4 #7)', async () => {
      await check([one, 'member', 'list', '-w', 'fields'], {
        expect: (e) => ({ ...e, out: e.out.replace('"Revision" : 0\n', '') }),
      });
    });
    test('-w fields --hex: IDs in hex (3.6, docs/etcdctl-behaviour.md §11.4 #8)', async () => {
      await check([one, '--hex', 'member', 'list', '-w', 'fields'], {
        expect: (e) => ({
          ...e,
          out: e.out
            .replace('"Revision" : 0\n', '')
            .replace(
              /^"(ClusterID|MemberID|ID)" : (\d+)$/gm,
              (_, k: string, v: string) => `"${k}" : ${BigInt(v).toString(16)}`,
            ),
        }),
      });
    });
    test('-w json --hex: hand-built hex JSON (3.5 oracle; its "clientURLS" key is a Debian-build quirk, 3.6 writes clientURLs)', async () => {
      const o = await check([one, '--hex', 'member', 'list', '-w', 'json'], {
        oracle: '3.5',
        expect: (e) => ({ ...e, out: e.out.replace(/"clientURLS":/g, '"clientURLs":') }),
      });
      assert.match(
        o.out,
        /^\{"header":\{"cluster_id":"[0-9a-f]+","member_id":"[0-9a-f]+","raft_term":\d+\},"members":\[/,
      );
    });
    test('--consistency=s (3.6 only): same list, serializable', async () => {
      await check([one, 'member', 'list', '--consistency=s'], { realArgs: [one, 'member', 'list'] });
    });
    test('--consistency=x (3.6 only): exit 4, quoting get\'s default "l" (docs/etcdctl-behaviour.md §8.3)', async () => {
      await check([one, 'member', 'list', '--consistency=x'], {
        realArgs: [one, 'member', 'list'],
        expect: () => errOnly('unknown consistency flag "l"', 4),
      });
    });
  });

  describe('member add / update / remove of a learner (each side adds its own)', () => {
    // The new member's ID is random, so the oracle's text is compared with ours after
    // substituting the IDs; members are listed by ID, so lists are re-sorted accordingly.
    // Never started, so any port not used by the cluster's peers will do. Each add gets
    // its own URL: etcd derives the new ID from the peer URLs and the time in seconds, and
    // refuses an ID removed in the same second ("member not found").
    let port = 9;
    const nextPeer = (): string => `http://127.0.0.1:${port++}`;

    /** Adds with the given tool; returns the outcome and the new member's ID (hex). */
    async function addWith(tool: 'real' | 'ours', extra: string[]): Promise<{ o: Outcome; id: string; url: string }> {
      const url = nextPeer();
      const args = [all, 'member', 'add', 'newbie', '--learner', `--peer-urls=${url}`, ...extra];
      let o = outcome(tool === 'real' ? await real('3.4', args) : await ours(args));
      // etcd refuses reconfiguration until its members have been connected for 5 s.
      for (let i = 0; i < 40 && o.err === 'Error: etcdserver: unhealthy cluster\n'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        o = outcome(tool === 'real' ? await real('3.4', args) : await ours(args));
      }
      const list = parseJson<{ members: ListedMember[] }>(
        (await real('3.4', [one, 'member', 'list', '-w', 'json'])).out,
      );
      const added = list.members.find((m) => m.peerURLs?.includes(url));
      assert.ok(added, `${tool}: member added (${o.err})`);
      return { o, id: BigInt(added.ID).toString(16), url };
    }

    async function removeWith(tool: 'real' | 'ours', id: string, extra: string[] = []): Promise<Outcome> {
      const args = [all, 'member', 'remove', id, ...extra];
      return outcome(tool === 'real' ? await real('3.4', args) : await ours(args));
    }

    /** Orders `name=url` items (ETCD_INITIAL_CLUSTER) by member ID, as the server lists members. */
    function initialClusterFor(newId: string, url: string): string {
      const items = [
        ...members.map((m) => ({ id: BigInt(m.ID), s: `${m.name}=${m.peerURLs?.[0]}` })),
        { id: BigInt(`0x${newId}`), s: `newbie=${url}` },
      ];
      return items
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((x) => x.s)
        .join(',');
    }

    test('add --learner, update, remove (simple): "added as learner" (3.6, docs/etcdctl-behaviour.md §11.4 #10) and the ETCD_* block', async () => {
      const r = await addWith('real', []);
      const ru = outcome(await real('3.4', [all, 'member', 'update', r.id, `--peer-urls=${r.url},http://localhost:1`]));
      const rrm = await removeWith('real', r.id);
      const o = await addWith('ours', []);
      const ou = outcome(await ours([all, 'member', 'update', o.id, `--peer-urls=${o.url},http://localhost:1`]));
      const orm = await removeWith('ours', o.id);
      const swap = (x: Outcome): Outcome => ({
        ...x,
        out: x.out.replace(r.id.padStart(16, ' '), o.id.padStart(16, ' ')).replaceAll(r.url, o.url),
      });
      const expectedAdd = swap(r.o);
      expectedAdd.out = expectedAdd.out
        .replace(' added to cluster ', ' added as learner to cluster ')
        .replace(/^ETCD_INITIAL_CLUSTER=".*"$/m, `ETCD_INITIAL_CLUSTER="${initialClusterFor(o.id, o.url)}"`);
      assert.deepEqual(o.o, expectedAdd);
      assert.ok(o.o.out.includes(`newbie=${o.url}`));
      assert.deepEqual(ou, swap(ru));
      assert.deepEqual(orm, swap(rrm));
      assert.match(orm.out, /^Member [0-9a-f ]{16} removed from cluster [0-9a-f ]{16}\n$/);
    });

    test('add --learner, update, remove -w json (IDs substituted, members re-sorted by ID)', async () => {
      const r = await addWith('real', ['-w', 'json']);
      const ru = outcome(await real('3.4', [all, 'member', 'update', r.id, `--peer-urls=${r.url}`, '-w', 'json']));
      const rrm = await removeWith('real', r.id, ['-w', 'json']);
      const o = await addWith('ours', ['-w', 'json']);
      const ou = outcome(await ours([all, 'member', 'update', o.id, `--peer-urls=${o.url}`, '-w', 'json']));
      const orm = await removeWith('ours', o.id, ['-w', 'json']);
      const rDec = BigInt(`0x${r.id}`).toString();
      const oDec = BigInt(`0x${o.id}`).toString();
      const byId = (a: string, b: string): number => {
        const x = BigInt(/\d+/.exec(a)![0]);
        const y = BigInt(/\d+/.exec(b)![0]);
        return x < y ? -1 : x > y ? 1 : 0;
      };
      /** Swaps the ID, then sorts the "members" array objects by ID. */
      const normalize = (s: string): string =>
        s
          .replaceAll(`"ID":${rDec},`, `"ID":${oDec},`)
          .replaceAll(r.url, o.url)
          .replace(/"members":\[(.*)\]\}$/m, (_, body: string) => {
            const items = body.match(/\{"ID":\d+[^{}]*\}/g) ?? [];
            return `"members":[${items.sort(byId).join(',')}]}`;
          });
      // The header's member_id is whichever member answered: take ours.
      const expected = (theirs: Outcome, mine: Outcome): Outcome => ({
        ...theirs,
        out: normalize(theirs.out).replace(/"member_id":\d+/, /"member_id":\d+/.exec(mine.out)![0]),
      });
      assert.deepEqual(o.o, expected(r.o, o.o));
      assert.deepEqual(ou, expected(ru, ou));
      assert.deepEqual(orm, expected(rrm, orm));
      assert.ok(o.o.out.includes(`"member":{"ID":${oDec},"peerURLs":["${o.url}"],"isLearner":true}`));
    });

    test('remove -w fields: the member is removed, then fields is refused (exit 4, docs/etcdctl-behaviour.md §3.7)', async () => {
      const r = await addWith('real', []);
      const rrm = await removeWith('real', r.id, ['-w', 'fields']);
      const o = await addWith('ours', []);
      const orm = await removeWith('ours', o.id, ['-w', 'fields']);
      assert.deepEqual(orm, rrm);
      assert.deepEqual(orm, errOnly('fields not supported as output format', 4));
      const left = (await real('3.4', [one, 'member', 'list'])).out;
      assert.ok(!left.includes(o.id) && !left.includes(r.id), 'both removed before the format error');
    });
  });

  describe('move-leader', () => {
    test('transfer to a follower and back: the oracle moves L→T, ours T→L', async () => {
      const leaderOf = async (): Promise<string> => {
        const r = await real('3.4', [all, 'endpoint', 'status']);
        const row = r.out.split('\n').find((l) => l.split(', ')[4] === 'true');
        assert.ok(row, r.out);
        return row.split(', ')[1];
      };
      const lead = await leaderOf();
      const target = members.map((m) => BigInt(m.ID).toString(16)).find((id) => id !== lead);
      assert.ok(target);
      const r = outcome(await real('3.4', [all, 'move-leader', target]));
      assert.deepEqual(r, { out: `Leadership transferred from ${lead} to ${target}\n`, err: '', code: 0 });
      const o = outcome(await ours([all, 'move-leader', lead]));
      assert.deepEqual(o, { ...r, out: `Leadership transferred from ${target} to ${lead}\n` });
      assert.equal(await leaderOf(), lead);
    });
    test('to the current leader, -w json: empty response', async () => {
      const st = (await real('3.4', [all, 'endpoint', 'status'])).out
        .split('\n')
        .find((l) => l.split(', ')[4] === 'true');
      await check([all, 'move-leader', st!.split(', ')[1], '-w', 'json']);
    });
    test('to the current leader, -w fields: exit 4 after the RPC', async () => {
      const st = (await real('3.4', [all, 'endpoint', 'status'])).out
        .split('\n')
        .find((l) => l.split(', ')[4] === 'true');
      await check([all, 'move-leader', st!.split(', ')[1], '-w', 'fields']);
    });
    test('no leader among the endpoints: exit 128', async () => {
      const st = (await real('3.4', [all, 'endpoint', 'status'])).out
        .split('\n')
        .filter((l) => l.split(', ')[4] === 'false');
      await check([`--endpoints=${st.map((l) => l.split(', ')[0]).join(',')}`, 'move-leader', '1234']);
    });
  });
});
