/**
 * The per-endpoint fan-out shared by defrag, check and endpoint: the --cluster
 * flag and the endpoint list it selects, one RPC on a client of its own per
 * endpoint, and the alarm listing endpoint health and alarm list both send.
 */
import type { Invocation } from './invocation';
import type { GlobalConfig } from '../settings';
import { flag } from './flags';
import { CliError, ExitCode, RpcError } from '../errors';
import { Cluster, Maintenance } from '../client/methods';
import {
  AlarmRequest,
  AlarmRequest_AlarmAction as AlarmAction,
  AlarmType,
  DefragmentRequest,
  MemberListRequest,
} from '../proto/gen/rpc';
import { commandDeadline } from '../util/deadline';
import type { Credentials } from '../client/client';

/** --cluster (persistent: endpoint's sub-commands inherit it). */
export const CLUSTER_FLAGS = {
  cluster: flag.bool('use all endpoints from the cluster member list', false, { persistent: true }),
};

/** AlarmRequest GET for all members and alarm types. */
export const ALARM_LIST_REQUEST = AlarmRequest.fromPartial({
  action: AlarmAction.GET,
  memberID: 0n,
  alarm: AlarmType.NONE,
});

/**
 * etcdctl's endpointsFromCluster: the raw --endpoints items (env applied, not
 * trimmed), or with --cluster every member's client URLs from MemberList
 * (client with authentication, command timeout; failures exit 1).
 */
export async function endpointsForEachMember(inv: Invocation, cfg: GlobalConfig, cluster: boolean): Promise<string[]> {
  if (!cluster) return cfg.endpoints;
  let client;
  try {
    client = await inv.connect();
  } catch (e) {
    if (e instanceof CliError) throw new CliError(ExitCode.Error, e.message);
    throw e;
  }
  try {
    const resp = await client.unary(Cluster.memberList, MemberListRequest.fromPartial({ linearizable: true }), {
      deadline: commandDeadline(cfg.commandTimeout),
    });
    return resp.members.flatMap((m) => m.clientURLs);
  } catch (e) {
    if (e instanceof RpcError)
      throw new CliError(ExitCode.Error, `failed to fetch endpoints from etcd cluster member list: ${e.message}`);
    throw e;
  } finally {
    client.close();
  }
}

/** One Defragment RPC on a client of its own; resolves to the error text or undefined. */
export async function defragmentEndpoint(
  inv: Invocation,
  ep: string,
  deadline: number,
  credentials?: Credentials,
): Promise<{ tookNs: bigint; error?: string }> {
  const client = await inv.connect({ endpoints: [ep], credentials });
  const start = process.hrtime.bigint();
  try {
    await client.unary(Maintenance.defragment, DefragmentRequest.fromPartial({}), { deadline });
    return { tookNs: process.hrtime.bigint() - start };
  } catch (e) {
    const tookNs = process.hrtime.bigint() - start;
    if (e instanceof RpcError) return { tookNs, error: e.message };
    throw e;
  } finally {
    client.close();
  }
}
