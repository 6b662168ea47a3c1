/**
 * move-leader <transferee-member-id> (docs/etcdctl-behaviour.md §8.8): find the leader among the
 * endpoints (in order, one single-endpoint client each, all under one command
 * timeout), then ask it to transfer leadership.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { badArgs } from '../errors';
import { MoveLeaderRequest, StatusRequest } from '../proto/gen/rpc';
import { Maintenance } from '../client/methods';
import type { EtcdClient } from '../client/client';
import { resolveCredentials } from '../cli/credentials';
import { moveLeaderRenderers } from '../output/member';
import { parseGoUintBase } from '../go/parse';
import { commandDeadline } from '../util/deadline';

/** The transferee argument: exactly one unsigned hexadecimal ID. */
export function parseTransferee(args: string[]): bigint {
  if (args.length !== 1) throw badArgs('move-leader command needs 1 argument');
  try {
    return parseGoUintBase(args[0], 16, 64);
  } catch (e) {
    throw badArgs((e as Error).message);
  }
}

async function run(inv: Invocation): Promise<void> {
  const target = parseTransferee(inv.args);
  const cfg = inv.globals();
  // One password prompt for every client of the command, as etcdctl reuses its config.
  const credentials = await resolveCredentials(cfg, inv.io);
  const all = await inv.connect({ credentials });
  const eps = all.endpoints.map((e) => e.raw);
  all.close();
  const deadline = commandDeadline(cfg.commandTimeout);
  let leaderClient: EtcdClient | undefined;
  let leader = 0n;
  for (const ep of eps) {
    const c = await inv.connect({ endpoints: [ep], credentials });
    const st = await c.unary(Maintenance.status, StatusRequest.fromPartial({}), { deadline });
    if (st.header !== undefined && st.header.member_id === st.leader) {
      leaderClient = c;
      leader = st.leader;
      break;
    }
    c.close();
  }
  if (!leaderClient) throw badArgs(`no leader endpoint given at [${eps.join(' ')}]`);
  const resp = await leaderClient.unary(Maintenance.moveLeader, MoveLeaderRequest.fromPartial({ targetID: target }), {
    deadline,
  });
  inv.print(moveLeaderRenderers, { leader, target, resp });
}

export function moveLeaderCommand(): EtcdCommand {
  return defineCommand({
    use: 'move-leader <transferee-member-id>',
    short: 'Transfers leadership to another etcd cluster member.',
    run,
  });
}
