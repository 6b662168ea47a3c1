/**
 * Building blocks shared by the printers: etcdctl's printKV, the fields
 * printer's header and key-value blocks.
 */
import { Event_EventType, type KeyValue } from '../proto/gen/kv';
import type { ResponseHeader } from '../proto/gen/rpc';
import { goQuote } from '../go/quote';

/** `\x66\x6f\x6f` for `foo` (etcdctl --hex). */
export function hexEscape(b: Uint8Array): string {
  let s = '';
  for (const byte of b) s += `\\x${byte.toString(16).padStart(2, '0')}`;
  return s;
}

/** Go `%016x` of an int64: zero-padded to 16, a negative value signed (`-000000000000001`). */
export function hex16(v: bigint): string {
  return v < 0n ? `-${(-v).toString(16).padStart(15, '0')}` : v.toString(16).padStart(16, '0');
}

/** printKV: key line (unless valueOnly) and value line; raw bytes, or \x-escaped with --hex. */
export function simpleKV(kv: KeyValue, hex: boolean, valueOnly = false): Buffer {
  const parts: (Buffer | string)[] = [];
  const field = (b: Buffer): Buffer | string => (hex ? hexEscape(b) : b);
  if (!valueOnly) parts.push(field(kv.key), '\n');
  parts.push(field(kv.value), '\n');
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
}

/** The fields printer's header block (docs/etcdctl-behaviour.md §5.4). */
export function fieldsHeader(h: ResponseHeader | undefined, hex: boolean): string {
  const cluster = h?.cluster_id ?? 0n;
  const member = h?.member_id ?? 0n;
  const rev = h?.revision ?? 0n;
  let s = `"ClusterID" : ${hex ? cluster.toString(16) : cluster}\n`;
  s += `"MemberID" : ${hex ? member.toString(16) : member}\n`;
  if (rev > 0n) s += `"Revision" : ${rev}\n`;
  s += `"RaftTerm" : ${h?.raft_term ?? 0n}\n`;
  return s;
}

/** The fields printer's key-value block, with prefix '' or 'Prev'. */
export function fieldsKV(kv: KeyValue, prefix: string, hex: boolean): string {
  return (
    `"${prefix}Key" : ${goQuote(kv.key)}\n` +
    `"${prefix}CreateRevision" : ${kv.create_revision}\n` +
    `"${prefix}ModRevision" : ${kv.mod_revision}\n` +
    `"${prefix}Version" : ${kv.version}\n` +
    `"${prefix}Value" : ${goQuote(kv.value)}\n` +
    `"${prefix}Lease" : ${hex ? hex16(kv.lease) : kv.lease}\n`
  );
}

/** Go's String() of mvccpb.Event_EventType: the name, or the number when unknown. */
export function eventTypeName(t: Event_EventType): string {
  if (t === Event_EventType.PUT) return 'PUT';
  if (t === Event_EventType.DELETE) return 'DELETE';
  return String(t);
}
