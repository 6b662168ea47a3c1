/**
 * alarm list / disarm (docs/etcdctl-behaviour.md §8.5). disarm works like clientv3's AlarmDisarm
 * with an empty member: list the alarms, deactivate each one, and print a
 * response (without header) holding the deactivated alarms.
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { badArgs } from '../errors';
import { AlarmRequest, AlarmRequest_AlarmAction as AlarmAction, AlarmResponse } from '../proto/gen/rpc';
import { ALARM_LIST_REQUEST } from '../cli/fanout';
import { Maintenance } from '../client/methods';
import { alarmRenderers } from '../output/alarm';

async function alarmList(inv: Invocation): Promise<void> {
  if (inv.args.length !== 0) throw badArgs('alarm list command accepts no arguments');
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  const resp = await client.unary(Maintenance.alarm, ALARM_LIST_REQUEST, { deadline });
  inv.print(alarmRenderers, resp);
}

async function alarmDisarm(inv: Invocation): Promise<void> {
  if (inv.args.length !== 0) throw badArgs('alarm disarm command accepts no arguments');
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  const listed = await client.unary(Maintenance.alarm, ALARM_LIST_REQUEST, { deadline });
  const out = AlarmResponse.fromPartial({});
  for (const a of listed.alarms) {
    const req = AlarmRequest.fromPartial({ action: AlarmAction.DEACTIVATE, memberID: a.memberID, alarm: a.alarm });
    const r = await client.unary(Maintenance.alarm, req, { deadline });
    out.alarms.push(...r.alarms);
  }
  inv.print(alarmRenderers, out);
}

export function alarmCommand(): EtcdCommand {
  return defineCommand({
    use: 'alarm <subcommand>',
    ...groupShort('alarm', 'Alarm related commands'),
    subcommands: [
      defineCommand({ use: 'disarm', short: 'Disarms all alarms', run: alarmDisarm }),
      defineCommand({ use: 'list', short: 'Lists all alarms', run: alarmList }),
    ],
  });
}
