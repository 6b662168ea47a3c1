/** Renderers for alarm list / disarm (docs/etcdctl-behaviour.md §8.5). */
import { AlarmResponse, AlarmType, type AlarmMember } from '../proto/gen/rpc';
import { fieldsHeader } from './common';
import { messageJson } from './json';
import type { KindRenderers } from './printer';
import type { Compat } from '../compat';

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
 * `%+v` of an AlarmMember: the compact protobuf text format, zero fields omitted. 3.6
 * (gogo) follows every present field with one space (`memberID:1 alarm:NOSPACE `); 3.7
 * (google.golang.org/protobuf) separates them by one space, none trailing
 * (`memberID:1 alarm:NOSPACE`; some builds put two, docs/etcdctl-3.7-behaviour.md §6.2: we take one).
 */
export function alarmMemberText(a: AlarmMember, compat: Compat = '3.6'): string {
  const fields: string[] = [];
  if (a.memberID !== 0n) fields.push(`memberID:${a.memberID}`);
  if (a.alarm !== AlarmType.NONE) fields.push(`alarm:${alarmTypeName(a.alarm)}`);
  return compat === '3.6' ? fields.map((f) => `${f} `).join('') : fields.join(' ');
}

export const alarmRenderers: KindRenderers<AlarmResponse> = {
  simple: (resp, o) => resp.alarms.map((a) => `${alarmMemberText(a, o.compat)}\n`).join(''),
  json: (resp) => `${messageJson(resp as never)}\n`,
  // etcdctl 3.6 dereferences a missing header and panics; we print a zero header instead,
  // as etcdctl 3.7 does (nil-safe getters, docs/etcdctl-3.7-behaviour.md §6.3; docs/etcdctl-behaviour.md §4.4, §11.4 #21).
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
