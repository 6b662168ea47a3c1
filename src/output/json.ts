/**
 * Go encoding/json of the generated protobuf messages, as etcdctl's -w json
 * prints them: proto field names, declaration order, omitempty everywhere,
 * int64/uint64 as exact bare numbers, bytes as base64, enums as integers.
 * The generated objects keep their keys in declaration order, so one walker
 * serves every message; only oneof members need their Go wrapper key.
 */
import { jsonBase64, jsonString } from '../go/json';

/** Oneof members and the Go field name of their wrapper (`{"Response":{"response_put":…}}`). */
const ONEOF_WRAPPERS: Record<string, string> = {
  response_range: 'Response',
  response_put: 'Response',
  response_delete_range: 'Response',
  response_txn: 'Response',
  request_range: 'Request',
  request_put: 'Request',
  request_delete_range: 'Request',
  request_txn: 'Request',
};

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return v === '';
  if (v instanceof Uint8Array) return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** JSON of one value: a message, a list, or a scalar. */
export function goJson(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return jsonString(v);
  if (v instanceof Uint8Array) return jsonBase64(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  return messageJson(v as Record<string, unknown>);
}

/** A protobuf message with omitempty on every field. */
export function messageJson(msg: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(msg)) {
    if (isEmpty(value)) continue;
    const wrapper = ONEOF_WRAPPERS[key];
    const body = `${jsonString(key)}:${goJson(value)}`;
    parts.push(wrapper ? `${jsonString(wrapper)}:{${body}}` : body);
  }
  return `{${parts.join(',')}}`;
}
