// Response -> text for member add/remove/update/promote/list and move-leader, with the
// outputs observed from the real etcdctl (docs/etcdctl-behaviour.md §8.1-8.3, §8.8) and the 3.6 changes
// (docs/etcdctl-behaviour.md §11.4 #7, #8, #9, #10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '../../src/output/printer';
import {
  hexPad16,
  memberAddRenderers,
  memberListRenderers,
  memberPromoteRenderers,
  memberRemoveRenderers,
  memberUpdateRenderers,
  moveLeaderRenderers,
} from '../../src/output/member';
import {
  MemberAddResponse,
  MemberListResponse,
  MemberRemoveResponse,
  MoveLeaderResponse,
} from '../../src/proto/gen/rpc';
import { CliError } from '../../src/errors';

const header = { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 0n, raft_term: 2n };
const s1 = {
  ID: 11417610130673999598n,
  name: 's1',
  peerURLs: ['http://127.0.0.1:22380'],
  clientURLs: ['http://127.0.0.1:22379'],
  isLearner: false,
};
const n2 = {
  ID: 13969879380581572149n,
  name: '',
  peerURLs: ['http://127.0.0.1:22390'],
  clientURLs: [],
  isLearner: true,
};
const list = MemberListResponse.fromPartial({ header, members: [s1, n2] });
const plain = { hex: false, compat: '3.6' as const };
const text = (r: string | Uint8Array) => Buffer.from(r).toString('latin1');

test('%16x pads with spaces', () => {
  assert.equal(hexPad16(0xc1defb47f29e5e35n), 'c1defb47f29e5e35');
  assert.equal(hexPad16(0xabcn), '             abc');
});

test('member list simple (observed)', () => {
  assert.equal(
    render(memberListRenderers, 'simple', list, plain),
    '9e737febb6b99eee, started, s1, http://127.0.0.1:22380, http://127.0.0.1:22379, false\n' +
      'c1defb47f29e5e35, unstarted, , http://127.0.0.1:22390, , true\n',
  );
});

test('member list table (observed)', () => {
  assert.equal(
    render(memberListRenderers, 'table', list, plain),
    '+------------------+-----------+------+------------------------+------------------------+------------+\n' +
      '|        ID        |  STATUS   | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |\n' +
      '+------------------+-----------+------+------------------------+------------------------+------------+\n' +
      '| 9e737febb6b99eee |   started |   s1 | http://127.0.0.1:22380 | http://127.0.0.1:22379 |      false |\n' +
      '| c1defb47f29e5e35 | unstarted |      | http://127.0.0.1:22390 |                        |       true |\n' +
      '+------------------+-----------+------+------------------------+------------------------+------------+\n',
  );
});

