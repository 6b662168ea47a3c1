// lease responses -> text (docs/etcdctl-behaviour.md §7, §5.3-5.5) and the lease arguments, with
// expected texts from the spec's observed blocks and etcdctl 3.4.23 / 3.5.30.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  ResponseHeader,
} from '../../src/proto/gen/rpc';
import { render, type KindRenderers } from '../../src/output/printer';
import {
  grantRenderers,
  keepAliveRenderers,
  leaseHex,
  leasesRenderers,
  revokeRenderers,
  timeToLiveRenderers,
} from '../../src/output/lease';
import { leaseFromArg, parseGrantArgs } from '../../src/commands/lease';
import { CliError } from '../../src/errors';
import type { OutputFormat } from '../../src/settings';

const header = { cluster_id: 14443903163313418560n, member_id: 11417610130673999598n, revision: 17n, raft_term: 2n };
const HDR_JSON = '"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":17,"raft_term":2';
const HDR_FIELDS =
  '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 17\n"RaftTerm" : 2\n';
const HDR_FIELDS_HEX =
  '"ClusterID" : c8730d66636ff140\n"MemberID" : 9e737febb6b99eee\n"Revision" : 17\n"RaftTerm" : 2\n';

function text<T>(r: KindRenderers<T>, format: OutputFormat, v: T, hex = false): string {
  return Buffer.from(render(r, format, v, { hex, compat: '3.6' })).toString('latin1');
}

const headerBytes = Buffer.from(ResponseHeader.encode(ResponseHeader.fromPartial(header)).finish()).toString('latin1');

test("%016x of lease IDs, including Go's form for a negative int64", () => {
  assert.equal(leaseHex(0x1eeea1fc50558b35n), '1eeea1fc50558b35');
  assert.equal(leaseHex(0x123n), '0000000000000123');
  assert.equal(leaseHex(-1n), '-000000000000001');
});

test('grant', () => {
  const g = LeaseGrantResponse.fromPartial({ header, ID: 2228896970646588215n, TTL: 100n });
  assert.equal(text(grantRenderers, 'simple', g), 'lease 1eeea1fc50558b37 granted with TTL(100s)\n');
  assert.equal(text(grantRenderers, 'json', g), `{${HDR_JSON},"ID":2228896970646588215,"TTL":100,"Error":""}\n`);
  assert.equal(text(grantRenderers, 'fields', g), `${HDR_FIELDS}"ID" : 2228896970646588215\n"TTL" : 100\n`);
  assert.equal(text(grantRenderers, 'fields', g, true), `${HDR_FIELDS_HEX}"ID" : 1eeea1fc50558b37\n"TTL" : 100\n`);
  assert.equal(text(grantRenderers, 'protobuf', g), headerBytes, 'only the header is serialized');
  assert.throws(() => text(grantRenderers, 'table', g), { message: 'table not supported as output format' });
});

test('revoke: simple, json, fields; protobuf cannot marshal (3.5.30 text)', () => {
  const r = { id: 0x1eeea1fc50558b35n, resp: LeaseRevokeResponse.fromPartial({ header }) };
  assert.equal(text(revokeRenderers, 'simple', r), 'lease 1eeea1fc50558b35 revoked\n');
  assert.equal(text(revokeRenderers, 'json', r), `{"header":{${HDR_JSON}}}\n`);
  assert.equal(text(revokeRenderers, 'fields', r), HDR_FIELDS);
  assert.throws(
    () => text(revokeRenderers, 'protobuf', r),
    (e: unknown) =>
      e instanceof CliError &&
      e.code === 4 &&
      e.message ===
        'marshal unsupported for type clientv3.LeaseRevokeResponse ({cluster_id:14443903163313418560 member_id:11417610130673999598 revision:17 raft_term:2  {} [] 0})',
  );
});

test('keep-alive: no unit after the TTL in simple output', () => {
  const k = LeaseKeepAliveResponse.fromPartial({ header, ID: 2228896970646588225n, TTL: 300n });
  assert.equal(text(keepAliveRenderers, 'simple', k), 'lease 1eeea1fc50558b41 keepalived with TTL(300)\n');
  assert.equal(text(keepAliveRenderers, 'json', k), `{${HDR_JSON},"ID":2228896970646588225,"TTL":300}\n`);
  assert.equal(text(keepAliveRenderers, 'fields', k), `${HDR_FIELDS}"ID" : 2228896970646588225\n"TTL" : 300\n`);
  assert.equal(text(keepAliveRenderers, 'protobuf', k), headerBytes);
});

