// Cross-command behaviour matrix, part 2: an unreachable cluster, the command
// timeout (flag and ETCDCTL_COMMAND_TIMEOUT), and ETCDCTL_WRITE_OUT / ETCDCTL_HEX,
// for every runnable command. The real etcdctl 3.5.30 (the oracle closest to 3.6)
// and ours run the same command line; stdout, stderr (zap lines dropped) and exit
// status must match, or the 3.6 expectation is derived and the docs/etcdctl-behaviour.md section cited.
// One 3.5 member serves the live parts (auth status and downgrade need a 3.5 server).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCluster, realEtcdctl, ensureFlavor, type Cluster } from '../support/etcd';
import { ours, runCli, oursBin } from '../support/run';
import {
  UNREACHABLE,
  defrag36,
  errOnly,
  outcome,
  pool,
  runOurs,
  runReal,
  GO_DURATION,
  type Outcome,
} from '../support/matrix';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-matrix-env-'));
let snapCount = 0;
const snapPath = (): string => path.join(TMP, `snap-${snapCount++}.db`);

interface Case {
  name?: string;
  args: string[];
  env?: Record<string, string>;
  input?: string;
  /** 3.6 expectation from the oracle's outcome and ours (for measured values). */
  expect?: (theirs: Outcome, mine: Outcome) => Outcome;
  /** 3.6-only command: the expected outcome. */
  only36?: Outcome;
}

interface Ran {
  expected: Outcome;
  got: Outcome;
}

/** `together`: run etcdctl and ours at the same time (only where they cannot interfere). */
async function runCase(c: Case, prefix: string[] = [], together = false): Promise<Ran> {
  const args = [...prefix, ...c.args];
  const opts = { env: c.env, input: c.input };
  if (c.only36) return { expected: c.only36, got: await runOurs(args, opts) };
  let got: Outcome;
  let theirs: Outcome;
  if (together) [got, theirs] = await Promise.all([runOurs(args, opts), runReal(args, opts)]);
  else {
    got = await runOurs(args, opts);
    theirs = await runReal(args, opts);
  }
  return { expected: c.expect ? c.expect(theirs, got) : theirs, got };
}

const nameOf = (c: Case): string => c.name ?? c.args.join(' ');

function matrix(title: string, cases: Case[], prefix: () => string[], limit: number): void {
  describe(title, () => {
    let ran: Ran[] = [];
    before(async () => {
      ran = await pool(
        cases.map((c) => () => runCase(c, prefix(), true)),
        limit,
      );
    });
    cases.forEach((c, i) => {
      test(nameOf(c), () =>
        assert.deepEqual(ran[i].got, ran[i].expected, `etcdctl ${[...prefix(), ...c.args].join(' ')}`),
      );
    });
  });
}

/** 3.6 prints `null` for an endpoint list with no successful endpoint (3.5: `[]`, docs/etcdctl-behaviour.md §11.4 #6). */
const nullList = (o: Outcome): Outcome => ({ ...o, out: o.out === '[]\n' ? 'null\n' : o.out });

// ---------------------------------------------------------------------------------------------
// 1. Unreachable endpoint: commands with the command timeout fail after it (docs/etcdctl-behaviour.md §3.4, §4.1).

const timeoutErr = errOnly('context deadline exceeded', 1);

