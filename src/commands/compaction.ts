/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function compactionCommand(): EtcdCommand {
  return defineCommand({
    use: 'compaction [options] <revision>',
    short: 'Compacts the event history in etcd',
    run: notImplemented,
  });
}
