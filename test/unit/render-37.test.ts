// The printers of the 3.7 line, against the literal examples of spec 3.7 (§4.3 watch JSON,
// §5 lease revoke -w protobuf, §6.1 member JSON --hex, §6.2 alarm lines, §6.3 fields without
// header, §6.4 tables), each next to the unchanged 3.6 bytes of the same response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, type KindRenderers, type RenderOptions } from '../../src/output/printer';
import {
  memberAddRenderers,
  memberListRenderers,
  memberPromoteRenderers,
  memberRemoveRenderers,
  memberUpdateRenderers,
} from '../../src/output/member';
import { alarmRenderers } from '../../src/output/alarm';
import { watchJson, watchRenderers } from '../../src/output/watch';
import { revokeRenderers } from '../../src/output/lease';
import { hashKVRenderers, healthRenderers } from '../../src/output/endpoint';
import {
  AlarmResponse,
  AlarmType,
  LeaseRevokeResponse,
  MemberAddResponse,
  MemberListResponse,
  MemberPromoteResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
} from '../../src/proto/gen/rpc';
import { Event_EventType, KeyValue } from '../../src/proto/gen/kv';
import type { OutputFormat } from '../../src/settings';
import type { WatchView } from '../../src/watch-types';

const O37: RenderOptions = { hex: false, compat: '3.7' };
const O36: RenderOptions = { hex: false, compat: '3.6' };
const HEX37: RenderOptions = { hex: true, compat: '3.7' };
const HEX36: RenderOptions = { hex: true, compat: '3.6' };
const text = <T>(r: KindRenderers<T>, f: OutputFormat, v: T, o: RenderOptions): string =>
  Buffer.from(render(r, f, v, o)).toString('utf8');

// docs/etcdctl-3.7-behaviour.md §6.1: cluster c8730d66636ff140, voter s1 = 9e737febb6b99eee, unstarted learner c1defb47f29e5e35
const header = { cluster_id: 0xc8730d66636ff140n, member_id: 0x9e737febb6b99eeen, revision: 0n, raft_term: 2n };
const s1 = {
  ID: 0x9e737febb6b99eeen,
  name: 's1',
  peerURLs: ['http://127.0.0.1:22380'],
  clientURLs: ['http://127.0.0.1:22379'],
  isLearner: false,
};
const n2 = { ID: 0xc1defb47f29e5e35n, name: '', peerURLs: ['http://127.0.0.1:22390'], clientURLs: [], isLearner: true };
const HDR37 = '{"cluster_id":"c8730d66636ff140","member_id":"9e737febb6b99eee","raft_term":2}';
const S1_37 =
  '{"ID":"9e737febb6b99eee","name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]}';
const N2_37 = '{"ID":"c1defb47f29e5e35","peerURLs":["http://127.0.0.1:22390"],"isLearner":true}';

test('member list -w json --hex (docs/etcdctl-3.7-behaviour.md §6.1 example); 3.6: the hand-built form', () => {
  const list = MemberListResponse.fromPartial({ header, members: [s1, n2] });
  assert.equal(text(memberListRenderers, 'json', list, HEX37), `{"header":${HDR37},"members":[${S1_37},${N2_37}]}\n`);
  assert.equal(
    text(memberListRenderers, 'json', list, HEX36),
    '{"header":{"cluster_id":"c8730d66636ff140","member_id":"9e737febb6b99eee","raft_term":2},"members":[{"ID":"9e737febb6b99eee","name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]},{"ID":"c1defb47f29e5e35","name":"","peerURLs":["http://127.0.0.1:22390"],"clientURLs":null}]}\n',
  );
  // without --hex both lines print the decimal JSON
  assert.equal(text(memberListRenderers, 'json', list, O37), text(memberListRenderers, 'json', list, O36));
});

