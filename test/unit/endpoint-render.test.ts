// Results -> text for endpoint health/status/hashkv (docs/etcdctl-behaviour.md §8.4) and alarm list/disarm
// (docs/etcdctl-behaviour.md §8.5): 3.4 observations where 3.6 agrees, the 3.6 changes of docs/etcdctl-behaviour.md §11.4 otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '../../src/output/printer';
import {
  hashKVRenderers,
  healthRenderers,
  healthSimpleLines,
  percentNotInUse,
  statusRenderers,
  type EpHashKV,
  type EpHealth,
  type EpStatus,
} from '../../src/output/endpoint';
import { alarmMemberText, alarmRenderers } from '../../src/output/alarm';
import { AlarmResponse, AlarmType, HashKVResponse, StatusResponse } from '../../src/proto/gen/rpc';

const header = { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 20n, raft_term: 2n };
const plain = { hex: false, compat: '3.6' as const };

const healthy: EpHealth = { ep: '127.0.0.1:22379', health: true, took: '1.163697ms', error: '' };
const dead: EpHealth = { ep: '127.0.0.1:1', health: false, took: '5.000181714s', error: 'context deadline exceeded' };

test('health simple: healthy on stdout, unhealthy on stderr (3.6)', () => {
  assert.deepEqual(healthSimpleLines([healthy, dead]), [
    { stream: 'stdout', text: '127.0.0.1:22379 is healthy: successfully committed proposal: took = 1.163697ms\n' },
    { stream: 'stderr', text: '127.0.0.1:1 is unhealthy: failed to commit proposal: context deadline exceeded\n' },
  ]);
  assert.equal(
    render(healthRenderers, 'simple', [healthy, dead], plain),
    '127.0.0.1:22379 is healthy: successfully committed proposal: took = 1.163697ms\n',
  );
});

test('health json / table / fields (observed shapes)', () => {
  assert.equal(
    render(healthRenderers, 'json', [healthy, dead], plain),
    '[{"endpoint":"127.0.0.1:22379","health":true,"took":"1.163697ms"},{"endpoint":"127.0.0.1:1","health":false,"took":"5.000181714s","error":"context deadline exceeded"}]\n',
  );
  assert.equal(render(healthRenderers, 'json', [], plain), 'null\n'); // 3.6: nil slice (docs/etcdctl-behaviour.md §11.4 #6)
  assert.equal(
    render(healthRenderers, 'table', [healthy], plain),
    '+-----------------+--------+------------+-------+\n' +
      '|    ENDPOINT     | HEALTH |    TOOK    | ERROR |\n' +
      '+-----------------+--------+------------+-------+\n' +
      '| 127.0.0.1:22379 |   true | 1.163697ms |       |\n' +
      '+-----------------+--------+------------+-------+\n',
  );
  assert.equal(
    render(healthRenderers, 'fields', [healthy], plain),
    '"Endpoint" : "127.0.0.1:22379"\n"Health" : true\n"Took" : 1.163697ms\n"Error" : \n\n',
  );
  assert.throws(() => render(healthRenderers, 'protobuf', [healthy], plain), /protobuf not supported as output format/);
});

const status = StatusResponse.fromPartial({
  header,
  version: '3.4.23',
  dbSize: 20480n,
  leader: 11417610130673999598n,
  raftIndex: 40n,
  raftTerm: 2n,
  raftAppliedIndex: 40n,
  dbSizeInUse: 16384n,
});
const st: EpStatus = { ep: '127.0.0.1:22379', resp: status };

test('status simple: the 16 columns of 3.6 (docs/etcdctl-behaviour.md §8.4 example for a 3.4 server)', () => {
  assert.equal(
    render(statusRenderers, 'simple', [st], plain),
    '127.0.0.1:22379, 9e737febb6b99eee, 3.4.23, , 20 kB, 16 kB, 20%, 0 B, true, false, 2, 40, 40, , , false\n',
  );
  const alarmed = StatusResponse.fromPartial({
    ...status,
    errors: ['memberID:11417610130673999598 alarm:NOSPACE ', 'memberID:1 alarm:CORRUPT '],
    storageVersion: '3.6.0',
    dbSizeQuota: 2147483648n,
    downgradeInfo: { enabled: true, targetVersion: '3.5.0' },
  });
  assert.equal(
    render(statusRenderers, 'simple', [{ ep: 'x', resp: alarmed }], plain),
    'x, 9e737febb6b99eee, 3.4.23, 3.6.0, 20 kB, 16 kB, 20%, 2.1 GB, true, false, 2, 40, 40, ' +
      'memberID:11417610130673999598 alarm:NOSPACE , memberID:1 alarm:CORRUPT , 3.5.0, true\n',
  );
});

test('status: percentage not in use (integer division); db size 0 prints 0% instead of panicking', () => {
  assert.equal(percentNotInUse(20480n, 16384n), '20%');
  assert.equal(percentNotInUse(3n, 1n), '67%');
  assert.equal(percentNotInUse(0n, 0n), '0%');
});

test('status json: the StatusResponse with omitempty; downgradeInfo {} when present but zero', () => {
  assert.equal(
    render(statusRenderers, 'json', [st], plain),
    '[{"Endpoint":"127.0.0.1:22379","Status":{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":20,"raft_term":2},"version":"3.4.23","dbSize":20480,"leader":11417610130673999598,"raftIndex":40,"raftTerm":2,"raftAppliedIndex":40,"dbSizeInUse":16384}}]\n',
  );
  const v36 = StatusResponse.fromPartial({ ...status, storageVersion: '3.6.0', dbSizeQuota: 2n, downgradeInfo: {} });
  assert.match(
    Buffer.from(render(statusRenderers, 'json', [{ ep: 'e', resp: v36 }], plain)).toString(),
    /"dbSizeInUse":16384,"storageVersion":"3\.6\.0","dbSizeQuota":2,"downgradeInfo":\{\}\}\}\]\n$/,
  );
  assert.equal(render(statusRenderers, 'json', [], plain), 'null\n');
});

