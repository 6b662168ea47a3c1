/**
 * Renderers for the lease commands (docs/etcdctl-behaviour.md §7). clientv3 wraps lease responses
 * in structs that embed the response header, so -w json prints the header
 * fields flat at top level, and -w protobuf serializes only the header (the
 * embedded header's Marshal method is the one Go finds). Revoke has no
 * Marshal at all: etcdctl fails with `marshal unsupported for type …`.
 */
import {
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  ResponseHeader,
} from '../proto/gen/rpc';
import { CliError, ExitCode } from '../errors';
import { fieldsHeader, hex16 } from './common';
import { messageJson } from './json';
import type { KindRenderers } from './printer';
import { jsonlLeases } from './jsonl';
import { goQuote } from '../go/quote';
import { jsonArray, jsonBase64, jsonInt, jsonObject, jsonString } from '../go/json';

/** Lease IDs print as Go `%016x`. */
export const leaseHex = hex16;

/** The fields printer's `"ID" : …` line: decimal, or %016x with --hex (3.6). */
function fieldsId(id: bigint, hex: boolean): string {
  return `"ID" : ${hex ? leaseHex(id) : id}\n`;
}

/** Header fields of an embedded *pb.ResponseHeader (omitempty), flattened into the outer object. */
function flatHeader(h: ResponseHeader | undefined): [string, string | undefined][] {
  const num = (v: bigint | undefined): string | undefined => (v ? jsonInt(v) : undefined);
  return [
    ['cluster_id', num(h?.cluster_id)],
    ['member_id', num(h?.member_id)],
    ['revision', num(h?.revision)],
    ['raft_term', num(h?.raft_term)],
  ];
}

/** What -w protobuf writes for the header-embedding lease responses (docs/etcdctl-behaviour.md §5.5 quirk). */
function headerOnly(h: ResponseHeader | undefined): Uint8Array {
  return ResponseHeader.encode(h ?? ResponseHeader.fromPartial({})).finish();
}

export const grantRenderers: KindRenderers<LeaseGrantResponse> = {
  simple: (r) => `lease ${leaseHex(r.ID)} granted with TTL(${r.TTL}s)\n`,
  json: (r) =>
    jsonObject([
      ...flatHeader(r.header),
      ['ID', jsonInt(r.ID)],
      ['TTL', jsonInt(r.TTL)],
      ['Error', jsonString(r.error)],
    ]) + '\n',
  fields: (r, o) => fieldsHeader(r.header, o.hex) + fieldsId(r.ID, o.hex) + `"TTL" : ${r.TTL}\n`,
  protobuf: (r) => headerOnly(r.header),
};

export interface RevokeResult {
  id: bigint;
  resp: LeaseRevokeResponse;
}

/** The header's fields in the compact protobuf text format (`cluster_id:1 member_id:2 raft_term:3`), zeros omitted. */
function headerTextFields(h: ResponseHeader): string[] {
  const parts: string[] = [];
  if (h.cluster_id) parts.push(`cluster_id:${h.cluster_id}`);
  if (h.member_id) parts.push(`member_id:${h.member_id}`);
  if (h.revision) parts.push(`revision:${h.revision}`);
  if (h.raft_term) parts.push(`raft_term:${h.raft_term}`);
  return parts;
}

/**
 * Go's %v of a clientv3.LeaseRevokeResponse as etcdctl 3.5 prints it (gogo
 * message with its XXX_ fields): `{cluster_id:… raft_term:2  {} [] 0}`.
 */
function revokeDump(resp: LeaseRevokeResponse): string {
  const h = resp.header;
  if (!h) return '{<nil> {} [] 0}';
  return `{${headerTextFields(h)
    .map((p) => `${p} `)
    .join('')} {} [] 0}`;
}

/**
 * 3.7 (docs/etcdctl-3.7-behaviour.md §5): %v of a *clientv3.LeaseRevokeResponse over the google.golang.org/protobuf
 * struct (state, Header, unknownFields, sizeCache): `&{{{} [] [] <nil>} cluster_id:… raft_term:2 [] 0}`.
 * The message state holds a runtime pointer in etcdctl (not reproducible): printed as its zero.
 */