test('timetolive: expired, granted with keys (raw bytes), json keys null or base64', () => {
  const gone = {
    resp: LeaseTimeToLiveResponse.fromPartial({ header, ID: 0x123n, TTL: -1n, grantedTTL: 0n }),
    keys: false,
  };
  assert.equal(text(timeToLiveRenderers, 'simple', gone), 'lease 0000000000000123 already expired\n');
  assert.equal(
    text(timeToLiveRenderers, 'json', gone),
    `{${HDR_JSON},"id":291,"ttl":-1,"granted-ttl":0,"keys":null}\n`,
  );
  const live = LeaseTimeToLiveResponse.fromPartial({
    header,
    ID: 2228896970646588225n,
    TTL: 299n,
    grantedTTL: 300n,
    keys: [Buffer.from('lk1'), Buffer.from([0x6c, 0xff])],
  });
  assert.equal(
    text(timeToLiveRenderers, 'simple', { resp: live, keys: false }),
    'lease 1eeea1fc50558b41 granted with TTL(300s), remaining(299s)\n',
  );
  assert.equal(
    text(timeToLiveRenderers, 'simple', { resp: live, keys: true }),
    'lease 1eeea1fc50558b41 granted with TTL(300s), remaining(299s), attached keys([lk1 l\xff])\n',
  );
  assert.equal(
    text(timeToLiveRenderers, 'json', { resp: live, keys: true }),
    `{${HDR_JSON},"id":2228896970646588225,"ttl":299,"granted-ttl":300,"keys":["bGsx","bP8="]}\n`,
  );
  assert.equal(
    text(timeToLiveRenderers, 'fields', { resp: live, keys: true }),
    `${HDR_FIELDS}"ID" : 2228896970646588225\n"TTL" : 299\n"GrantedTTL" : 300\n"Key" : "lk1"\n"Key" : "l\\xff"\n`,
  );
  const noKeys = LeaseTimeToLiveResponse.fromPartial({ header, ID: 1n, TTL: 5n, grantedTTL: 10n });
  assert.equal(
    text(timeToLiveRenderers, 'simple', { resp: noKeys, keys: true }),
    'lease 0000000000000001 granted with TTL(10s), remaining(5s), attached keys([])\n',
  );
  assert.equal(text(timeToLiveRenderers, 'protobuf', { resp: live, keys: true }), headerBytes);
});

test('list: count, IDs; an empty list is [] in json (observed 3.4.23 / 3.5.30)', () => {
  const l = LeaseLeasesResponse.fromPartial({
    header,
    leases: [{ ID: 2228896970646588213n }, { ID: 2228896970646588215n }],
  });
  assert.equal(text(leasesRenderers, 'simple', l), 'found 2 leases\n1eeea1fc50558b35\n1eeea1fc50558b37\n');
  assert.equal(
    text(leasesRenderers, 'json', l),
    `{${HDR_JSON},"leases":[{"id":2228896970646588213},{"id":2228896970646588215}]}\n`,
  );
  assert.equal(
    text(leasesRenderers, 'fields', l, true),
    `${HDR_FIELDS_HEX}"ID" : 1eeea1fc50558b35\n"ID" : 1eeea1fc50558b37\n`,
  );
  const none = LeaseLeasesResponse.fromPartial({ header });
  assert.equal(text(leasesRenderers, 'simple', none), 'found 0 leases\n');
  assert.equal(text(leasesRenderers, 'json', none), `{${HDR_JSON},"leases":[]}\n`);
  assert.equal(text(leasesRenderers, 'protobuf', none), headerBytes);
});

test('lease arguments: hex IDs, base-10 TTLs, exit 128', () => {
  assert.equal(leaseFromArg('1eeea1fc50558b35'), 0x1eeea1fc50558b35n);
  assert.equal(leaseFromArg('-1'), -1n);
  const fails = (fn: () => unknown, message: string): void =>
    assert.throws(fn, (e: unknown) => e instanceof CliError && e.code === 128 && e.message === message);
  fails(
    () => leaseFromArg('zz'),
    'bad lease ID arg (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex',
  );
  fails(
    () => leaseFromArg('0x12'),
    'bad lease ID arg (strconv.ParseInt: parsing "0x12": invalid syntax), expecting ID in Hex',
  );
  fails(
    () => leaseFromArg('fffffffffffffffff'),
    'bad lease ID arg (strconv.ParseInt: parsing "fffffffffffffffff": value out of range), expecting ID in Hex',
  );
  assert.equal(parseGrantArgs(['100']), 100n);
  fails(() => parseGrantArgs([]), 'lease grant command needs TTL argument');
  fails(() => parseGrantArgs(['1', '2']), 'lease grant command needs TTL argument');
  fails(() => parseGrantArgs(['abc']), 'bad TTL (strconv.ParseInt: parsing "abc": invalid syntax)');
  fails(() => parseGrantArgs(['1_000']), 'bad TTL (strconv.ParseInt: parsing "1_000": invalid syntax)');
});