test('status fields (3.6 lines) and table headers', () => {
  assert.equal(
    render(statusRenderers, 'fields', [st], plain),
    '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 20\n"RaftTerm" : 2\n' +
      '"Version" : "3.4.23"\n"StorageVersion" : ""\n"DBSize" : 20480\n"DBSizeInUse" : 16384\n"DBSizeQuota" : 0\n' +
      '"Leader" : 11417610130673999598\n"IsLearner" : false\n"RaftIndex" : 40\n"RaftTerm" : 2\n"RaftAppliedIndex" : 40\n' +
      '"Errors" : []\n"Endpoint" : "127.0.0.1:22379"\n"DowngradeTargetVersion" : ""\n"DowngradeEnabled" : false\n\n',
  );
  const table = Buffer.from(render(statusRenderers, 'table', [st], plain)).toString();
  assert.equal(
    table.split('\n')[1],
    '|    ENDPOINT     |        ID        | VERSION | STORAGE VERSION | DB SIZE | IN USE | PERCENTAGE NOT IN USE | QUOTA | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS | DOWNGRADE TARGET VERSION | DOWNGRADE ENABLED |',
  );
  assert.equal(
    table.split('\n')[3],
    '| 127.0.0.1:22379 | 9e737febb6b99eee |  3.4.23 |                 |   20 kB |  16 kB |                   20% |   0 B |      true |      false |         2 |         40 |                 40 |        |                          |             false |',
  );
});

const hk: EpHashKV = {
  ep: '127.0.0.1:22379',
  resp: HashKVResponse.fromPartial({ header, hash: 3263519515, compact_revision: -1n, hash_revision: 20n }),
};

test('hashkv: 3.6 adds the hash revision (simple, table, fields); json is the response', () => {
  assert.equal(render(hashKVRenderers, 'simple', [hk], plain), '127.0.0.1:22379, 3263519515, 20\n');
  assert.equal(
    render(hashKVRenderers, 'json', [hk], plain),
    '[{"Endpoint":"127.0.0.1:22379","HashKV":{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":20,"raft_term":2},"hash":3263519515,"compact_revision":-1,"hash_revision":20}}]\n',
  );
  assert.equal(
    render(hashKVRenderers, 'table', [hk], plain),
    '+-----------------+------------+---------------+\n' +
      '|    ENDPOINT     |    HASH    | HASH REVISION |\n' +
      '+-----------------+------------+---------------+\n' +
      '| 127.0.0.1:22379 | 3263519515 |            20 |\n' +
      '+-----------------+------------+---------------+\n',
  );
  assert.equal(
    render(hashKVRenderers, 'fields', [hk], { hex: true, compat: '3.6' as const }),
    '"ClusterID" : c8730d66636ff140\n"MemberID" : 9e737febb6b99eee\n"Revision" : 20\n"RaftTerm" : 2\n' +
      '"Endpoint" : "127.0.0.1:22379"\n"Hash" : 3263519515\n"HashRevision" : 20\n\n',
  );
});

test('alarm text: compact protobuf text with trailing space (observed)', () => {
  assert.equal(
    alarmMemberText({ memberID: 11417610130673999598n, alarm: AlarmType.NOSPACE }),
    'memberID:11417610130673999598 alarm:NOSPACE ',
  );
  assert.equal(alarmMemberText({ memberID: 0n, alarm: AlarmType.CORRUPT }), 'alarm:CORRUPT ');
  assert.equal(alarmMemberText({ memberID: 5n, alarm: 7 as AlarmType }), 'memberID:5 alarm:7 ');
});

test('alarm list renderers (3.4 server: no header)', () => {
  const resp = AlarmResponse.fromPartial({ alarms: [{ memberID: 11417610130673999598n, alarm: AlarmType.NOSPACE }] });
  assert.equal(render(alarmRenderers, 'simple', resp, plain), 'memberID:11417610130673999598 alarm:NOSPACE \n');
  assert.equal(
    render(alarmRenderers, 'json', resp, plain),
    '{"alarms":[{"memberID":11417610130673999598,"alarm":1}]}\n',
  );
  assert.equal(render(alarmRenderers, 'json', AlarmResponse.fromPartial({}), plain), '{}\n');
  // etcdctl 3.6 panics here (nil header); we print a zero header like 3.7 (docs/etcdctl-behaviour.md §4.4).
  assert.equal(
    render(alarmRenderers, 'fields', resp, { hex: true, compat: '3.6' as const }),
    '"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n"MemberID" : 9e737febb6b99eee\n"AlarmType" : NOSPACE\n\n',
  );
  const withHeader = AlarmResponse.fromPartial({ ...resp, header: { ...header, revision: 0n } });
  assert.equal(
    render(alarmRenderers, 'fields', withHeader, plain),
    '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"RaftTerm" : 2\n"MemberID" : 11417610130673999598\n"AlarmType" : NOSPACE\n\n',
  );
  assert.throws(() => render(alarmRenderers, 'table', resp, plain), /table not supported as output format/);
  assert.deepEqual(AlarmResponse.decode(render(alarmRenderers, 'protobuf', resp, plain) as Uint8Array), resp);
});