function revokeDump37(resp: LeaseRevokeResponse): string {
  const header = resp.header ? headerTextFields(resp.header).join(' ') : '<nil>';
  return `&{{{} [] [] <nil>} ${header} [] 0}`;
}

export const revokeRenderers: KindRenderers<RevokeResult> = {
  simple: ({ id }) => `lease ${leaseHex(id)} revoked\n`,
  json: ({ resp }) => `${messageJson(resp as never)}\n`,
  fields: ({ resp }, o) => fieldsHeader(resp.header, o.hex),
  protobuf: ({ resp }, o) => {
    const type = o.compat === '3.6' ? 'clientv3.LeaseRevokeResponse' : '*clientv3.LeaseRevokeResponse';
    const dump = o.compat === '3.6' ? revokeDump(resp) : revokeDump37(resp);
    throw new CliError(ExitCode.BadFeature, `marshal unsupported for type ${type} (${dump})`);
  },
};

export const keepAliveRenderers: KindRenderers<LeaseKeepAliveResponse> = {
  simple: (r) => `lease ${leaseHex(r.ID)} keepalived with TTL(${r.TTL})\n`,
  json: (r) => jsonObject([...flatHeader(r.header), ['ID', jsonInt(r.ID)], ['TTL', jsonInt(r.TTL)]]) + '\n',
  fields: (r, o) => fieldsHeader(r.header, o.hex) + fieldsId(r.ID, o.hex) + `"TTL" : ${r.TTL}\n`,
  protobuf: (r) => headerOnly(r.header),
};

export interface TimeToLiveResult {
  resp: LeaseTimeToLiveResponse;
  /** --keys was given (simple output lists the attached keys). */
  keys: boolean;
}

export const timeToLiveRenderers: KindRenderers<TimeToLiveResult> = {
  simple: ({ resp, keys }) => {
    if (resp.grantedTTL === 0n && resp.TTL === -1n) return `lease ${leaseHex(resp.ID)} already expired\n`;
    const head = `lease ${leaseHex(resp.ID)} granted with TTL(${resp.grantedTTL}s), remaining(${resp.TTL}s)`;
    if (!keys) return `${head}\n`;
    // Go's %v of []string: the raw key bytes, space separated, in brackets.
    const list: Buffer[] = [];
    resp.keys.forEach((k, i) => list.push(...(i > 0 ? [Buffer.from(' ')] : []), Buffer.from(k)));
    return Buffer.concat([Buffer.from(`${head}, attached keys([`), ...list, Buffer.from('])\n')]);
  },
  json: ({ resp }) =>
    jsonObject([
      ...flatHeader(resp.header),
      ['id', jsonInt(resp.ID)],
      ['ttl', jsonInt(resp.TTL)],
      ['granted-ttl', jsonInt(resp.grantedTTL)],
      ['keys', jsonArray(resp.keys.length > 0 ? resp.keys.map(jsonBase64) : null)],
    ]) + '\n',
  fields: ({ resp }, o) =>
    fieldsHeader(resp.header, o.hex) +
    fieldsId(resp.ID, o.hex) +
    `"TTL" : ${resp.TTL}\n"GrantedTTL" : ${resp.grantedTTL}\n` +
    resp.keys.map((k) => `"Key" : ${goQuote(k)}\n`).join(''),
  protobuf: ({ resp }) => headerOnly(resp.header),
};

export const leasesRenderers: KindRenderers<LeaseLeasesResponse> = {
  simple: (r) => `found ${r.leases.length} leases\n` + r.leases.map((l) => `${leaseHex(l.ID)}\n`).join(''),
  // clientv3 always makes the list (never nil): an empty one prints `[]` (observed on 3.4.23 and 3.5.30).
  json: (r) =>
    jsonObject([
      ...flatHeader(r.header),
      ['leases', jsonArray(r.leases.map((l) => jsonObject([['id', jsonInt(l.ID)]])))],
    ]) + '\n',
  fields: (r, o) => fieldsHeader(r.header, o.hex) + r.leases.map((l) => fieldsId(l.ID, o.hex)).join(''),
  protobuf: (r) => headerOnly(r.header),
  jsonl: (r) => jsonlLeases(r),
};
