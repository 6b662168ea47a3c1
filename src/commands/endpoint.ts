/**
 * endpoint health / status / hashkv (docs/etcdctl-behaviour.md §8.4). Every endpoint is probed
 * through its own single-endpoint client with its own command timeout, all
 * endpoints at once, so a dead member delays nobody; results are printed in
 * endpoint order. The endpoint names are the raw --endpoints items (docs/etcdctl-behaviour.md §3.3)
 * or, with --cluster, the client URLs of the member list.
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { CliError, ExitCode, ExitSilently, RpcError } from '../errors';
import { AlarmType, HashKVRequest, RangeRequest, StatusRequest } from '../proto/gen/rpc';
import { KV, Maintenance } from '../client/methods';
import type { EtcdClient } from '../client/client';
import type { Credentials } from '../client/client';
import { resolveCredentials } from '../cli/credentials';
import { EtcdErr } from '../client/etcd-errors';
import {
  hashKVRenderers,
  healthRenderers,
  healthSimpleLines,
  statusRenderers,
  type EpHashKV,
  type EpHealth,
  type EpStatus,
} from '../output/endpoint';
import { ALARM_LIST_REQUEST, CLUSTER_FLAGS, endpointsForEachMember } from '../cli/fanout';
import { flag, type FlagOpts } from '../cli/flags';
import { commandDeadline } from '../util/deadline';
import { goDuration } from '../go/humanize';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** endpointsFromCluster (shared with defrag): raw --endpoints items, or the member list's client URLs. */
const targetEndpoints = (inv: Invocation, opts: ClusterOpts): Promise<string[]> =>
  endpointsForEachMember(inv, inv.globals(), opts.cluster);

type ClusterOpts = FlagOpts<typeof CLUSTER_FLAGS>;

const HASHKV_FLAGS = {
  rev: flag.int64('maximum revision to hash (default: latest revision)', 0n, { persistent: true }),
};

/**
 * A client for one endpoint. Configuration errors (TLS files: exit 128) end the
 * command; any other creation failure (authentication, no endpoint) is this
 * endpoint's failure, returned as its text.
 */
async function endpointClient(
  inv: Invocation,
  ep: string,
  credentials: Credentials | undefined,
): Promise<EtcdClient | string> {
  try {
    return await inv.connect({ endpoints: [ep], credentials });
  } catch (e) {
    if (e instanceof CliError && e.code === ExitCode.BadArgs) throw e;
    return errorText(e);
  }
}

const ALARM_NAMES: Record<number, string> = { [AlarmType.NOSPACE]: 'NOSPACE', [AlarmType.CORRUPT]: 'CORRUPT' };

async function probeHealth(inv: Invocation, ep: string, credentials: Credentials | undefined): Promise<EpHealth> {
  const client = await endpointClient(inv, ep, credentials);
  if (typeof client === 'string') return { ep, health: false, took: '', error: client };
  // The command timeout with ETCDCTL_COMMAND_TIMEOUT applied (endpoint commands read it late).
  const deadline = commandDeadline(inv.globals().commandTimeout);
  const start = process.hrtime.bigint();
  let error = '';
  try {
    await client.unary(KV.range, RangeRequest.fromPartial({ key: Buffer.from('health') }), { deadline });
  } catch (e) {
    if (!(e instanceof RpcError)) throw e;
    // Permission denied still proves the request went through consensus.
    if (e.message !== EtcdErr.PermissionDenied) error = e.message;
  }
  const took = goDuration(process.hrtime.bigint() - start);
  if (error === '') {
    try {
      const alarms = await client.unary(Maintenance.alarm, ALARM_LIST_REQUEST, { deadline });
      if (alarms.alarms.length > 0) {
        error = 'Active Alarm(s): ' + alarms.alarms.map((a) => `${ALARM_NAMES[a.alarm] ?? 'UNKNOWN'} `).join('');
      }
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      error = 'Unable to fetch the alarm list';
    }
  }
  client.close();
  return { ep, health: error === '', took, error };
}

