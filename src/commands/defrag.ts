/**
 * defrag (spec §8.6): after creating a client on all endpoints (as etcdctl
 * does), defragments each endpoint's backend in turn, through a client of its
 * own, and reports every member on its own line; any failure
 * makes the exit status 1 without an `Error:` line. Ignores -w.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import type { GlobalConfig } from '../settings';
import { CliError, ExitCode, ExitSilently, RpcError } from '../errors';
import { Cluster, Maintenance } from '../client/methods';
import { DefragmentRequest, MemberListRequest } from '../proto/gen/rpc';
import { defragFailed, defragFinished } from '../output/maintenance';
import { startProgress } from '../output/progress';
import { commandDeadline } from '../util/deadline';
import type { Credentials } from '../client/client';
import { resolveCredentials } from '../cli/credentials';

export const CLUSTER_FLAG = {
  name: 'cluster',
  type: 'bool',
  default: false,
  usage: 'use all endpoints from the cluster member list',
  persistent: true,
} as const;

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
    if (e instanceof RpcError) throw new CliError(ExitCode.Error, `failed to fetch endpoints from etcd cluster member list: ${e.message}`);
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

async function runDefrag(inv: Invocation): Promise<void> {
  const cfg = inv.globals();
  // etcdctl first creates its client on all endpoints (creation errors, e.g. no
  // endpoint at all: exit 2), with one password prompt for every member.
  const credentials = await resolveCredentials(cfg, inv.io);
  await inv.connect({ credentials });
  const endpoints = await endpointsForEachMember(inv, cfg, inv.flag<boolean>('cluster'));
  let failures = 0;
  for (const ep of endpoints) {
    const progress = await startProgress(inv.io, `Defragmenting etcd member[${ep}]`);
    let result: { tookNs: bigint; error?: string };
    try {
      result = await defragmentEndpoint(inv, ep, commandDeadline(cfg.commandTimeout), credentials);
    } finally {
      progress.stop();
    }
    if (result.error !== undefined) {
      inv.io.stderr.write(defragFailed(ep, result.tookNs, result.error));
      failures++;
    } else {
      inv.io.stdout.write(defragFinished(ep, result.tookNs));
    }
  }
  if (failures > 0) throw new ExitSilently(ExitCode.Error);
}

export function defragCommand(): EtcdCommand {
  return defineCommand({
    use: 'defrag',
    short: 'Defragments the storage of the etcd members with given endpoints',
    flags: [{ ...CLUSTER_FLAG }],
    run: runDefrag,
  });
}