test('member list json (observed)', () => {
  assert.equal(
    render(memberListRenderers, 'json', list, plain),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2},"members":[{"ID":11417610130673999598,"name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]},{"ID":13969879380581572149,"peerURLs":["http://127.0.0.1:22390"],"isLearner":true}]}\n',
  );
});

test('member list json --hex: the hand-built 3.6 JSON (nil URL list = null, name raw)', () => {
  assert.equal(
    render(memberListRenderers, 'json', list, { hex: true, compat: '3.6' as const }),
    '{"header":{"cluster_id":"c8730d66636ff140","member_id":"9e737febb6b99eee","raft_term":2},"members":[' +
      '{"ID":"9e737febb6b99eee","name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]},' +
      '{"ID":"c1defb47f29e5e35","name":"","peerURLs":["http://127.0.0.1:22390"],"clientURLs":null}]}\n',
  );
  const odd = MemberListResponse.fromPartial({ header, members: [{ ...s1, name: 'a"<b' }] });
  assert.match(text(render(memberListRenderers, 'json', odd, { hex: true, compat: '3.6' as const })), /"name":"a"<b"/);
  const empty = MemberListResponse.fromPartial({ header, members: [] });
  assert.equal(
    render(memberListRenderers, 'json', empty, { hex: true, compat: '3.6' as const }),
    '{"header":{"cluster_id":"c8730d66636ff140","member_id":"9e737febb6b99eee","raft_term":2}}\n',
  );
});

test('member list fields: no Revision line when 0 (3.6), hex IDs with --hex', () => {
  const expected =
    '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"RaftTerm" : 2\n' +
    '"ID" : 11417610130673999598\n"Name" : "s1"\n"PeerURL" : "http://127.0.0.1:22380"\n"ClientURL" : "http://127.0.0.1:22379"\n"IsLearner" : false\n\n' +
    '"ID" : 13969879380581572149\n"Name" : ""\n"PeerURL" : "http://127.0.0.1:22390"\n"IsLearner" : true\n\n';
  assert.equal(render(memberListRenderers, 'fields', list, plain), expected);
  assert.equal(
    render(memberListRenderers, 'fields', list, { hex: true, compat: '3.6' as const }),
    expected
      .replace('14443903163313418560', 'c8730d66636ff140')
      .replace(/11417610130673999598/g, '9e737febb6b99eee')
      .replace('13969879380581572149', 'c1defb47f29e5e35'),
  );
});

test('member list protobuf round-trips', () => {
  const bytes = render(memberListRenderers, 'protobuf', list, plain) as Uint8Array;
  assert.deepEqual(MemberListResponse.decode(bytes), list);
});

const addResp = MemberAddResponse.fromPartial({
  header: { ...header, member_id: s1.ID },
  member: n2,
  members: [s1, n2],
});

test('member add simple: learner wording (3.6) and the ETCD_* block', () => {
  assert.equal(
    render(memberAddRenderers, 'simple', { resp: addResp, name: 'n2', peerUrls: 'http://127.0.0.1:22390' }, plain),
    'Member c1defb47f29e5e35 added as learner to cluster c8730d66636ff140\n' +
      '\n' +
      'ETCD_NAME="n2"\n' +
      'ETCD_INITIAL_CLUSTER="s1=http://127.0.0.1:22380,n2=http://127.0.0.1:22390"\n' +
      'ETCD_INITIAL_ADVERTISE_PEER_URLS="http://127.0.0.1:22390"\n' +
      'ETCD_INITIAL_CLUSTER_STATE="existing"\n',
  );
  const voter = MemberAddResponse.fromPartial({ ...addResp, member: { ...n2, isLearner: false } });
  const out = text(
    render(memberAddRenderers, 'simple', { resp: voter, name: 'n"2', peerUrls: 'http://a:1,http://b:2' }, plain),
  );
  assert.match(out, /^Member c1defb47f29e5e35 added to cluster c8730d66636ff140\n\nETCD_NAME="n\\"2"\n/);
  assert.match(out, /\nETCD_INITIAL_ADVERTISE_PEER_URLS="http:\/\/a:1,http:\/\/b:2"\n/);
});

test('member add: json, protobuf; fields and table unsupported (exit 4)', () => {
  const v = { resp: addResp, name: 'n2', peerUrls: 'x' };
  assert.equal(
    render(memberAddRenderers, 'json', v, plain),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2},"member":{"ID":13969879380581572149,"peerURLs":["http://127.0.0.1:22390"],"isLearner":true},"members":[{"ID":11417610130673999598,"name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]},{"ID":13969879380581572149,"peerURLs":["http://127.0.0.1:22390"],"isLearner":true}]}\n',
  );
  assert.deepEqual(MemberAddResponse.decode(render(memberAddRenderers, 'protobuf', v, plain) as Uint8Array), addResp);
  for (const f of ['fields', 'table'] as const) {
    assert.throws(
      () => render(memberAddRenderers, f, v, plain),
      (e: unknown) => e instanceof CliError && e.code === 4 && e.message === `${f} not supported as output format`,
    );
  }
});

test('member remove/update/promote simple (observed) and json', () => {
  const resp = MemberRemoveResponse.fromPartial({ header, members: [s1] });
  const id = 0xc76187751ee19942n;
  assert.equal(
    render(memberRemoveRenderers, 'simple', { id, resp }, plain),
    'Member c76187751ee19942 removed from cluster c8730d66636ff140\n',
  );
  assert.equal(
    render(memberUpdateRenderers, 'simple', { id, resp }, plain),
    'Member c76187751ee19942 updated in cluster c8730d66636ff140\n',
  );
  assert.equal(
    render(memberPromoteRenderers, 'simple', { id, resp }, plain),
    'Member c76187751ee19942 promoted in cluster c8730d66636ff140\n',
  );
  assert.equal(
    render(memberUpdateRenderers, 'json', { id, resp }, plain),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2},"members":[{"ID":11417610130673999598,"name":"s1","peerURLs":["http://127.0.0.1:22380"],"clientURLs":["http://127.0.0.1:22379"]}]}\n',
  );
  assert.throws(
    () => render(memberRemoveRenderers, 'fields', { id, resp }, plain),
    /fields not supported as output format/,
  );
});

test('move-leader: plain hex IDs; json; fields unsupported', () => {
  const v = { leader: 0x9e737febb6b99eeen, target: 0xabcn, resp: MoveLeaderResponse.fromPartial({ header }) };
  assert.equal(
    render(moveLeaderRenderers, 'simple', v, plain),
    'Leadership transferred from 9e737febb6b99eee to abc\n',
  );
  assert.equal(
    render(moveLeaderRenderers, 'json', v, plain),
    '{"header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2}}\n',
  );
  assert.throws(() => render(moveLeaderRenderers, 'fields', v, plain), /fields not supported as output format/);
  assert.throws(() => render(moveLeaderRenderers, 'table', v, plain), /table not supported as output format/);
});
