// Differential tests for alarm list / disarm, and for what alarms do to endpoint health
// and status: the real etcdctl and ours against the same server (a 3.4 member, whose
// Alarm responses carry no header, and a 3.5 member, whose do). Alarms are raised on
// demand with the Alarm RPC (action ACTIVATE) through our generated client code.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { ours, real, type RunResult, outcomeOf, type Outcome } from '../support/run';
import { Maintenance } from '../../src/client/methods';
import { AlarmRequest, AlarmRequest_AlarmAction, AlarmType, type AlarmResponse } from '../../src/proto/gen/rpc';

const outcome = (r: RunResult): Outcome => outcomeOf(r);

/** Raises an alarm on the server behind `endpoint` (Alarm RPC, action ACTIVATE). */
function activate(endpoint: string, memberID: bigint, alarm: AlarmType): Promise<AlarmResponse> {
  const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
  const m = Maintenance.alarm;
  const req = AlarmRequest.fromPartial({ action: AlarmRequest_AlarmAction.ACTIVATE, memberID, alarm });
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      m.path,
      (v: AlarmRequest) => m.requestSerialize(v),
      (b: Buffer) => m.responseDeserialize(b),
      req,
      (err, res) => {
        client.close();
        if (err || !res) reject(err ?? new Error('no response'));
        else resolve(res);
      },
    );
  });
}

async function memberId(ep: string): Promise<bigint> {
  const r = await real('3.4', [`--endpoints=${ep}`, 'endpoint', 'status', '-w', 'json']);
  return BigInt(/"member_id":(\d+)/.exec(r.out)![1]);
}

/** 3.4 and 3.6 crash on a missing header (docs/etcdctl-behaviour.md §4.4); we print a zero header like 3.7. */
const ZERO_HEADER = '"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n';

