// Cross-command behaviour matrix, part 3 (continued): the -w support matrix (docs/etcdctl-behaviour.md §5.1)
// for members, auth/user/role, lock/elect/watch and downgrade (reads, writes and leases:
// matrix-format.test.ts, which explains the method). Output or `Error: <fmt> not supported
// as output format` (exit 4) after the RPC, proven by the state checks.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, realEtcdctl, type Cluster } from '../support/etcd';
import { oursBin } from '../support/run';
import { runUntilQuiet, type Outcome } from '../support/matrix';
import { FORMATS, bytes, idFree, latin1, sides, unsupported, type Codec, type Fmt } from '../support/matrix-format';
import {
  AuthStatusResponse,
  DowngradeResponse,
  MemberAddResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  type Member,
} from '../../src/proto/gen/rpc';

describe('-w support matrix (docs/etcdctl-behaviour.md §5.1) vs etcdctl 3.5.30: members, auth, user, role, lock, elect, watch, downgrade', () => {
  let cluster: Cluster;
  let ep: string;
  const at = (): string => `--endpoints=${ep}`;
  const { runR, runO, same } = sides(() => ep);

  before(async () => {
    cluster = await startCluster({ flavor: '3.5' });
    ep = cluster.endpoints[0];
    assert.equal((await runO(['put', 'k0', 'v0'])).out, 'OK\n');
  });
  after(async () => {
    await cluster?.stop();
  });

  // --- members: each side adds its own learner (never started); IDs and peer URLs replaced ---

  describe('members', () => {
    let port = 9;
    const listed = async (): Promise<Member[]> => {
      const j = (await runO(['member', 'list', '-w', 'json'])).out.replace(/("ID":)(\d+)/g, '$1"$2"');
      return (JSON.parse(j) as { members: (Member & { ID: string })[] }).members.map((m) => ({
        ...m,
        ID: BigInt(m.ID),
      }));
    };

    /** Replaces the side's ID and peer URL; sorts what the server lists by member ID. */
    function memberFree(f: Fmt, out: string, id: bigint, url: string, codec?: Codec): string {
      if (f === 'protobuf' && codec && out !== '') {
        const msg = codec.decode(bytes(out)) as { member?: Member; members: Member[] };
        assert.equal(latin1(codec.encode(msg as never).finish()), out, 'canonical protobuf encoding');
        const fix = (m: Member): void => {
          if (m.ID === id) m.ID = 0n;
          m.peerURLs = m.peerURLs.map((u) => (u === url ? '<URL>' : u));
        };
        if (msg.member) fix(msg.member);
        msg.members.forEach(fix);
        msg.members.sort((a, b) => (a.name + a.peerURLs.join() < b.name + b.peerURLs.join() ? -1 : 1));
        return latin1(codec.encode(msg as never).finish());
      }
      let t = idFree(out, [id]).split(url).join('<URL>');
      t = t.replace(
        /^(ETCD_INITIAL_CLUSTER=")(.*)"$/m,
        (_, k: string, v: string) => `${k}${v.split(',').sort().join(',')}"`,
      );
      const at = t.indexOf('"members":[');
      if (f === 'json' && at >= 0) {
        let depth = 0;
        let end = at + '"members":['.length - 1;
        for (let i = end; i < t.length; i++) {
          if (t[i] === '[') depth++;
          if (t[i] === ']' && --depth === 0) {
            end = i;
            break;
          }
        }
        const body = t.slice(at + '"members":['.length, end);
        const items = body.split(/(?<=\}),(?=\{)/).sort();
        t = `${t.slice(0, at)}"members":[${items.join(',')}${t.slice(end)}`;
      }
      return t;
    }

    async function addLearner(
      tool: 'real' | 'ours',
      extra: string[],
    ): Promise<{ o: Outcome; id: bigint; url: string }> {
      const url = `http://127.0.0.1:${port++}`;
      const args = ['member', 'add', 'newbie', '--learner', `--peer-urls=${url}`, ...extra];
      const run = tool === 'real' ? runR : runO;
      let o = await run(args);
      for (let i = 0; i < 40 && o.err === 'Error: etcdserver: unhealthy cluster\n'; i++) {
        await new Promise((res) => setTimeout(res, 250));
        o = await run(args);
      }
      const m = (await listed()).find((x) => x.peerURLs.includes(url));
      assert.ok(m, `${tool}: learner added before any format error (${o.err})`);
      return { o, id: m.ID, url };
    }

    /** add --learner, update, promote (refused), remove: one chain per side (etcd allows one learner). */
    async function chain(tool: 'real' | 'ours', w: string[]): Promise<{ id: bigint; url: string; outs: Outcome[] }> {
      const run = tool === 'real' ? runR : runO;
      const a = await addLearner(tool, w);
      const hex = a.id.toString(16);
      const u = await run(['member', 'update', hex, `--peer-urls=${a.url},http://localhost:1`, ...w]);
      const updated = (await listed()).find((m) => m.ID === a.id)?.peerURLs;
      assert.deepEqual(updated, [a.url, 'http://localhost:1'], `${tool}: updated before the format error`);
      // an unstarted learner cannot be promoted: the RPC error comes before any printer
      const p = await run(['member', 'promote', hex, ...w]);
      const r = await run(['member', 'remove', hex, ...w]);
      assert.ok(!(await listed()).some((m) => m.ID === a.id), `${tool}: removed before the format error`);
      return { id: a.id, url: a.url, outs: [a.o, u, p, r] };
    }

    for (const f of FORMATS) {
      test(`member add / update / promote / remove -w ${f}`, async () => {
        const w = ['-w', f];
        const r = await chain('real', w);
        const o = await chain('ours', w);
        const codecs = [MemberAddResponse, MemberUpdateResponse, undefined, MemberRemoveResponse];
        const free = (x: Outcome, side: { id: bigint; url: string }, i: number): Outcome => ({
          ...x,
          out: memberFree(f, x.out, side.id, side.url, codecs[i]),
        });
        // 3.6: "added as learner" (docs/etcdctl-behaviour.md §11.4 #10)
        const learner = (x: Outcome): Outcome => ({
          ...x,
          out: x.out.replace(' added to cluster ', ' added as learner to cluster '),
        });
        ['add', 'update', 'promote', 'remove'].forEach((what, i) => {
          const expected = free(r.outs[i], r, i);
          assert.deepEqual(free(o.outs[i], o, i), i === 0 ? learner(expected) : expected, `member ${what} -w ${f}`);
        });
        assert.equal(o.outs[2].code, 1, 'promote refused by the server');
        if (f === 'fields' || f === 'table') for (const i of [0, 1, 3]) assert.deepEqual(o.outs[i], unsupported(f));
      });
    }
  });

  // --- auth, users, roles: the same scenario for each side (auth changes no KV revision) ---

  describe('auth, user, role', () => {
    const scenario = (f: Fmt): { args: string[]; input?: string }[] => {
      const w = ['-w', f];
      // after each write in an error format, the state as the simple printer shows it
      const check = f === 'fields' || f === 'table' ? [{ args: ['user', 'get', 'mu', '--detail'] }] : [];
      return [
        { args: ['user', 'add', 'mu:pw', ...w] },
        ...check,
        { args: ['role', 'add', 'mr', ...w] },
        ...check,
        { args: ['user', 'grant-role', 'mu', 'mr', ...w] },
        ...check,
        { args: ['role', 'grant-permission', 'mr', 'readwrite', 'k', '--prefix', ...w] },
        ...check,
        { args: ['user', 'get', 'mu', ...w] },
        { args: ['user', 'get', 'mu', '--detail', ...w] },
        { args: ['role', 'get', 'mr', ...w] },
        { args: ['user', 'list', ...w] },
        { args: ['role', 'list', ...w] },
        { args: ['role', 'revoke-permission', 'mr', 'k', '--prefix', ...w] },
        ...check,
        { args: ['user', 'revoke-role', 'mu', 'mr', ...w] },
        ...check,
        { args: ['user', 'passwd', 'mu', '--interactive=false', ...w], input: 'np\n' },
        { args: ['user', 'add', 'root:rootpw', ...w] },
        { args: ['auth', 'enable', ...w] },
        { args: ['--user=root:rootpw', 'auth', 'status', ...w] },
        { args: ['--user=root:rootpw', 'auth', 'disable', ...w] },
        { args: ['auth', 'status'] },
        { args: ['user', 'delete', 'mu', ...w] },
        { args: ['user', 'delete', 'root', ...w] },
        { args: ['role', 'delete', 'mr', ...w] },
        { args: ['role', 'delete', 'root'] },
        { args: ['role', 'list'] },
      ];
    };
    for (const f of FORMATS) {
      test(`the scenario -w ${f}`, async () => {
        const steps = scenario(f);
        const r: Outcome[] = [];
        for (const s of steps) r.push(await runR(s.args, s.input));
        const o: Outcome[] = [];
        for (const s of steps) o.push(await runO(s.args, s.input));
        // the auth revision moves on with every change: `auth status` shows it
        const authRev = (x: Outcome): Outcome => {
          if (f === 'protobuf' && x.code === 0 && x.out !== '' && !x.out.startsWith('Authentication')) {
            try {
              const m = AuthStatusResponse.decode(bytes(x.out));
              if (latin1(AuthStatusResponse.encode(m).finish()) === x.out && m.authRevision > 0n) {
                m.authRevision = 0n;
                return { ...x, out: latin1(AuthStatusResponse.encode(m).finish()) };
              }
            } catch {
              // not an AuthStatusResponse
            }
          }
          return { ...x, out: x.out.replace(/(AuthRevision: |"authRevision":)\d+/, '$1<n>') };
        };
        steps.forEach((s, i) =>
          assert.deepEqual(authRev(o[i]), authRev(r[i]), `step ${i}: etcdctl ${s.args.join(' ')}`),
        );
      });
    }
  });

  // --- commands that run until killed: lock, elect, watch ---

  describe('lock, elect, watch', () => {
    /** Runs both until their output has come (then SIGTERM): etcdctl and ours at the same time. */
    async function briefly(argsR: string[], argsO: string[]): Promise<[Outcome, Outcome]> {
      return Promise.all([
        runUntilQuiet(realEtcdctl('3.5'), [at(), ...argsR], { ETCDCTL_API: '3' }),
        runUntilQuiet(oursBin(), [at(), ...argsO]),
      ]);
    }

    test('lock -w table: acquired, then refused (exit 4); -w simple: the key, until SIGTERM', async () => {
      const r = await runR(['lock', 'lk-real', '-w', 'table']);
      const o = await runO(['lock', 'lk-ours', '-w', 'table']);
      assert.deepEqual(o, r);
      assert.deepEqual(o, unsupported('table'));
      const [r2, o2] = await briefly(['lock', 'lk2-real'], ['lock', 'lk2-ours']);
      // the key (name/lease ID in hex, unpadded) line, then the empty value line
      const key = (x: Outcome, name: string): Outcome => ({
        ...x,
        out: x.out.replace(new RegExp(`^${name}/[0-9a-f]{1,16}\\n\\n$`), '<key>\n\n'),
      });
      assert.deepEqual(key(o2, 'lk2-ours'), key(r2, 'lk2-real'));
    });

    test('elect -w table: leader, then refused (exit 4)', async () => {
      const r = await runR(['elect', 'el-real', 'p', '-w', 'table']);
      const o = await runO(['elect', 'el-ours', 'p', '-w', 'table']);
      assert.deepEqual(o, r);
      assert.deepEqual(o, unsupported('table'));
    });

    // etcdctl's failed `elect el-real` left its leader key (its session lives on for 60 s): both
    // observe it. The observers and watchers run until SIGTERM: all formats at the same time.
    describe('elect -l, watch (history): until SIGTERM', () => {
      const running: Fmt[] = ['simple', 'json', 'fields', 'protobuf'];
      let elect: [Outcome, Outcome][] = [];
      let watch: [Outcome, Outcome][] = [];
      let watchArgs: (f: Fmt) => string[] = () => [];
      before(async () => {
        const first = /"revision":(\d+)/.exec((await runO(['put', 'kw', 'a', '-w', 'json'])).out)![1];
        await runO(['put', 'kw', 'b']);
        await runO(['del', 'kw']);
        watchArgs = (f) => ['watch', `--rev=${first}`, 'kw', '--prev-kv', '-w', f];
        const electArgs = (f: Fmt): string[] => ['elect', '-l', 'el-real', '-w', f];
        [elect, watch] = await Promise.all([
          Promise.all(running.map((f) => briefly(electArgs(f), electArgs(f)))),
          Promise.all(running.map((f) => briefly(watchArgs(f), watchArgs(f)))),
        ]);
      });
      running.forEach((f, i) => {
        test(`elect -l -w ${f}`, () => {
          const [r, o] = elect[i];
          assert.ok(r.out.length > 0, 'the leader is shown');
          assert.deepEqual(o, r);
        });
        test(`watch (history) -w ${f}`, () => {
          const [r, o] = watch[i];
          assert.ok(r.out.length > 0, 'events shown');
          assert.deepEqual(o, r);
        });
      });
      test('elect -l -w table: refused at the first leader (exit 4)', async () => {
        await same(['elect', '-l', 'el-real', '-w', 'table']);
      });
      test('watch (history) -w table: refused at the first event (exit 4, docs/etcdctl-behaviour.md §5.1)', async () => {
        await same(watchArgs('table'));
      });
    });
  });

  // --- downgrade (3.6 only): DowngradeValidate/Enable/Cancel are ✔ simple json protobuf, ✘ fields table ---

  describe('downgrade validate (3.6 only, docs/etcdctl-behaviour.md §8.9)', () => {
    for (const f of FORMATS) {
      test(`-w ${f}`, async () => {
        const o = await runO(['downgrade', 'validate', '3.4', '-w', f]);
        const header = /"header":(\{[^}]*\})/.exec((await runO(['get', 'k0', '-w', 'json'])).out)![1];
        if (f === 'fields' || f === 'table') return assert.deepEqual(o, unsupported(f));
        assert.deepEqual({ err: o.err, code: o.code }, { err: '', code: 0 });
        if (f === 'simple') assert.equal(o.out, 'Downgrade validate success, cluster version 3.5.0\n');
        if (f === 'json') assert.equal(o.out, `{"header":${header},"version":"3.5.0"}\n`);
        if (f === 'protobuf') {
          const msg = DowngradeResponse.decode(bytes(o.out));
          assert.equal(msg.version, '3.5.0');
          assert.equal(latin1(DowngradeResponse.encode(msg).finish()), o.out);
        }
      });
    }
  });
});
