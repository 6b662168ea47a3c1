/**
 * Renderers for member add / remove / update / promote / list (docs/etcdctl-behaviour.md §8.1-8.3).
 * The member table (header + rows) is shared by the simple and table printers,
 * as in etcdctl.
 */
import {
  MemberAddResponse,
  MemberListResponse,
  MemberPromoteResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  type Member,
  type ResponseHeader,
} from '../proto/gen/rpc';
import { fieldsHeader } from './common';
import { messageJson } from './json';
import type { KindRenderers } from './printer';
import { jsonlMembers } from './jsonl';
import { goQuote } from '../go/quote';
import { jsonArray, jsonInt, jsonObject, jsonString } from '../go/json';
import type { RenderOptions } from './printer';
import type { Compat } from '../compat';

/**
 * `-w table` output: tablewriter v0.0.5's ASCII layout (3.6) or v1.1.4's Unicode one (3.7).
 * The table modules (cli-table3) are loaded only when a table is actually printed, so
 * other formats do not pay for them at start-up.
 */
export function lazyTable(header: string[], rows: string[][], compat: Compat): string {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (compat === '3.6') return (require('./table') as typeof import('./table')).renderTable(header, rows);
  return (require('./table/unicode') as typeof import('./table/unicode')).renderUnicodeTable(header, rows);
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Go `%16x`: lowercase hex, right-aligned with spaces to width 16. */
export function hexPad16(v: bigint): string {
  return v.toString(16).padStart(16, ' ');
}

const headerClusterId = (h: ResponseHeader | undefined): bigint => h?.cluster_id ?? 0n;

/** makeMemberListTable: header and one row per member. */
export function memberListTable(resp: MemberListResponse): { header: string[]; rows: string[][] } {
  const header = ['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'];
  const rows = resp.members.map((m) => [
    m.ID.toString(16),
    m.name === '' ? 'unstarted' : 'started',
    m.name,
    m.peerURLs.join(','),
    m.clientURLs.join(','),
    m.isLearner ? 'true' : 'false',
  ]);
  return { header, rows };
}

/** A Go []string marshalled by encoding/json: a nil (empty decoded) list is `null`. */
function urlList(urls: string[]): string {
  return jsonArray(urls.length === 0 ? null : urls.map((u) => jsonString(u)));
}

/**
 * 3.6 `member list -w json --hex`: etcdctl builds this JSON by hand: IDs as
 * hex strings, the name written raw (not escaped), no isLearner, no revision.
 */
export function memberListHexJson(resp: MemberListResponse): string {
  const h = resp.header;
  let s =
    `{"header":{"cluster_id":"${(h?.cluster_id ?? 0n).toString(16)}","member_id":"${(h?.member_id ?? 0n).toString(16)}",` +
    `"raft_term":${h?.raft_term ?? 0n}}`;
  if (resp.members.length > 0) {
    const members = resp.members.map(
      (m: Member) =>
        `{"ID":"${m.ID.toString(16)}","name":"${m.name}","peerURLs":${urlList(m.peerURLs)},"clientURLs":${urlList(m.clientURLs)}}`,
    );
    s += `,"members":[${members.join(',')}]`;
  }
  return `${s}}\n`;
}

/**
 * 3.7 `-w json --hex` of every member response (docs/etcdctl-3.7-behaviour.md §6.1): encoding/json of etcdctl's
 * hex wrapper types: IDs as `%x` strings, omitempty on the other fields, Go-escaped
 * strings; `header`/`member` null when the server sent none, `members` always a list.
 */
function hexHeaderJson(h: ResponseHeader | undefined): string {
  if (!h) return 'null';
  return jsonObject([
    ['cluster_id', jsonString(h.cluster_id.toString(16))],
    ['member_id', jsonString(h.member_id.toString(16))],
    ['revision', h.revision !== 0n ? jsonInt(h.revision) : undefined],
    ['raft_term', h.raft_term !== 0n ? jsonInt(h.raft_term) : undefined],
  ]);
}

function hexMemberJson(m: Member | undefined): string {
  if (!m) return 'null';
  const urls = (list: string[]): string | undefined =>
    list.length > 0 ? jsonArray(list.map((u) => jsonString(u))) : undefined;
  return jsonObject([
    ['ID', jsonString(m.ID.toString(16))],
    ['name', m.name !== '' ? jsonString(m.name) : undefined],
    ['peerURLs', urls(m.peerURLs)],
    ['clientURLs', urls(m.clientURLs)],
    ['isLearner', m.isLearner ? 'true' : undefined],
  ]);
}

/** A member response as the JSON printers see it (add also has `member`). */
interface MemberResponse {
  header: ResponseHeader | undefined;
  members: Member[];
  member?: Member | undefined;
}

/** The 3.7 hex JSON of a member response: header, the added member (add only), members. */
function memberHexJson37(resp: MemberResponse, withMember: boolean): string {
  return (
    jsonObject([
      ['header', hexHeaderJson(resp.header)],
      ['member', withMember ? hexMemberJson(resp.member) : undefined],
      ['members', `[${resp.members.map((m) => hexMemberJson(m)).join(',')}]`],
    ]) + '\n'
  );
}

/** -w json of a member response; 3.7 honours --hex for every member command (3.6: list only, see memberListHexJson). */
function memberJson(resp: MemberResponse, o: RenderOptions, withMember = false): string {
  return o.hex && o.compat !== '3.6' ? memberHexJson37(resp, withMember) : `${messageJson(resp as never)}\n`;
}

function memberListFields(resp: MemberListResponse, hex: boolean): string {
  let s = fieldsHeader(resp.header, hex);
  for (const m of resp.members) {
    s += `"ID" : ${hex ? m.ID.toString(16) : m.ID}\n`;
    s += `"Name" : ${goQuote(m.name)}\n`;
    for (const u of m.peerURLs) s += `"PeerURL" : ${goQuote(u)}\n`;
    for (const u of m.clientURLs) s += `"ClientURL" : ${goQuote(u)}\n`;
    s += `"IsLearner" : ${m.isLearner}\n\n`;
  }
  return s;
}

export const memberListRenderers: KindRenderers<MemberListResponse> = {
  simple: (resp) =>
    memberListTable(resp)
      .rows.map((r) => `${r.join(', ')}\n`)
      .join(''),
  json: (resp, o) => (o.hex && o.compat === '3.6' ? memberListHexJson(resp) : memberJson(resp, o)),
  fields: (resp, o) => memberListFields(resp, o.hex),
  protobuf: (resp) => MemberListResponse.encode(resp).finish(),
  table: (resp, o) => {
    const t = memberListTable(resp);
    return lazyTable(t.header, t.rows, o.compat);
  },
  jsonl: (resp) => jsonlMembers(resp),
};

/** What member add prints: the response, plus the inputs of the simple printer's env block. */
export interface MemberAddResult {
  resp: MemberAddResponse;
  name: string;
  /** --peer-urls exactly as given. */
  peerUrls: string;
}

/** The simple output of member add, including the ETCD_* block for the new member. */
function memberAddSimple({ resp, name, peerUrls }: MemberAddResult): string {
  const member = resp.member;
  const id = member?.ID ?? 0n;
  const how = member?.isLearner ? ' as learner ' : ' ';
  let s = `Member ${hexPad16(id)} added${how}to cluster ${hexPad16(headerClusterId(resp.header))}\n`;
  const conf: string[] = [];
  for (const m of resp.members) {
    for (const u of m.peerURLs) conf.push(`${m.ID === id ? name : m.name}=${u}`);
  }
  s += '\n';
  s += `ETCD_NAME=${goQuote(name)}\n`;
  s += `ETCD_INITIAL_CLUSTER=${goQuote(conf.join(','))}\n`;
  s += `ETCD_INITIAL_ADVERTISE_PEER_URLS=${goQuote(peerUrls)}\n`;
  s += 'ETCD_INITIAL_CLUSTER_STATE="existing"\n';
  return s;
}

export const memberAddRenderers: KindRenderers<MemberAddResult> = {
  simple: memberAddSimple,
  json: ({ resp }, o) => memberJson(resp, o, true),
  protobuf: ({ resp }) => MemberAddResponse.encode(resp).finish(),
};

/** A member change (remove / update / promote): the ID given and the response. */
export interface MemberChange<R> {
  id: bigint;
  resp: R;
}

type ChangeResponse = MemberRemoveResponse | MemberUpdateResponse | MemberPromoteResponse;

function changeRenderers<R extends ChangeResponse>(
  verb: string,
  encode: (r: R) => { finish(): Uint8Array },
): KindRenderers<MemberChange<R>> {
  return {
    simple: ({ id, resp }) => `Member ${hexPad16(id)} ${verb} cluster ${hexPad16(headerClusterId(resp.header))}\n`,
    json: ({ resp }, o) => memberJson(resp, o),
    protobuf: ({ resp }) => encode(resp).finish(),
  };
}

export const memberRemoveRenderers = changeRenderers<MemberRemoveResponse>('removed from', (r) =>
  MemberRemoveResponse.encode(r),
);
export const memberUpdateRenderers = changeRenderers<MemberUpdateResponse>('updated in', (r) =>
  MemberUpdateResponse.encode(r),
);
export const memberPromoteRenderers = changeRenderers<MemberPromoteResponse>('promoted in', (r) =>
  MemberPromoteResponse.encode(r),
);

// ---- move-leader (docs/etcdctl-behaviour.md §8.8) ----

export interface MoveLeaderResult {
  leader: bigint;
  target: bigint;
  resp: MoveLeaderResponse;
}

export const moveLeaderRenderers: KindRenderers<MoveLeaderResult> = {
  simple: ({ leader, target }) => `Leadership transferred from ${leader.toString(16)} to ${target.toString(16)}\n`,
  json: ({ resp }) => `${messageJson(resp as never)}\n`,
  protobuf: ({ resp }) => MoveLeaderResponse.encode(resp).finish(),
};
