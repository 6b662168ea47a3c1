/**
 * compaction (docs/etcdctl-behaviour.md §6.5). The client is built before the command-timeout
 * context, so ETCDCTL_COMMAND_TIMEOUT applies here. Output ignores -w.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { flag } from '../cli/flags';
import { badArgs, CliError, ExitCode } from '../errors';
import { CompactionRequest } from '../proto/gen/rpc';
import { KV } from '../client/methods';
import { commandDeadline } from '../util/deadline';
import { parseGoIntBase } from '../go/parse';

/** Arguments -> request; a bad revision is a plain error (exit 1) in etcdctl. */
export function parseCompactionArgs(args: string[], physical: boolean): CompactionRequest {
  if (args.length !== 1) throw badArgs('compaction command needs 1 argument');
  let revision: bigint;
  try {
    revision = parseGoIntBase(args[0], 10, 64);
  } catch (e) {
    throw new CliError(ExitCode.Error, (e as Error).message);
  }
  return CompactionRequest.fromPartial({ revision, physical });
}

export function compactionCommand(): EtcdCommand {
  return defineCommand({
    use: 'compaction [options] <revision>',
    short: 'Compacts the event history in etcd',
    flags: { physical: flag.bool("'true' to wait for compaction to physically remove all old revisions") },
    async run(inv, opts) {
      const req = parseCompactionArgs(inv.args, opts.physical);
      const client = await inv.connect();
      const deadline = commandDeadline(inv.globals().commandTimeout);
      await client.unary(KV.compact, req, { deadline });
      inv.io.stdout.write(`compacted revision ${req.revision}\n`);
    },
  });
}
