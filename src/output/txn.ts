/**
 * txn output (docs/etcdctl-behaviour.md §6.4): the response printers (cobra's usage and help texts
 * for txn's request lines are in cli/cobra-help.ts).
 */
import { TxnResponse, type ResponseOp } from '../proto/gen/rpc';
import { fieldsHeader } from './common';
import { delRenderers, getRenderers, putRenderers } from './kv';
import { messageJson } from './json';
import type { KindRenderers, RenderOptions, Rendered } from './printer';
import { goQuote } from '../go/quote';

const asBuffer = (r: Rendered): Buffer => (typeof r === 'string' ? Buffer.from(r) : Buffer.from(r));

/** A response of a kind etcdctl's txn printers do not know (a nested txn; etcdctl cannot send one). */
function unknownResponse(op: ResponseOp): string {
  return `{Response:${messageJson(op as never)}}`;
}

function simpleOp(op: ResponseOp, o: RenderOptions): Buffer {
  if (op.response_delete_range) return asBuffer(delRenderers.simple!(op.response_delete_range, o));
  if (op.response_put) return asBuffer(putRenderers.simple!(op.response_put, o));
  if (op.response_range) return asBuffer(getRenderers.simple!({ resp: op.response_range, printValueOnly: false }, o));
  return Buffer.from(`unexpected response ${unknownResponse(op)}\n`);
}

function fieldsOp(op: ResponseOp, o: RenderOptions): string {
  if (op.response_delete_range) return delRenderers.fields!(op.response_delete_range, o) as string;
  if (op.response_put) return putRenderers.fields!(op.response_put, o) as string;
  if (op.response_range) return getRenderers.fields!({ resp: op.response_range, printValueOnly: false }, o) as string;
  return `"Unknown" : ${goQuote(unknownResponse(op))}\n`;
}

export const txnRenderers: KindRenderers<TxnResponse> = {
  simple: (r, o) =>
    Buffer.concat([
      Buffer.from(r.succeeded ? 'SUCCESS\n' : 'FAILURE\n'),
      ...r.responses.flatMap((op) => [Buffer.from('\n'), simpleOp(op, o)]),
    ]),
  // 3.6 JSON: {"Response":{"response_range":…}} (3.4 printed CamelCase oneof keys; docs/etcdctl-behaviour.md §11.4 #11).
  json: (r) => `${messageJson(r as never)}\n`,
  fields: (r, o) =>
    fieldsHeader(r.header, o.hex) +
    `"Succeeded" : ${r.succeeded}\n` +
    r.responses.map((op) => fieldsOp(op, o)).join(''),
  protobuf: (r) => TxnResponse.encode(r).finish(),
};
