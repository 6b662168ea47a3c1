/** Renderers for get, put and del responses (spec §6.1-6.3). */
import { DeleteRangeResponse, PutResponse, RangeResponse } from '../proto/gen/rpc';
import { fieldsHeader, fieldsKV, simpleKV } from './common';
import { messageJson } from './json';
import type { KindRenderers } from './printer';

export interface GetResult {
  resp: RangeResponse;
  printValueOnly: boolean;
}

export const getRenderers: KindRenderers<GetResult> = {
  simple: ({ resp, printValueOnly }, o) => Buffer.concat(resp.kvs.map((kv) => simpleKV(kv, o.hex, printValueOnly))),
  json: ({ resp }) => `${messageJson(resp as never)}\n`,
  fields: ({ resp }, o) =>
    fieldsHeader(resp.header, o.hex) +
    resp.kvs.map((kv) => fieldsKV(kv, '', o.hex)).join('') +
    `"More" : ${resp.more}\n"Count" : ${resp.count}\n`,
  protobuf: ({ resp }) => RangeResponse.encode(resp).finish(),
};

export const putRenderers: KindRenderers<PutResponse> = {
  simple: (resp, o) => (resp.prev_kv ? Buffer.concat([Buffer.from('OK\n'), simpleKV(resp.prev_kv, o.hex)]) : 'OK\n'),
  json: (resp) => `${messageJson(resp as never)}\n`,
  fields: (resp, o) => fieldsHeader(resp.header, o.hex) + (resp.prev_kv ? fieldsKV(resp.prev_kv, 'Prev', o.hex) : ''),
  protobuf: (resp) => PutResponse.encode(resp).finish(),
};

export const delRenderers: KindRenderers<DeleteRangeResponse> = {
  simple: (resp, o) => Buffer.concat([Buffer.from(`${resp.deleted}\n`), ...resp.prev_kvs.map((kv) => simpleKV(kv, o.hex))]),
  json: (resp) => `${messageJson(resp as never)}\n`,
  fields: (resp, o) =>
    fieldsHeader(resp.header, o.hex) + `"Deleted" : ${resp.deleted}\n` + resp.prev_kvs.map((kv) => fieldsKV(kv, 'Prev', o.hex)).join(''),
  protobuf: (resp) => DeleteRangeResponse.encode(resp).finish(),
};