matrix(
  'unreachable endpoint (--command-timeout=1s --dial-timeout=1s)',
  [
    { args: ['get', 'k'] },
    { args: ['get', 'k', '-w', 'json'] },
    { args: ['put', 'k', 'v'] },
    { args: ['del', 'k'] },
    { args: ['compaction', '1'] },
    { args: ['alarm', 'list'] },
    { args: ['alarm', 'disarm'] },
    { args: ['defrag'], expect: defrag36 },
    { args: ['defrag', '--cluster'] },
    { args: ['endpoint', 'health'] },
    { args: ['endpoint', 'health', '--cluster'] },
    { args: ['endpoint', 'status'] },
    { args: ['endpoint', 'status', '-w', 'json'], expect: nullList },
    { args: ['endpoint', 'status', '--cluster'] },
    { args: ['endpoint', 'hashkv'] },
    { args: ['endpoint', 'hashkv', '-w', 'json'], expect: nullList },
    { args: ['endpoint', 'hashkv', '--cluster'] },
    { args: ['move-leader', '1'] },
    { args: ['lease', 'grant', '10'] },
    { args: ['lease', 'revoke', '1'] },
    // the keep-alive loop gives up after dial timeout + 1 s without an answer, exit 0 (docs/etcdctl-behaviour.md §7.5, §9.6)
    { args: ['lease', 'keep-alive', '1'] },
    { args: ['member', 'add', 'x', '--peer-urls=http://127.0.0.1:9'] },
    { args: ['member', 'remove', '1'] },
    { args: ['member', 'update', '1', '--peer-urls=http://127.0.0.1:9'] },
    { args: ['member', 'promote', '1'] },
    { args: ['member', 'list'] },
    { args: ['snapshot', 'save', snapPath()] },
    { args: ['auth', 'enable'] },
    { args: ['auth', 'disable'] },
    { args: ['auth', 'status'] },
    { args: ['downgrade', 'validate', '3.5'], only36: timeoutErr },
    { args: ['downgrade', 'enable', '3.5'], only36: timeoutErr },
    { args: ['downgrade', 'cancel'], only36: timeoutErr },
    {
      name: 'defrag of two endpoints with --user: one password prompt (the client on all endpoints first)',
      args: ['--endpoints=127.0.0.1:1', '--user=root', 'defrag'],
      expect: (theirs, mine) => defrag36({ ...theirs, err: theirs.err.replace(/^stty: .*\n/gm, '') }, mine),
    },
  ],
  () => UNREACHABLE,
  10,
);

// ---------------------------------------------------------------------------------------------
// 2. Commands that wait forever by design (no command timeout, docs/etcdctl-behaviour.md §3.4): still running after
// 3 s against an unreachable endpoint; then killed. Both etcdctl and ours.