function suite(flavor: EtcdFlavor): void {
  describe(`alarms on a ${flavor} server`, () => {
    let cluster: Cluster;
    let ep: string;
    let id: bigint;
    /** Raises NOSPACE for this member. (The server keeps alarms in a Go map, so the order of
     * several alarms varies from call to call: exact comparisons use one alarm.) */
    const arm = async (): Promise<void> => {
      await activate(cluster.endpoints[0], id, AlarmType.NOSPACE);
    };

    before(async () => {
      cluster = await startCluster({ size: 1, flavor });
      ep = `--endpoints=${cluster.endpoints[0]}`;
      id = await memberId(cluster.endpoints[0]);
    });
    after(async () => {
      await cluster?.stop();
    });

    async function check(args: string[], expect?: (o: Outcome) => Outcome): Promise<Outcome> {
      const r = outcome(await real(flavor, args));
      const o = outcome(await ours(args));
      assert.deepEqual(o, expect ? expect(r) : r, `etcdctl ${args.join(' ')}`);
      return o;
    }

    test('no alarm: list prints nothing; json', async () => {
      assert.deepEqual(await check([ep, 'alarm', 'list']), { out: '', err: '', code: 0 });
      await check([ep, 'alarm', 'list', '-w', 'json']);
    });
    test('arguments are refused (exit 128)', async () => {
      await check([ep, 'alarm', 'list', 'x']);
      await check([ep, 'alarm', 'disarm', 'x', 'y']);
    });

    test('list: simple, json, protobuf; table refused', async () => {
      await arm();
      const s = await check([ep, 'alarm', 'list']);
      assert.equal(s.out, `memberID:${id} alarm:NOSPACE \n`);
      await check([ep, 'alarm', 'list', '-w', 'json']);
      await check([ep, 'alarm', 'list', '-w', 'protobuf']);
      await check([ep, 'alarm', 'list', '-w', 'table']);
    });

    if (flavor === '3.4') {
      test('list -w fields without header: etcdctl panics (exit 2); ours prints a zero header', async () => {
        await check([ep, 'alarm', 'list', '-w', 'fields'], (r) => {
          assert.equal(r.code, 2);
          assert.match(r.err, /^panic: runtime error: invalid memory address or nil pointer dereference\n/);
          return { code: 0, err: '', out: `${ZERO_HEADER}"MemberID" : ${id}\n"AlarmType" : NOSPACE\n\n` };
        });
      });
    } else {
      test('list -w fields with header: Revision line dropped when 0 (3.6, docs/etcdctl-behaviour.md §11.4 #7)', async () => {
        await check([ep, 'alarm', 'list', '-w', 'fields'], (r) => ({
          ...r,
          out: r.out.replace(/^"Revision" : 0\n/m, ''),
        }));
      });
      test('list -w fields --hex: member IDs in hex (3.6, docs/etcdctl-behaviour.md §11.4 #8)', async () => {
        await check([ep, '--hex', 'alarm', 'list', '-w', 'fields'], (r) => ({
          ...r,
          out: r.out
            .replace(/^"Revision" : 0\n/m, '')
            .replace(
              /^"(ClusterID|MemberID)" : (\d+)$/gm,
              (_, k: string, v: string) => `"${k}" : ${BigInt(v).toString(16)}`,
            ),
        }));
      });
    }

    test('endpoint status shows the alarms in the errors column (3.6: 16 columns)', async () => {
      const o = outcome(await ours([ep, 'endpoint', 'status']));
      const r = outcome(await real(flavor, [ep, 'endpoint', 'status']));
      const errors = r.out.replace(/\n$/, '').split(', ').slice(9).join(', ');
      assert.match(errors, /memberID:\d+ alarm:NOSPACE /);
      assert.equal(o.code, 0);
      assert.equal(o.out.replace(/\n$/, '').split(', ').slice(13, -2).join(', '), errors);
    });

    test('endpoint health with alarms: unhealthy (3.5 oracle = 3.6, docs/etcdctl-behaviour.md §11.4 #2)', async () => {
      const o = outcome(await ours([ep, 'endpoint', 'health']));
      const r = outcome(await real('3.5', [ep, 'endpoint', 'health']));
      assert.deepEqual(o, r);
      assert.equal(
        o.err,
        `${cluster.endpoints[0]} is unhealthy: failed to commit proposal: Active Alarm(s): NOSPACE \nError: unhealthy cluster\n`,
      );
      const oj = outcome(await ours([ep, 'endpoint', 'health', '-w', 'json']));
      const rj = outcome(await real('3.5', [ep, 'endpoint', 'health', '-w', 'json']));
      const took = /"took":"([^"]+)"/.exec(oj.out)![1];
      assert.deepEqual(oj, { ...rj, out: rj.out.replace(/"took":"[^"]+"/, `"took":"${took}"`) });
    });

    test('disarm (simple): prints what it deactivated', async () => {
      const r = outcome(await real(flavor, [ep, 'alarm', 'disarm']));
      await arm();
      const o = outcome(await ours([ep, 'alarm', 'disarm']));
      assert.deepEqual(o, r);
      assert.equal(o.out, `memberID:${id} alarm:NOSPACE \n`);
      assert.deepEqual(outcome(await ours([ep, 'alarm', 'list'])), { out: '', err: '', code: 0 });
    });

    test('disarm -w json: no header (the client builds the response)', async () => {
      await arm();
      const r = outcome(await real(flavor, [ep, 'alarm', 'disarm', '-w', 'json']));
      await arm();
      const o = outcome(await ours([ep, 'alarm', 'disarm', '-w', 'json']));
      assert.deepEqual(o, r);
      assert.equal(o.out, `{"alarms":[{"memberID":${id},"alarm":1}]}\n`);
    });

    test('several alarms (types NOSPACE and CORRUPT, two members): same lines, in any order', async () => {
      const raise = async (): Promise<void> => {
        await activate(cluster.endpoints[0], id, AlarmType.NOSPACE);
        await activate(cluster.endpoints[0], 123n, AlarmType.CORRUPT);
      };
      await raise();
      const sorted = (x: Outcome): Outcome => ({ ...x, out: x.out.split('\n').sort().join('\n') });
      const rl = outcome(await real(flavor, [ep, 'alarm', 'list']));
      const ol = outcome(await ours([ep, 'alarm', 'list']));
      assert.deepEqual(sorted(ol), sorted(rl));
      assert.ok(ol.out.includes('memberID:123 alarm:CORRUPT \n'));
      const rd = outcome(await real(flavor, [ep, 'alarm', 'disarm']));
      await raise();
      const od = outcome(await ours([ep, 'alarm', 'disarm']));
      assert.deepEqual(sorted(od), sorted(rd));
      assert.equal(od.out.split('\n').filter(Boolean).length, 2);
    });

    test('disarm with nothing to disarm: simple empty, json {}', async () => {
      await check([ep, 'alarm', 'disarm']);
      await check([ep, 'alarm', 'disarm', '-w', 'json']);
    });

    test('disarm -w fields: etcdctl panics (no header); ours prints a zero header', async () => {
      await check([ep, 'alarm', 'disarm', '-w', 'fields'], (r) => {
        assert.equal(r.code, 2);
        assert.match(r.err, /^panic: runtime error: invalid memory address or nil pointer dereference\n/);
        return { code: 0, err: '', out: ZERO_HEADER };
      });
    });

    test('endpoint health after disarm: healthy again', async () => {
      const o = outcome(await ours([ep, 'endpoint', 'health']));
      assert.equal(o.code, 0);
      assert.match(o.out, /^127\.0\.0\.1:\d+ is healthy: successfully committed proposal: took = \S+\n$/);
    });
  });
}

suite('3.4');
suite('3.5');
