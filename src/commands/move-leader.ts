/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function moveLeaderCommand(): EtcdCommand {
  return defineCommand({
    use: 'move-leader <transferee-member-id>',
    short: 'Transfers leadership to another etcd cluster member.',
    run: notImplemented,
  });
}