async function healthRun(inv: Invocation, opts: ClusterOpts): Promise<void> {
  // etcdctl's endpoint health validates -w before building its client configuration.
  const cfg = inv.globals(undefined, { formatFirst: true });
  // One password prompt for all the per-endpoint clients.
  const credentials = await resolveCredentials(cfg, inv.io);
  const eps = await targetEndpoints(inv, opts);
  const list = await Promise.all(eps.map((ep) => probeHealth(inv, ep, credentials)));
  if (cfg.writeOut === 'simple') {
    // 3.6: healthy lines on stdout, unhealthy ones on stderr, in list order.
    for (const line of healthSimpleLines(list)) inv.io[line.stream].write(line.text);
  } else {
    inv.print(healthRenderers, list);
  }
  if (list.some((h) => h.error !== '')) throw new CliError(ExitCode.Error, 'unhealthy cluster');
}

type Probe<R> = { ep: string; resp: R } | { ep: string; error: string };

/** Runs one maintenance RPC against every endpoint, each with its own client and timeout. */
async function probeAll<R>(
  inv: Invocation,
  credentials: Credentials | undefined,
  eps: string[],
  call: (c: EtcdClient, deadline?: number) => Promise<R>,
): Promise<Probe<R>[]> {
  return Promise.all(
    eps.map(async (ep): Promise<Probe<R>> => {
      const client = await endpointClient(inv, ep, credentials);
      if (typeof client === 'string') return { ep, error: client };
      try {
        return { ep, resp: await call(client, commandDeadline(inv.globals().commandTimeout)) };
      } catch (e) {
        if (!(e instanceof RpcError)) throw e;
        return { ep, error: e.message };
      } finally {
        client.close();
      }
    }),
  );
}

/**
 * etcdctl creates a client on all endpoints first (creation errors exit 2) and reuses its
 * credentials for the per-endpoint calls.
 */
async function mainClientCredentials(inv: Invocation): Promise<Credentials | undefined> {
  const credentials = await resolveCredentials(inv.globals(), inv.io);
  await inv.connect({ credentials });
  return credentials;
}

async function statusRun(inv: Invocation, opts: ClusterOpts): Promise<void> {
  const credentials = await mainClientCredentials(inv);
  const eps = await targetEndpoints(inv, opts);
  const results = await probeAll(inv, credentials, eps, (c, deadline) =>
    c.unary(Maintenance.status, StatusRequest.fromPartial({}), { deadline }),
  );
  const ok: EpStatus[] = [];
  let failed = false;
  for (const r of results) {
    if ('error' in r) {
      failed = true;
      inv.io.stderr.write(`Failed to get the status of endpoint ${r.ep} (${r.error})\n`);
    } else ok.push(r);
  }
  inv.print(statusRenderers, ok);
  if (failed) throw new ExitSilently(ExitCode.Error);
}

async function hashKVRun(inv: Invocation, opts: ClusterOpts & FlagOpts<typeof HASHKV_FLAGS>): Promise<void> {
  const credentials = await mainClientCredentials(inv);
  const eps = await targetEndpoints(inv, opts);
  const req = HashKVRequest.fromPartial({ revision: opts.rev });
  const results = await probeAll(inv, credentials, eps, (c, deadline) =>
    c.unary(Maintenance.hashKV, req, { deadline }),
  );
  const ok: EpHashKV[] = [];
  let lastError: string | undefined;
  for (const r of results) {
    if ('error' in r) {
      lastError = r.error;
      inv.io.stderr.write(`Failed to get the hash of endpoint ${r.ep} (${r.error})\n`);
    } else ok.push(r);
  }
  inv.print(hashKVRenderers, ok);
  if (lastError !== undefined) throw new CliError(ExitCode.Error, lastError);
}

const LONG_STATUS = `When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.
The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.
`;

export function endpointCommand(): EtcdCommand {
  return defineCommand({
    use: 'endpoint <subcommand>',
    ...groupShort('endpoint', 'Endpoint related commands'),
    flags: CLUSTER_FLAGS,
    subcommands: [
      defineCommand({
        use: 'health',
        short: 'Checks the healthiness of endpoints specified in `--endpoints` flag',
        inherits: CLUSTER_FLAGS,
        formats: ['jsonl'],
        run: healthRun,
      }),
      defineCommand({
        use: 'status',
        short: 'Prints out the status of endpoints specified in `--endpoints` flag',
        long: LONG_STATUS,
        inherits: CLUSTER_FLAGS,
        formats: ['jsonl'],
        run: statusRun,
      }),
      defineCommand({
        use: 'hashkv',
        short: 'Prints the KV history hash for each endpoint in --endpoints',
        flags: HASHKV_FLAGS,
        inherits: CLUSTER_FLAGS,
        run: hashKVRun,
      }),
    ],
  });
}