describe('unreachable endpoint: commands without a timeout keep waiting', () => {
  const base = ['--endpoints=127.0.0.1:1', '--dial-timeout=1s'];
  const waiting: { args: string[]; input?: string }[] = [
    { args: ['watch', 'k'] },
    { args: ['watch', '--prefix', 'k', '-w', 'json'] },
    { args: ['txn'], input: '\n\n\n' },
    { args: ['lease', 'timetolive', '1'] },
    { args: ['lease', 'list'] },
    { args: ['lease', 'keep-alive', '--once', '1'] },
    { args: ['lock', 'x'] },
    { args: ['lock', 'x', 'echo', 'hi'] },
    { args: ['elect', 'x', 'p'] },
    { args: ['elect', '-l', 'x'] },
    { args: ['make-mirror', '127.0.0.1:2'] },
    { args: ['snapshot', 'save', path.join(TMP, 'waiting.db')] },
    { args: ['user', 'add', 'u:p'] },
    { args: ['user', 'delete', 'u'] },
    { args: ['user', 'get', 'u'] },
    { args: ['user', 'list'] },
    { args: ['user', 'passwd', 'u', '--interactive=false'], input: 'pw\n' },
    { args: ['user', 'grant-role', 'u', 'r'] },
    { args: ['user', 'revoke-role', 'u', 'r'] },
    { args: ['role', 'add', 'r'] },
    { args: ['role', 'delete', 'r'] },
    { args: ['role', 'get', 'r'] },
    { args: ['role', 'list'] },
    { args: ['role', 'grant-permission', 'r', 'read', 'k'] },
    { args: ['role', 'revoke-permission', 'r', 'k'] },
    { args: ['check', 'perf'] },
    { args: ['check', 'datascale'] },
  ];
  type Seen = { ours: Outcome & { timedOut: boolean }; real: Outcome & { timedOut: boolean } };
  let seen: Seen[] = [];
  before(async () => {
    await ensureFlavor('3.5');
    const run = async (bin: string, w: (typeof waiting)[number], env: Record<string, string>) => {
      const r = await runCli(bin, [...base, ...w.args], { input: w.input, timeoutMs: 3000, env });
      return { ...outcome(r), timedOut: r.timedOut };
    };
    seen = await pool(
      waiting.map((w) => async (): Promise<Seen> => {
        const [o, r] = await Promise.all([run(oursBin(), w, {}), run(realEtcdctl('3.5'), w, { ETCDCTL_API: '3' })]);
        return { ours: o, real: r };
      }),
      14,
    );
  });
  waiting.forEach((w, i) => {
    test(w.args.join(' '), () => {
      const { ours: o, real: r } = seen[i];
      assert.ok(r.timedOut, `etcdctl was expected to wait: ${JSON.stringify(r)}`);
      assert.ok(o.timedOut, `ours ended: ${JSON.stringify(o)}`);
      // nothing printed while waiting
      assert.deepEqual({ out: o.out, err: o.err }, { out: r.out, err: r.err });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Live parts: one 3.5 member.

describe('live cluster', () => {
  let cluster: Cluster;
  let ep: string;
  let peerUrl: string;
  let memberHex: string;
  const at = (): string[] => [`--endpoints=${ep}`];

  before(async () => {
    cluster = await startCluster({ flavor: '3.5' });
    ep = cluster.endpoints[0];
    peerUrl = cluster.members[0].peerUrl;
    const list = await ours([`--endpoints=${ep}`, 'member', 'list']);
    memberHex = list.out.split(',')[0];
    const put = await ours([`--endpoints=${ep}`, 'put', 'k0', 'v0']);
    assert.equal(put.out, 'OK\n');
    // revision 1 compacted: every later `compaction 1` fails the same way
    assert.equal((await ours([`--endpoints=${ep}`, 'compaction', '1'])).out, 'compacted revision 1\n');
  });
  after(async () => {
    await cluster?.stop();
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  // -------------------------------------------------------------------------------------------
  // 3. ETCDCTL_WRITE_OUT and ETCDCTL_HEX are honoured by every command that builds a client
  // configuration (docs/etcdctl-behaviour.md §3.2.2 #3): the variable gives exactly what the flag gives, for ours
  // and for etcdctl (the flag's output itself is compared with etcdctl in matrix-format). First: the
  // lock sessions of section 4 leave leases behind (etcdctl never revokes them) that expire later.

  /** Values that legitimately change between two runs of a command. */
  function volatile(s: string): string {
    const text = s
      .replace(/("revision":|"Revision" : )\d+/g, '$1<rev>')
      // raft entries come from other writes and lease expiry, not from reads
      .replace(/("raftIndex":|"raftAppliedIndex":|"RaftIndex" : |"RaftAppliedIndex" : )\d+/g, '$1<index>')
      .replace(/("ID":|"ID" : )[0-9a-f]+/g, '$1<id>')
      .replace(/^lease [0-9a-f]{16} /gm, 'lease <id> ')
      .replace(new RegExp(`(took = |"took":"|"Took" : |(?:\\||│) +)${GO_DURATION}`, 'g'), '$1<took>');
    // a table's column widths follow the measured duration
    return text.includes('TOOK') ? text.replace(/[-─]+/g, '-').replace(/ +/g, ' ') : text;
  }
  const stable = (o: Outcome): Outcome => ({ ...o, out: volatile(Buffer.from(o.out, 'latin1').toString('utf8')) });

  const ENVS: { name: string; env: Record<string, string>; flags: string[] }[] = [
    { name: 'ETCDCTL_WRITE_OUT=json', env: { ETCDCTL_WRITE_OUT: 'json' }, flags: ['-w', 'json'] },
    {
      name: 'ETCDCTL_WRITE_OUT=fields ETCDCTL_HEX=true',
      env: { ETCDCTL_WRITE_OUT: 'fields', ETCDCTL_HEX: 'true' },
      flags: ['-w', 'fields', '--hex'],
    },
    { name: 'ETCDCTL_WRITE_OUT=table', env: { ETCDCTL_WRITE_OUT: 'table' }, flags: ['-w', 'table'] },
    { name: 'ETCDCTL_WRITE_OUT=protobuf', env: { ETCDCTL_WRITE_OUT: 'protobuf' }, flags: ['-w', 'protobuf'] },
    { name: 'ETCDCTL_HEX=true', env: { ETCDCTL_HEX: 'true' }, flags: ['--hex'] },
    { name: 'ETCDCTL_WRITE_OUT=bogus', env: { ETCDCTL_WRITE_OUT: 'bogus' }, flags: ['-w', 'bogus'] },
  ];
  // read-only commands (their outputs do not change from one run to the next) …
  const CMDS = (): string[][] => [
    ['get', 'k0'],
    ['member', 'list'],
    ['alarm', 'list'],
    ['endpoint', 'health'],
    ['endpoint', 'status'],
    ['endpoint', 'hashkv'],
    ['move-leader', memberHex],
    ['lease', 'timetolive', '1'],
    ['lease', 'list'],
    ['auth', 'status'],
    ['user', 'list'],
    ['role', 'list'],
  ];
  // … then writes, one at a time (a header revision or lease ID changes: see volatile())
  const WRITES: string[][] = [
    ['compaction', '1'],
    ['del', 'nokey'],
    ['put', 'k2', 'v2'],
    ['lease', 'grant', '100'],
  ];

  describe('ETCDCTL_WRITE_OUT / ETCDCTL_HEX = the flags', () => {
    type Row = { name: string; ours: [Outcome, Outcome]; real: [Outcome, Outcome] };
    let rows: Row[] = [];
    before(async () => {
      const row = (e: (typeof ENVS)[number], cmd: string[]) => async (): Promise<Row> => {
        const [o1, o2, r1, r2] = await Promise.all([
          runOurs([...at(), ...cmd], { env: e.env }),
          runOurs([...at(), ...cmd, ...e.flags]),
          runReal([...at(), ...cmd], { env: e.env }),
          runReal([...at(), ...cmd, ...e.flags]),
        ]);
        return { name: `${e.name} ${cmd.join(' ')}`, ours: [stable(o1), stable(o2)], real: [stable(r1), stable(r2)] };
      };
      // endpoint status: raft index columns in simple and table output: json and fields only
      const skip = (e: (typeof ENVS)[number], cmd: string[]): boolean =>
        cmd[1] === 'status' &&
        !['ETCDCTL_WRITE_OUT=json', 'ETCDCTL_WRITE_OUT=fields ETCDCTL_HEX=true'].includes(e.name);
      rows = await pool(
        ENVS.flatMap((e) =>
          CMDS()
            .filter((cmd) => !skip(e, cmd))
            .map((cmd) => row(e, cmd)),
        ),
        3,
      );
      for (const e of ENVS) {
        for (const cmd of WRITES) {
          // a protobuf header's revision cannot be told apart in the bytes: not for writes
          if (e.name === 'ETCDCTL_WRITE_OUT=protobuf' && cmd[0] === 'put') continue;
          const o1 = await runOurs([...at(), ...cmd], { env: e.env });
          const o2 = await runOurs([...at(), ...cmd, ...e.flags]);
          const r1 = await runReal([...at(), ...cmd], { env: e.env });
          const r2 = await runReal([...at(), ...cmd, ...e.flags]);
          rows.push({
            name: `${e.name} ${cmd.join(' ')}`,
            ours: [stable(o1), stable(o2)],
            real: [stable(r1), stable(r2)],
          });
        }
      }
    });
    test('ours: the variable gives what the flag gives', () => {
      for (const r of rows) assert.deepEqual(r.ours[0], r.ours[1], r.name);
    });
    test('etcdctl: the variable gives what the flag gives', () => {
      for (const r of rows) assert.deepEqual(r.real[0], r.real[1], r.name);
    });
    test('the variable selects the format (not simple) for every command', () => {
      for (const r of rows) {
        if (r.name.startsWith('ETCDCTL_WRITE_OUT=bogus')) {
          assert.deepEqual(r.ours[0], errOnly('unsupported output format', 4), r.name);
        }
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  // 4. Command timeout 0: `--command-timeout=0s` expires at once for every command that uses the
  // timeout; ETCDCTL_COMMAND_TIMEOUT=0s only for those that create the timeout after building the
  // client configuration (docs/etcdctl-behaviour.md §3.2.2 #2): compaction, endpoint *, defrag, move-leader, snapshot.

  const leaseId = (o: Outcome): Outcome => ({
    ...o,
    out: o.out.replace(/^lease [0-9a-f]{16} granted/m, 'lease <ID> granted'),
  });
  const zeroCases = (): Case[] => [
    { args: ['get', 'k0'] },
    { args: ['put', 'k1', 'v1'] },
    { args: ['del', 'nokey'] },
    { args: ['compaction', '1'] },
    { args: ['alarm', 'list'] },
    { args: ['alarm', 'disarm'] },
    { args: ['defrag'], expect: defrag36 },
    { args: ['endpoint', 'health'] },
    { args: ['endpoint', 'health', '--cluster'] },
    { args: ['endpoint', 'status'] },
    { args: ['endpoint', 'hashkv'] },
    { args: ['move-leader', memberHex] },
    { name: 'lease grant 100 (ID replaced)', args: ['lease', 'grant', '100'] },
    { args: ['lease', 'revoke', '1'] },
    { args: ['lease', 'timetolive', '1'] },
    { args: ['member', 'add', 'x', `--peer-urls=${peerUrl}`] },
    { args: ['member', 'remove', '1'] },
    { args: ['member', 'update', '1', '--peer-urls=http://127.0.0.1:9'] },
    { args: ['member', 'promote', '1'] },
    { args: ['member', 'list'] },
    { args: ['snapshot', 'save', snapPath()] },
    { args: ['auth', 'enable'] },
    { args: ['auth', 'disable'] },
    { args: ['auth', 'status'] },
    { args: ['user', 'list'] },
    { args: ['role', 'list'] },
    { args: ['txn'], input: '\n\n\n' },
    { args: ['lock', 'zl', 'echo', 'hi'] },
  ];

  function zeroMatrix(title: string, mode: 'flag' | 'env', value: string): void {
    describe(title, () => {
      let cases: Case[] = [];
      let ran: Ran[] = [];
      before(async () => {
        cases = zeroCases();
        const dg = (sent: boolean): Outcome =>
          sent
            ? { out: 'Downgrade validate success, cluster version 3.5.0\n', err: '', code: 0, signal: null }
            : errOnly('context deadline exceeded', 1);
        // downgrade (3.6 only) creates its timeout before the client configuration, like member *
        cases.push({ args: ['downgrade', 'validate', '3.4'], only36: dg(mode === 'env') });
        ran = [];
        for (const c of cases) {
          const withMode: Case =
            mode === 'flag'
              ? { ...c, args: [`--command-timeout=${value}`, ...c.args] }
              : { ...c, env: { ...c.env, ETCDCTL_COMMAND_TIMEOUT: value } };
          const r = await runCase(withMode, at());
          if (c.name?.startsWith('lease grant')) ran.push({ expected: leaseId(r.expected), got: leaseId(r.got) });
          else ran.push(r);
        }
      });
      test('every command', () => {
        for (const [i, r] of ran.entries()) assert.deepEqual(r.got, r.expected, nameOf(cases[i]));
      });
    });
  }
  zeroMatrix('--command-timeout=0s', 'flag', '0s');
  zeroMatrix('ETCDCTL_COMMAND_TIMEOUT=0s', 'env', '0s');
  zeroMatrix(
    'ETCDCTL_COMMAND_TIMEOUT=abc (unparsable: the zero value, docs/etcdctl-behaviour.md §3.2.3)',
    'env',
    'abc',
  );
});