test('member add/remove/update/promote -w json --hex (docs/etcdctl-3.7-behaviour.md §6.1); 3.6 ignores --hex there', () => {
  const add = MemberAddResponse.fromPartial({ header, member: n2, members: [s1, n2] });
  const added = { resp: add, name: 'n2', peerUrls: 'http://127.0.0.1:22390' };
  assert.equal(
    text(memberAddRenderers, 'json', added, HEX37),
    `{"header":${HDR37},"member":${N2_37},"members":[${S1_37},${N2_37}]}\n`,
  );
  assert.equal(
    text(memberAddRenderers, 'json', added, HEX36),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2},"member":{"ID":13969879380581572149,"peerURLs":["http://127.0.0.1:22390"],"isLearner":true},"members":[{"ID":11417610130673999598,"name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]},{"ID":13969879380581572149,"peerURLs":["http://127.0.0.1:22390"],"isLearner":true}]}\n',
  );
  const want = `{"header":${HDR37},"members":[${S1_37}]}\n`;
  const id = n2.ID;
  assert.equal(
    text(
      memberRemoveRenderers,
      'json',
      { id, resp: MemberRemoveResponse.fromPartial({ header, members: [s1] }) },
      HEX37,
    ),
    want,
  );
  assert.equal(
    text(
      memberUpdateRenderers,
      'json',
      { id, resp: MemberUpdateResponse.fromPartial({ header, members: [s1] }) },
      HEX37,
    ),
    want,
  );
  assert.equal(
    text(
      memberPromoteRenderers,
      'json',
      { id, resp: MemberPromoteResponse.fromPartial({ header, members: [s1] }) },
      HEX37,
    ),
    want,
  );
  assert.match(
    text(
      memberRemoveRenderers,
      'json',
      { id, resp: MemberRemoveResponse.fromPartial({ header, members: [s1] }) },
      HEX36,
    ),
    /^\{"header":\{"cluster_id":14443903163313418560,/,
  );
});

test('member hex JSON: escaped names, revision and raft_term omitted when 0, [] for no member, null header', () => {
  const odd = MemberListResponse.fromPartial({
    header: { ...header, revision: 7n, raft_term: 0n },
    members: [{ ...s1, name: 'a<b>&"c' }],
  });
  assert.equal(
    text(memberListRenderers, 'json', odd, HEX37),
    '{"header":{"cluster_id":"c8730d66636ff140","member_id":"9e737febb6b99eee","revision":7},"members":[{"ID":"9e737febb6b99eee","name":"a\\u003cb\\u003e\\u0026\\"c","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]}]}\n',
  );
  assert.equal(
    text(memberListRenderers, 'json', MemberListResponse.fromPartial({}), HEX37),
    '{"header":null,"members":[]}\n',
  );
  const add = MemberAddResponse.fromPartial({ header });
  assert.equal(
    text(memberAddRenderers, 'json', { resp: add, name: 'x', peerUrls: 'u' }, HEX37),
    `{"header":${HDR37},"member":null,"members":[]}\n`,
  );
});

const alarms = AlarmResponse.fromPartial({
  alarms: [
    { memberID: 11417610130673999598n, alarm: AlarmType.NOSPACE },
    { memberID: 0n, alarm: AlarmType.CORRUPT },
    { memberID: 5n, alarm: 7 as AlarmType },
  ],
});

test('alarm simple lines (docs/etcdctl-3.7-behaviour.md §6.2): one space between fields, none trailing; 3.6 one after each', () => {
  assert.equal(
    text(alarmRenderers, 'simple', alarms, O37),
    'memberID:11417610130673999598 alarm:NOSPACE\nalarm:CORRUPT\nmemberID:5 alarm:7\n',
  );
  assert.equal(
    text(alarmRenderers, 'simple', alarms, O36),
    'memberID:11417610130673999598 alarm:NOSPACE \nalarm:CORRUPT \nmemberID:5 alarm:7 \n',
  );
});

test('alarm disarm -w fields without header (docs/etcdctl-3.7-behaviour.md §6.3 example); --hex IDs print 0', () => {
  const one = AlarmResponse.fromPartial({ alarms: [alarms.alarms[0]] });
  assert.equal(
    text(alarmRenderers, 'fields', one, O37),
    '"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n"MemberID" : 11417610130673999598\n"AlarmType" : NOSPACE\n\n',
  );
  assert.equal(
    text(alarmRenderers, 'fields', one, HEX37),
    '"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n"MemberID" : 9e737febb6b99eee\n"AlarmType" : NOSPACE\n\n',
  );
  assert.equal(
    text(alarmRenderers, 'fields', AlarmResponse.fromPartial({}), O37),
    '"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n',
  );
});

const wHeader = { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 21n, raft_term: 2n };
const kv = KeyValue.fromPartial({
  key: Buffer.from('w1'),
  create_revision: 21n,
  mod_revision: 21n,
  version: 1n,
  value: Buffer.from('v1'),
});
const view = (v: Partial<WatchView>): WatchView => ({
  header: wHeader,
  events: [],
  compactRevision: 0n,
  canceled: false,
  created: false,
  ...v,
});

test('watch JSON (docs/etcdctl-3.7-behaviour.md §4.3 examples): CancelReason, Events null without events', () => {
  const H = '"Header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":21,"raft_term":2}';
  const ev = view({ events: [{ type: Event_EventType.PUT, kv, prev_kv: undefined }] });
  const EV = '"Events":[{"kv":{"key":"dzE=","create_revision":21,"mod_revision":21,"version":1,"value":"djE="}}]';
  assert.equal(watchJson(ev, '3.6'), `{${H},${EV},"CompactRevision":0,"Canceled":false,"Created":false}\n`);
  assert.equal(
    watchJson(ev, '3.7'),
    `{${H},${EV},"CompactRevision":0,"Canceled":false,"Created":false,"CancelReason":""}\n`,
  );
  const compacted = view({ header: { ...wHeader, revision: 0n }, compactRevision: 6n, canceled: true });
  const HC = '"Header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2}';
  assert.equal(
    watchJson(compacted, '3.6'),
    `{${HC},"Events":[],"CompactRevision":6,"Canceled":true,"Created":false}\n`,
  );
  assert.equal(
    text(watchRenderers(), 'json', compacted, O37),
    `{${HC},"Events":null,"CompactRevision":6,"Canceled":true,"Created":false,"CancelReason":""}\n`,
  );
  // the final response of a refused stream: empty header, null events, in both lines
  const closed = view({ header: { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n }, events: null });
  assert.equal(
    watchJson(closed, '3.7'),
    '{"Header":{},"Events":null,"CompactRevision":0,"Canceled":false,"Created":false,"CancelReason":""}\n',
  );
  assert.equal(
    watchJson(closed, '3.6'),
    '{"Header":{},"Events":null,"CompactRevision":0,"Canceled":false,"Created":false}\n',
  );
});

test('lease revoke -w protobuf (docs/etcdctl-3.7-behaviour.md §5): *clientv3.LeaseRevokeResponse, a &{…} dump; exit 4', () => {
  const resp = LeaseRevokeResponse.fromPartial({ header: wHeader });
  const err = (o: RenderOptions): { code: number; message: string } => {
    try {
      render(revokeRenderers, 'protobuf', { id: 1n, resp }, o);
    } catch (e) {
      return e as { code: number; message: string };
    }
    throw new Error('no error');
  };
  assert.equal(err(O37).code, 4);
  assert.equal(
    err(O37).message,
    'marshal unsupported for type *clientv3.LeaseRevokeResponse (&{{{} [] [] <nil>} cluster_id:14443903163313418560 member_id:11417610130673999598 revision:21 raft_term:2 [] 0})',
  );
  assert.equal(
    err(O36).message,
    'marshal unsupported for type clientv3.LeaseRevokeResponse ({cluster_id:14443903163313418560 member_id:11417610130673999598 revision:21 raft_term:2  {} [] 0})',
  );
});

test('endpoint tables (docs/etcdctl-3.7-behaviour.md §6.4 examples)', () => {
  assert.equal(
    text(healthRenderers, 'table', [{ ep: '127.0.0.1:2379', health: true, took: '1.220695ms', error: '' }], O37),
    '┌────────────────┬────────┬────────────┬───────┐\n' +
      '│    ENDPOINT    │ HEALTH │    TOOK    │ ERROR │\n' +
      '├────────────────┼────────┼────────────┼───────┤\n' +
      '│ 127.0.0.1:2379 │   true │ 1.220695ms │       │\n' +
      '└────────────────┴────────┴────────────┴───────┘\n',
  );
  const hk = {
    ep: '127.0.0.1:2379',
    resp: { header: wHeader, hash: 3153712301, compact_revision: 0n, hash_revision: 5n },
  };
  assert.equal(
    text(hashKVRenderers, 'table', [hk], O37),
    '┌────────────────┬────────────┬───────────────┐\n' +
      '│    ENDPOINT    │    HASH    │ HASH REVISION │\n' +
      '├────────────────┼────────────┼───────────────┤\n' +
      '│ 127.0.0.1:2379 │ 3153712301 │             5 │\n' +
      '└────────────────┴────────────┴───────────────┘\n',
  );
  const list = MemberListResponse.fromPartial({ header, members: [s1, n2] });
  assert.equal(
    text(memberListRenderers, 'table', list, O37),
    '┌──────────────────┬───────────┬──────┬────────────────────────┬────────────────────────┬────────────┐\n' +
      '│        ID        │  STATUS   │ NAME │       PEER ADDRS       │      CLIENT ADDRS      │ IS LEARNER │\n' +
      '├──────────────────┼───────────┼──────┼────────────────────────┼────────────────────────┼────────────┤\n' +
      '│ 9e737febb6b99eee │   started │   s1 │ http://127.0.0.1:22380 │ http://127.0.0.1:22379 │      false │\n' +
      '│ c1defb47f29e5e35 │ unstarted │      │ http://127.0.0.1:22390 │                        │       true │\n' +
      '└──────────────────┴───────────┴──────┴────────────────────────┴────────────────────────┴────────────┘\n',
  );
  assert.ok(text(memberListRenderers, 'table', list, O36).startsWith('+------------------+'));
});
