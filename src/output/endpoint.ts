/**
 * Renderers for endpoint health / status / hashkv (docs/etcdctl-behaviour.md §8.4). Each result
 * list is in endpoint order; an empty list is a nil slice in etcdctl 3.6
 * (json `null`).
 */
import type { HashKVResponse, StatusResponse } from '../proto/gen/rpc';
import { fieldsHeader } from './common';
import { messageJson } from './json';
import { lazyTable } from './member';
import type { KindRenderers } from './printer';
import { jsonlHealth, jsonlStatus } from './jsonl';
import { goQuote } from '../go/quote';
import { jsonString } from '../go/json';
import { humanizeBytes } from '../go/humanize';

export interface EpHealth {
  ep: string;
  health: boolean;
  /** Go duration string of the health Get; '' when the client could not be created. */
  took: string;
  error: string;
}

export interface EpStatus {
  ep: string;
  resp: StatusResponse;
}

export interface EpHashKV {
  ep: string;
  resp: HashKVResponse;
}

/** Go encoding/json of a []T: `null` when nil (etcdctl 3.6 never allocates an empty list). */
function jsonList<T>(items: T[], one: (item: T) => string): string {
  return items.length === 0 ? 'null\n' : `[${items.map(one).join(',')}]\n`;
}

// ---- health ----

/** The simple printer's lines: healthy ones go to stdout, unhealthy ones to stderr (3.6). */
export function healthSimpleLines(list: EpHealth[]): { stream: 'stdout' | 'stderr'; text: string }[] {
  return list.map((h) =>
    h.error === ''
      ? { stream: 'stdout' as const, text: `${h.ep} is healthy: successfully committed proposal: took = ${h.took}\n` }
      : { stream: 'stderr' as const, text: `${h.ep} is unhealthy: failed to commit proposal: ${h.error}\n` },
  );
}

export const healthRenderers: KindRenderers<EpHealth[]> = {
  // Only the healthy lines: the command writes the unhealthy ones to stderr itself.
  simple: (list) =>
    healthSimpleLines(list)
      .filter((l) => l.stream === 'stdout')
      .map((l) => l.text)
      .join(''),
  json: (list) =>
    jsonList(
      list,
      (h) =>
        `{"endpoint":${jsonString(h.ep)},"health":${h.health},"took":${jsonString(h.took)}` +
        (h.error === '' ? '}' : `,"error":${jsonString(h.error)}}`),
    ),
  fields: (list) =>
    list
      .map((h) => `"Endpoint" : ${goQuote(h.ep)}\n"Health" : ${h.health}\n"Took" : ${h.took}\n"Error" : ${h.error}\n\n`)
      .join(''),
  table: (list, o) =>
    lazyTable(
      ['endpoint', 'health', 'took', 'error'],
      list.map((h) => [h.ep, String(h.health), h.took, h.error]),
      o.compat,
    ),
  jsonl: (list) => jsonlHealth(list),
};

// ---- status ----

/**
 * The "percentage not in use" column. etcdctl divides by the db size and
 * panics when it is 0; we print `0%` for that case instead.
 */
export function percentNotInUse(dbSize: bigint, inUse: bigint): string {
  if (dbSize === 0n) return '0%';
  return `${100n - (inUse * 100n) / dbSize}%`;
}

export function statusTable(list: EpStatus[]): { header: string[]; rows: string[][] } {
  const header = [
    'endpoint',
    'ID',
    'version',
    'storage version',
    'db size',
    'in use',
    'percentage not in use',
    'quota',
    'is leader',
    'is learner',
    'raft term',
    'raft index',
    'raft applied index',
    'errors',
    'downgrade target version',
    'downgrade enabled',
  ];
  const rows = list.map(({ ep, resp: r }) => {
    const memberId = r.header?.member_id ?? 0n;
    return [
      ep,
      memberId.toString(16),
      r.version,
      r.storageVersion,
      humanizeBytes(r.dbSize),
      humanizeBytes(r.dbSizeInUse),
      percentNotInUse(r.dbSize, r.dbSizeInUse),
      humanizeBytes(r.dbSizeQuota),
      String(r.leader === memberId),
      String(r.isLearner),
      String(r.raftTerm),
      String(r.raftIndex),
      String(r.raftAppliedIndex),
      r.errors.join(', '),
      r.downgradeInfo?.targetVersion ?? '',
      String(r.downgradeInfo?.enabled ?? false),
    ];
  });
  return { header, rows };
}

function statusFields(list: EpStatus[], hex: boolean): string {
  return list
    .map(({ ep, resp: r }) => {
      let s = fieldsHeader(r.header, hex);
      s += `"Version" : ${goQuote(r.version)}\n`;
      s += `"StorageVersion" : ${goQuote(r.storageVersion)}\n`;
      s += `"DBSize" : ${r.dbSize}\n"DBSizeInUse" : ${r.dbSizeInUse}\n"DBSizeQuota" : ${r.dbSizeQuota}\n`;
      s += `"Leader" : ${r.leader}\n"IsLearner" : ${r.isLearner}\n`;
      s += `"RaftIndex" : ${r.raftIndex}\n"RaftTerm" : ${r.raftTerm}\n"RaftAppliedIndex" : ${r.raftAppliedIndex}\n`;
      s += `"Errors" : [${r.errors.join(' ')}]\n`;
      s += `"Endpoint" : ${goQuote(ep)}\n`;
      s += `"DowngradeTargetVersion" : ${goQuote(r.downgradeInfo?.targetVersion ?? '')}\n`;
      s += `"DowngradeEnabled" : ${r.downgradeInfo?.enabled ?? false}\n\n`;
      return s;
    })
    .join('');
}

export const statusRenderers: KindRenderers<EpStatus[]> = {
  simple: (list) =>
    statusTable(list)
      .rows.map((r) => `${r.join(', ')}\n`)
      .join(''),
  json: (list) => jsonList(list, (s) => `{"Endpoint":${jsonString(s.ep)},"Status":${messageJson(s.resp as never)}}`),
  fields: (list, o) => statusFields(list, o.hex),
  table: (list, o) => {
    const t = statusTable(list);
    return lazyTable(t.header, t.rows, o.compat);
  },
  jsonl: (list) => jsonlStatus(list),
};

// ---- hashkv ----

export function hashKVTable(list: EpHashKV[]): { header: string[]; rows: string[][] } {
  return {
    header: ['endpoint', 'hash', 'hash_revision'],
    rows: list.map(({ ep, resp }) => [ep, String(resp.hash), String(resp.hash_revision)]),
  };
}

export const hashKVRenderers: KindRenderers<EpHashKV[]> = {
  simple: (list) =>
    hashKVTable(list)
      .rows.map((r) => `${r.join(', ')}\n`)
      .join(''),
  json: (list) => jsonList(list, (h) => `{"Endpoint":${jsonString(h.ep)},"HashKV":${messageJson(h.resp as never)}}`),
  fields: (list, o) =>
    list
      .map(
        ({ ep, resp }) =>
          fieldsHeader(resp.header, o.hex) +
          `"Endpoint" : ${goQuote(ep)}\n"Hash" : ${resp.hash}\n"HashRevision" : ${resp.hash_revision}\n\n`,
      )
      .join(''),
  table: (list, o) => {
    const t = hashKVTable(list);
    return lazyTable(t.header, t.rows, o.compat);
  },
};
