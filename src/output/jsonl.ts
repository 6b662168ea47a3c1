/**
 * `-w jsonl` (an extension): one JSON object per key, event or item, one per
 * line, for tools like jq. Schema (README "JSON lines"):
 *
 * - keys, values: UTF-8 strings when the bytes are valid UTF-8, else base64
 *   with `"<field>_encoding":"base64"` beside the field;
 * - IDs: hex strings, as etcdctl prints them (lease `%016x`, member `%x`);
 * - revisions, versions, counts: numbers; beyond 2^53-1 (not exact in a
 *   JSON double) strings of decimal digits.
 */
import { isUtf8 } from 'node:buffer';
import type { Event, KeyValue } from '../proto/gen/kv';
import type {
  AuthRoleListResponse,
  AuthUserListResponse,
  LeaseLeasesResponse,
  Member,
  MemberListResponse,
} from '../proto/gen/rpc';
import { eventTypeName, hex16 } from './common';
import type { EpHealth, EpStatus } from './endpoint';
import { jsonString } from '../go/json';

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit integer: a bare number while exact in a double, else a decimal string. */
export function jsonlInt(v: bigint): string {
  return v <= MAX_EXACT && v >= -MAX_EXACT ? v.toString() : `"${v}"`;
}

/** `"name":"text"` for UTF-8 bytes, else `"name":"<base64>","name_encoding":"base64"`. */
export function jsonlBytes(name: string, b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (isUtf8(buf)) return `"${name}":${jsonString(buf.toString('utf8'))}`;
  return `"${name}":"${buf.toString('base64')}","${name}_encoding":"base64"`;
}

const leaseId = (id: bigint): string => (id === 0n ? 'null' : `"${hex16(id)}"`);

/** The fields of one key-value, without braces. `keysOnly` leaves the (empty) value out. */
function kvFields(kv: KeyValue, keysOnly: boolean): string {
  return (
    `${jsonlBytes('key', kv.key)},"create_revision":${jsonlInt(kv.create_revision)},` +
    `"mod_revision":${jsonlInt(kv.mod_revision)},"version":${jsonlInt(kv.version)}` +
    (keysOnly ? '' : `,${jsonlBytes('value', kv.value)}`) +
    `,"lease":${leaseId(kv.lease)}`
  );
}

export function jsonlKv(kv: KeyValue, keysOnly = false): string {
  return `{${kvFields(kv, keysOnly)}}\n`;
}

/** A line per key-value (get). */
export const jsonlKvs = (kvs: readonly KeyValue[], keysOnly = false): string =>
  kvs.map((kv) => jsonlKv(kv, keysOnly)).join('');

/** A watch event: its type, the key-value after it, and `prev_kv` when asked for. */
export function jsonlEvent(ev: Event): string {
  const kv = ev.kv ? kvFields(ev.kv, false) : '';
  const prev = ev.prev_kv ? `,"prev_kv":{${kvFields(ev.prev_kv, false)}}` : '';
  return `{"type":"${eventTypeName(ev.type)}"${kv === '' ? '' : `,${kv}`}${prev}}\n`;
}

/** watch's progress notification (--progress-notify, or `progress` with -i): not an event. */
export const jsonlProgress = (revision: bigint): string => `{"type":"PROGRESS","revision":${jsonlInt(revision)}}\n`;

export const jsonlCount = (count: bigint): string => `{"count":${jsonlInt(count)}}\n`;

export function jsonlLeases(r: LeaseLeasesResponse): string {
  return r.leases.map((l) => `{"id":"${hex16(l.ID)}"}\n`).join('');
}

function memberLine(m: Member): string {
  const urls = (list: string[]): string => `[${list.map((u) => jsonString(u)).join(',')}]`;
  return (
    `{"id":"${m.ID.toString(16)}","name":${jsonString(m.name)},"status":"${m.name === '' ? 'unstarted' : 'started'}",` +
    `"peer_urls":${urls(m.peerURLs)},"client_urls":${urls(m.clientURLs)},"is_learner":${m.isLearner}}\n`
  );
}

export function jsonlMembers(r: MemberListResponse): string {
  return r.members.map(memberLine).join('');
}

export function jsonlHealth(list: EpHealth[]): string {
  return list
    .map(
      (h) =>
        `{"endpoint":${jsonString(h.ep)},"health":${h.health},"took":${jsonString(h.took)},"error":${jsonString(h.error)}}\n`,
    )
    .join('');
}

export function jsonlStatus(list: EpStatus[]): string {
  return list
    .map(({ ep, resp: r }) => {
      const id = r.header?.member_id ?? 0n;
      return (
        `{"endpoint":${jsonString(ep)},"id":"${id.toString(16)}","version":${jsonString(r.version)},` +
        `"storage_version":${jsonString(r.storageVersion)},"db_size":${jsonlInt(r.dbSize)},` +
        `"db_size_in_use":${jsonlInt(r.dbSizeInUse)},"db_size_quota":${jsonlInt(r.dbSizeQuota)},` +
        `"leader":"${r.leader.toString(16)}","is_leader":${r.leader === id && id !== 0n},"is_learner":${r.isLearner},` +
        `"raft_term":${jsonlInt(r.raftTerm)},"raft_index":${jsonlInt(r.raftIndex)},` +
        `"raft_applied_index":${jsonlInt(r.raftAppliedIndex)},"revision":${jsonlInt(r.header?.revision ?? 0n)},` +
        `"errors":[${r.errors.map((e) => jsonString(e)).join(',')}]}\n`
      );
    })
    .join('');
}

export const jsonlNames = (r: AuthUserListResponse | AuthRoleListResponse): string =>
  ('users' in r ? r.users : r.roles).map((n) => `{"name":${jsonString(n)}}\n`).join('');
