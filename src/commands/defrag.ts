/**
 * defrag (docs/etcdctl-behaviour.md §8.6): after creating a client on all endpoints (as etcdctl
 * does), defragments each endpoint's backend in turn, through a client of its
 * own, and reports every member on its own line; any failure
 * makes the exit status 1 without an `Error:` line. Ignores -w.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import type { FlagOpts } from '../cli/flags';
import { CLUSTER_FLAGS, defragmentEndpoint, endpointsForEachMember } from '../cli/fanout';
import { ExitCode, ExitSilently } from '../errors';
import { defragFailed, defragFinished } from '../output/maintenance';
import { startProgress } from '../output/progress';
import { commandDeadline } from '../util/deadline';
import { resolveCredentials } from '../cli/credentials';

async function runDefrag(inv: Invocation, opts: FlagOpts<typeof CLUSTER_FLAGS>): Promise<void> {
  const cfg = inv.globals();
  // etcdctl first creates its client on all endpoints (creation errors, e.g. no
  // endpoint at all: exit 2), with one password prompt for every member.
  const credentials = await resolveCredentials(cfg, inv.io);
  await inv.connect({ credentials });
  const endpoints = await endpointsForEachMember(inv, cfg, opts.cluster);
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
    flags: CLUSTER_FLAGS,
    run: runDefrag,
  });
}
