/** Renderers for alarm list / disarm (docs/etcdctl-behaviour.md §8.5). */
import { AlarmResponse, AlarmType, type AlarmMember } from '../proto/gen/rpc';
import { fieldsHeader } from './common';
import { messageJson } from './json';
import type { KindRenderers } from './printer';

/** Go's String() of an AlarmType: the enum name, or the number when unknown. */
export function alarmTypeName(t: number): string {
  switch (t) {
    case AlarmType.NONE:
      return 'NONE';
    case AlarmType.NOSPACE:
      return 'NOSPACE';
    case AlarmType.CORRUPT:
      return 'CORRUPT';
    default:
      return String(t);
  }
}

/**
 * `%+v` of an AlarmMember: the compact protobuf text format, every present
 * field followed by one space (`memberID:1 alarm:NOSPACE `), zero fields omitted.
 */
export function alarmMemberText(a: AlarmMember): string {
  let s = '';
  if (a.memberID !== 0n) s += `memberID:${a.memberID} `;
  if (a.alarm !== AlarmType.NONE) s += `alarm:${alarmTypeName(a.alarm)} `;
  return s;
}

export const alarmRenderers: KindRenderers<AlarmResponse> = {
  simple: (resp) => resp.alarms.map((a) => `${alarmMemberText(a)}\n`).join(''),
  json: (resp) => `${messageJson(resp as never)}\n`,
  // etcdctl 3.6 dereferences a missing header and panics; we print a zero
  // header instead, as etcdctl 3.7 does (docs/etcdctl-behaviour.md §4.4, §11.4 #21).
  fields: (resp, o) =>
    fieldsHeader(resp.header, o.hex) +
    resp.alarms
      .map(
        (a) =>
          `"MemberID" : ${o.hex ? a.memberID.toString(16) : a.memberID}\n"AlarmType" : ${alarmTypeName(a.alarm)}\n\n`,
      )
      .join(''),
  protobuf: (resp) => AlarmResponse.encode(resp).finish(),
};
