/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function snapshotCommand(): EtcdCommand {
  return defineCommand({
    use: 'snapshot <subcommand>',
    short: 'Manages etcd node snapshots',
    subcommands: [
      defineCommand({ use: 'save <filename>', short: 'Stores an etcd node backend snapshot to a given file', run: notImplemented }),
    ],
  });
}
