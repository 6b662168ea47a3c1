// Output differences of the 3.7 line outside help (docs/etcdctl-3.7-behaviour.md §5, §6; C7, C9, C10, C11, C15),
// against a real 3.5 member. Each 3.7 expectation is what the real 3.5.30 etcdctl prints in
// the same situation with the spec's edit applied (or a literal of the spec where 3.5 panics);
// each case also checks that the 3.6 line still prints exactly what it printed before.
// Debian's 3.5.30 etcdctl is built against tablewriter v1, so its tables already have the 3.7
// layout: they are compared as they are (and checked against the spec's rules, support/tables).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type Cluster } from '../support/etcd';
import { ours, real, type RunResult, outcomeOf, type Outcome } from '../support/run';
import { parseTable, unicodeTable } from '../support/tables';
import { Maintenance } from '../../src/client/methods';
import { AlarmRequest, AlarmRequest_AlarmAction, AlarmType } from '../../src/proto/gen/rpc';

/** `memberID:B alarm:X , memberID:A alarm:Y` in a text with its alarms sorted (same length). */
function alarmsSorted(text: string): string {
  return text.replace(/memberID:\d+ alarm:\w+(?: , memberID:\d+ alarm:\w+)+/g, (m) =>
    m.split(' , ').sort().join(' , '),
  );
}

const V37 = { ETCDCTLTS_COMPAT: '3.7' };

const outcome = (r: RunResult): Outcome => outcomeOf(r, 'utf8');

/** Raises (ACTIVATE) or clears (DEACTIVATE) an alarm on the server behind `endpoint`. */
function alarm(endpoint: string, action: AlarmRequest_AlarmAction, memberID: bigint): Promise<void> {
  const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
  const m = Maintenance.alarm;
  const req = AlarmRequest.fromPartial({ action, memberID, alarm: AlarmType.NOSPACE });
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      m.path,
      (v: AlarmRequest) => m.requestSerialize(v),
      (b: Buffer) => m.responseDeserialize(b),
      req,
      (err) => {
        client.close();
        if (err) reject(err);
        else resolve();
      },
    );
  });
}

/** The 3.7 hex member JSON from the decimal one (docs/etcdctl-3.7-behaviour.md §6.1: IDs as %x strings, nothing else changes here). */
const hexIds = (json: string): string =>
  json.replace(/"(cluster_id|member_id|ID)":(\d+)/g, (_, k: string, v: string) => `"${k}":"${BigInt(v).toString(16)}"`);

