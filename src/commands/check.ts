/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function checkCommand(): EtcdCommand {
  return defineCommand({
    use: 'check <subcommand>',
    short: 'commands for checking properties of the etcd cluster',
    subcommands: [
      defineCommand({ use: 'perf [options]', short: 'Check the performance of the etcd cluster', run: notImplemented }),
      defineCommand({ use: 'datascale [options]', short: 'Check the memory usage of holding data for different workloads on a given server endpoint.', run: notImplemented }),
    ],
  });
}
