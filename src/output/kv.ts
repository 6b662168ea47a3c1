/** Renderers for get, put and del responses (docs/etcdctl-behaviour.md §6.1-6.3). */
import type { KeyValue } from '../proto/gen/kv';
import { DeleteRangeResponse, PutResponse, RangeResponse } from '../proto/gen/rpc';
import { fieldsHeader, fieldsKV, simpleKV } from './common';
import { messageJson } from './json';
import type { KindRenderers } from './printer';
import { jsonlCount, jsonlKvs } from './jsonl';
import { rawKvs } from './raw';

/** simpleKV of many key-values without --hex: one Buffer, no per-KV allocation. */
function simpleKVs(kvs: KeyValue[], valueOnly: boolean): Buffer {
  let size = 0;
  for (const kv of kvs) size += (valueOnly ? 0 : kv.key.length + 1) + kv.value.length + 1;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const kv of kvs) {
    if (!valueOnly) {
      at += kv.key.copy(out, at);
      out[at++] = 0x0a;
    }
    at += kv.value.copy(out, at);
    out[at++] = 0x0a;
  }
  return out;
}

export interface GetResult {
  resp: RangeResponse;
  printValueOnly: boolean;
  /** --keys-only and --count-only as -w jsonl shows them; -w raw's separator (extensions). */
  keysOnly?: boolean;
  countOnly?: boolean;
  separator?: Uint8Array;
}

export const getRenderers: KindRenderers<GetResult> = {
  simple: ({ resp, printValueOnly }, o) =>
    o.hex
      ? Buffer.concat(resp.kvs.map((kv) => simpleKV(kv, true, printValueOnly)))
      : simpleKVs(resp.kvs, printValueOnly),
  json: ({ resp }) => `${messageJson(resp as never)}\n`,
  fields: ({ resp }, o) =>
    fieldsHeader(resp.header, o.hex) +
    resp.kvs.map((kv) => fieldsKV(kv, '', o.hex)).join('') +
    `"More" : ${resp.more}\n"Count" : ${resp.count}\n`,
  protobuf: ({ resp }) => RangeResponse.encode(resp).finish(),
  jsonl: ({ resp, keysOnly, countOnly }) => (countOnly ? jsonlCount(resp.count) : jsonlKvs(resp.kvs, keysOnly)),
  raw: ({ resp, printValueOnly, separator }) => rawKvs(resp.kvs, printValueOnly, separator ?? Buffer.alloc(0)),
};

export const putRenderers: KindRenderers<PutResponse> = {
  simple: (resp, o) => (resp.prev_kv ? Buffer.concat([Buffer.from('OK\n'), simpleKV(resp.prev_kv, o.hex)]) : 'OK\n'),
  json: (resp) => `${messageJson(resp as never)}\n`,
  fields: (resp, o) => fieldsHeader(resp.header, o.hex) + (resp.prev_kv ? fieldsKV(resp.prev_kv, 'Prev', o.hex) : ''),
  protobuf: (resp) => PutResponse.encode(resp).finish(),
};

export const delRenderers: KindRenderers<DeleteRangeResponse> = {
  simple: (resp, o) =>
    Buffer.concat([Buffer.from(`${resp.deleted}\n`), ...resp.prev_kvs.map((kv) => simpleKV(kv, o.hex))]),
  json: (resp) => `${messageJson(resp as never)}\n`,
  fields: (resp, o) =>
    fieldsHeader(resp.header, o.hex) +
    `"Deleted" : ${resp.deleted}\n` +
    resp.prev_kvs.map((kv) => fieldsKV(kv, 'Prev', o.hex)).join(''),
  protobuf: (resp) => DeleteRangeResponse.encode(resp).finish(),
};