describe('3.7 output against a real 3.5 member', () => {
  let cluster: Cluster;
  let ep: string;
  let id: bigint;
  const arm = (memberID = id): Promise<void> =>
    alarm(cluster.endpoints[0], AlarmRequest_AlarmAction.ACTIVATE, memberID);
  const disarm = (memberID: bigint): Promise<void> =>
    alarm(cluster.endpoints[0], AlarmRequest_AlarmAction.DEACTIVATE, memberID);

  /** The real 3.5 etcdctl, then ours in 3.7 mode, then ours in 3.6 mode (which must print what 3.5 printed, or `want36`). */
  async function both(
    args: string[],
    setup?: () => Promise<void>,
  ): Promise<{ r: Outcome; o37: Outcome; o36: Outcome }> {
    await setup?.();
    const r = outcome(await real('3.5', [ep, ...args]));
    await setup?.();
    const o37 = outcome(await ours([ep, ...args], { env: V37 }));
    await setup?.();
    const o36 = outcome(await ours([ep, ...args]));
    return { r, o37, o36 };
  }

  before(async () => {
    cluster = await startCluster({ flavor: '3.5' });
    ep = `--endpoints=${cluster.endpoints[0]}`;
    const st = await real('3.5', [ep, 'endpoint', 'status', '-w', 'json']);
    id = BigInt(/"member_id":(\d+)/.exec(st.out)![1]);
    await real('3.5', [ep, 'put', 'k', 'v']);
  });
  after(async () => {
    await cluster?.stop();
  });

  describe('alarms (C9, C10)', () => {
    test('list and disarm, simple: no trailing space in 3.7', async () => {
      for (const cmd of ['list', 'disarm']) {
        const { r, o37, o36 } = await both(['alarm', cmd], () => arm());
        assert.equal(r.out, `memberID:${id} alarm:NOSPACE \n`);
        assert.deepEqual(o36, r);
        assert.deepEqual(o37, { ...r, out: r.out.replace(/ \n/g, '\n') });
      }
    });

    test('two alarms: one line each, one space between the fields', async () => {
      const setup = async (): Promise<void> => {
        await arm();
        await arm(123n);
      };
      const sorted = (o: Outcome): Outcome => ({ ...o, out: o.out.split('\n').sort().join('\n') });
      const { r, o37, o36 } = await both(['alarm', 'list'], setup);
      assert.deepEqual(sorted(o36), sorted(r));
      assert.deepEqual(sorted(o37), sorted({ ...r, out: r.out.replace(/ \n/g, '\n') }));
      assert.ok(o37.out.includes('memberID:123 alarm:NOSPACE\n'));
      await disarm(123n);
      await disarm(id);
    });

    test('disarm -w fields: etcdctl 3.5/3.6 panic (no header); 3.7 prints a zero header (docs/etcdctl-3.7-behaviour.md §6.3)', async () => {
      for (const [hex, memberId] of [
        [[], String(id)],
        [['--hex'], id.toString(16)],
      ] as const) {
        const { r, o37 } = await both([...hex, 'alarm', 'disarm', '-w', 'fields'], () => arm());
        assert.equal(r.code, 2);
        assert.match(r.err, /^panic: runtime error: invalid memory address or nil pointer dereference\n/);
        assert.deepEqual(o37, {
          out: `"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n"MemberID" : ${memberId}\n"AlarmType" : NOSPACE\n\n`,
          err: '',
          code: 0,
        });
      }
      const none = outcome(await ours([ep, 'alarm', 'disarm', '-w', 'fields'], { env: V37 }));
      assert.deepEqual(none, { out: '"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n', err: '', code: 0 });
    });

    test('list -w fields (a 3.5 server sends the header): as in 3.6', async () => {
      const { o37, o36 } = await both(['alarm', 'list', '-w', 'fields'], () => arm());
      assert.deepEqual(o37, o36);
      await disarm(id);
    });
  });

  describe('lease revoke -w protobuf (C15)', () => {
    test('exit 4; the type is *clientv3.LeaseRevokeResponse and the value a pointer dump', async () => {
      const grant = async (): Promise<string> =>
        /lease ([0-9a-f]+) granted/.exec((await real('3.5', [ep, 'lease', 'grant', '100'])).out)![1];
      const r = outcome(await real('3.5', [ep, 'lease', 'revoke', await grant(), '-w', 'protobuf']));
      const o37 = outcome(await ours([ep, 'lease', 'revoke', await grant(), '-w', 'protobuf'], { env: V37 }));
      const o36 = outcome(await ours([ep, 'lease', 'revoke', await grant(), '-w', 'protobuf']));
      const prefix = (e: string): string => e.slice(0, e.indexOf('('));
      assert.equal(prefix(r.err), 'Error: marshal unsupported for type clientv3.LeaseRevokeResponse ');
      assert.deepEqual([o36.out, prefix(o36.err), o36.code], [r.out, prefix(r.err), r.code]);
      assert.deepEqual(
        [o37.out, prefix(o37.err), o37.code],
        [r.out, 'Error: marshal unsupported for type *clientv3.LeaseRevokeResponse ', 4],
      );
      assert.match(o37.err, /\(&\{.*cluster_id:\d+ member_id:\d+ revision:\d+ raft_term:\d+.*\}\)\n$/);
      assert.equal((await real('3.5', [ep, 'lease', 'list'])).out, 'found 0 leases\n', 'all revoked before the error');
    });
  });

  describe('member JSON --hex (C7) and member tables (C11)', () => {
    test('member list -w json --hex: real JSON with hex IDs (3.6: the hand-built form)', async () => {
      const plain = outcome(await real('3.5', [ep, 'member', 'list', '-w', 'json']));
      const o37 = outcome(await ours([ep, '--hex', 'member', 'list', '-w', 'json'], { env: V37 }));
      assert.deepEqual(o37, { ...plain, out: hexIds(plain.out) });
      const r = outcome(await real('3.5', [ep, '--hex', 'member', 'list', '-w', 'json']));
      const o36 = outcome(await ours([ep, '--hex', 'member', 'list', '-w', 'json']));
      // the Debian 3.5.30 build writes "clientURLS" in this hand-built JSON (see member.test.ts)
      assert.deepEqual(o36, { ...r, out: r.out.replace(/"clientURLS":/g, '"clientURLs":') });
      // without --hex: unchanged
      assert.deepEqual(outcome(await ours([ep, 'member', 'list', '-w', 'json'], { env: V37 })), plain);
    });

    test('learner added, updated, removed: -w json --hex for each (3.6 prints decimal JSON)', async () => {
      const url = (p: number): string => `http://127.0.0.1:${p}`;
      /** One add/update/list/remove round: the real etcdctl (decimal JSON), ours 3.7 or ours 3.6 (both --hex). */
      const round = async (who: 'real' | '3.7' | '3.6', port: number) => {
        const exec = async (args: string[]): Promise<Outcome> =>
          outcome(
            who === 'real'
              ? await real('3.5', [ep, ...args, '-w', 'json'])
              : await ours([ep, '--hex', ...args, '-w', 'json'], { env: { ETCDCTLTS_COMPAT: who } }),
          );
        const add = await exec(['member', 'add', 'newbie', '--learner', `--peer-urls=${url(port)}`]);
        const m = /"member":\{"ID":(?:"([0-9a-f]+)"|(\d+))/.exec(add.out);
        assert.ok(m, `${who}: ${add.out}${add.err}`);
        const newId = m[1] !== undefined ? BigInt(`0x${m[1]}`) : BigInt(m[2]);
        const update = await exec(['member', 'update', newId.toString(16), `--peer-urls=${url(port + 1)}`]);
        const list = await exec(['member', 'list']);
        const remove = await exec(['member', 'remove', newId.toString(16)]);
        return { add, update, list, remove, newId, port };
      };
      const r = await round('real', 7);
      const o37 = await round('3.7', 17);
      const o36 = await round('3.6', 27);
      /** The real round's output as it reads for another round (its new ID and peer URLs). */
      const as = (text: string, o: { newId: bigint; port: number }): string =>
        text
          .replaceAll(`"ID":${r.newId}`, `"ID":${o.newId}`)
          .replaceAll(url(r.port), url(o.port))
          .replaceAll(url(r.port + 1), url(o.port + 1));
      // Members are listed by ID: the new member's place may differ between rounds.
      const order = (o: Outcome): Outcome => ({ ...o, out: sortMembers(o.out) });
      for (const step of ['add', 'update', 'list', 'remove'] as const) {
        assert.deepEqual(order(o37[step]), order({ ...r[step], out: hexIds(as(r[step].out, o37)) }), `3.7 ${step}`);
        // 3.6: --hex changes nothing but the list (its hand-built form, member.test.ts)
        if (step !== 'list')
          assert.deepEqual(order(o36[step]), order({ ...r[step], out: as(r[step].out, o36) }), `3.6 ${step}`);
      }
      assert.match(
        o37.add.out,
        /"member":\{"ID":"[0-9a-f]+","peerURLs":\["http:\/\/127\.0\.0\.1:17"\],"isLearner":true\}/,
      );
      // (a 3.5 server's MemberUpdate drops the learner flag: real and ours list it without)
      assert.match(o37.list.out, /\{"ID":"[0-9a-f]+","peerURLs":\["http:\/\/127\.0\.0\.1:18"\]\}/);
    });

    test('member list -w table: the tablewriter v1 layout, as the real 3.5.30 (Debian) etcdctl prints it', async () => {
      const { r, o37, o36 } = await both(['member', 'list', '-w', 'table']);
      assert.deepEqual(o37, r);
      const t = parseTable(r.out);
      assert.equal(r.out, unicodeTable(t.header, t.rows), 'the real table follows the spec rules');
      // (the ID column is as wide as the longest hex ID: Go's %x drops leading zeros)
      assert.match(o36.out, /^\+-+\+-+\+/, '3.6: ASCII as before');
      assert.deepEqual(parseTable(o36.out), t);
    });
  });

  describe('endpoint tables (C11): Unicode glyphs, no wrapping', () => {
    const DEAD = '127.0.0.1:1';
    /** ours in the 3.6 line: its cells, verified against the real etcdctl by endpoint.test.ts. */
    const cells36 = async (args: string[]): Promise<{ header: string[]; rows: string[][] }> =>
      parseTable(outcome(await ours(args)).out);

    test('health: the real 3.5.30 table, our measured durations', async () => {
      const args = [`--endpoints=${cluster.endpoints[0]},${DEAD}`, '--command-timeout=1s', 'endpoint', 'health'];
      const r = outcome(await real('3.5', [...args, '-w', 'table']));
      const o = outcome(await ours([...args, '-w', 'table'], { env: V37 }));
      const t = parseTable(r.out);
      assert.equal(r.out, unicodeTable(t.header, t.rows), 'the real table follows the spec rules');
      const took = parseTable(o.out).rows.map((row) => row[2]);
      assert.deepEqual(o, {
        ...r,
        out: unicodeTable(
          t.header,
          t.rows.map((row, i) => [row[0], row[1], took[i], row[3]]),
        ),
      });
      assert.equal(o.err, 'Error: unhealthy cluster\n');
    });

    test('health with two alarms: the 32-column error cell is not wrapped', async () => {
      await arm();
      await arm(123n);
      try {
        const args = [ep, 'endpoint', 'health'];
        const rj = outcome(await real('3.5', [...args, '-w', 'json']));
        const error = /"error":"([^"]*)"/.exec(rj.out)![1];
        assert.equal(error, 'Active Alarm(s): NOSPACE NOSPACE ');
        const o = outcome(await ours([...args, '-w', 'table'], { env: V37 }));
        const took = parseTable(o.out).rows[0][2];
        const want = unicodeTable(
          ['endpoint', 'health', 'took', 'error'],
          [[cluster.endpoints[0], 'false', took, error.trim()]],
        );
        assert.deepEqual(o, { out: want, err: 'Error: unhealthy cluster\n', code: 1 });
        // The real 3.5.30 (tablewriter v1) table: the same cells, unwrapped and trimmed.
        const rt = outcome(await real('3.5', [...args, '-w', 'table'])).out;
        const { header, rows } = parseTable(rt);
        assert.equal(rt, unicodeTable(header, rows));
        assert.deepEqual(rows, [[cluster.endpoints[0], 'false', rows[0][2], error.trim()]]);
        const o36 = outcome(await ours([...args, '-w', 'table']));
        assert.equal(
          o36.out.split('\n').filter((l) => l.startsWith('|')).length,
          3,
          '3.6 wraps the cell: header + two lines',
        );
      } finally {
        await disarm(123n);
        await disarm(id);
      }
    });

    test('status and hashkv: the 3.6 cells in the 3.7 layout', async () => {
      for (const cmd of ['status', 'hashkv']) {
        const args = [ep, 'endpoint', cmd, '-w', 'table'];
        const t = await cells36(args);
        const o = outcome(await ours(args, { env: V37 }));
        assert.deepEqual(o, { out: unicodeTable(t.header, t.rows), err: '', code: 0 }, cmd);
      }
    });

    test('status with alarms: the errors cell, trimmed, on one line', async () => {
      await arm();
      await arm(123n);
      try {
        const simple = outcome(await ours([ep, 'endpoint', 'status']));
        const row = simple.out.replace(/\n$/, '').split(', ');
        const cells = [...row.slice(0, 13), row.slice(13, -2).join(', ').trim(), ...row.slice(-2)];
        assert.match(cells[13], /^memberID:\d+ alarm:NOSPACE , memberID:\d+ alarm:NOSPACE$/);
        const header = (await cells36([ep, 'endpoint', 'status', '-w', 'table'])).header;
        const o = outcome(await ours([ep, 'endpoint', 'status', '-w', 'table'], { env: V37 }));
        // the server lists its alarms in no fixed order from one call to the next
        o.out = alarmsSorted(o.out);
        assert.deepEqual(o, { out: alarmsSorted(unicodeTable(header, [cells])), err: '', code: 0 });
      } finally {
        await disarm(123n);
        await disarm(id);
      }
    });

    test('no row (every endpoint failed): top border, header, bottom border', async () => {
      for (const cmd of ['status', 'hashkv']) {
        const args = [`--endpoints=${DEAD}`, '--command-timeout=500ms', 'endpoint', cmd, '-w', 'table'];
        const r = outcome(await real('3.5', args));
        const rt = parseTable(r.out);
        assert.equal(r.out, unicodeTable(rt.header, []), `${cmd}: the real 3.5.30 empty table`);
        assert.equal(r.out.split('\n').length, 4);
        const o36 = outcome(await ours(args));
        const o = outcome(await ours(args, { env: V37 }));
        assert.deepEqual(o, { ...o36, out: unicodeTable(parseTable(o36.out).header, []) }, cmd);
        assert.equal(o.err, r.err, `${cmd}: stderr as the real etcdctl`);
        assert.equal(o.code, 1);
      }
    });
  });
});

/** Sorts the objects of a `"members":[…]` list by their ID (decimal or hex string). */
function sortMembers(json: string): string {
  return json.replace(/"members":\[(.*)\]\}\n$/, (_, body: string) => {
    const items = body.match(/\{"ID":[^{}]*\}/g) ?? [];
    const key = (s: string): bigint => {
      const m = /"ID":("?)([0-9a-f]+)\1/.exec(s)!;
      return BigInt(m[1] ? `0x${m[2]}` : m[2]);
    };
    items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return `"members":[${items.join(',')}]}\n`;
  });
}
