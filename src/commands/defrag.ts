/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function defragCommand(): EtcdCommand {
  return defineCommand({
    use: 'defrag',
    short: 'Defragments the storage of the etcd members with given endpoints',
    run: notImplemented,
  });
}
