/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function memberCommand(): EtcdCommand {
  return defineCommand({
    use: 'member <subcommand>',
    short: 'Membership related commands',
    subcommands: [
      defineCommand({ use: 'add <memberName> [options]', short: 'Adds a member into the cluster', run: notImplemented }),
      defineCommand({ use: 'remove <memberID>', short: 'Removes a member from the cluster', run: notImplemented }),
      defineCommand({ use: 'update <memberID> [options]', short: 'Updates a member in the cluster', run: notImplemented }),
      defineCommand({ use: 'list', short: 'Lists all members in the cluster', run: notImplemented }),
      defineCommand({ use: 'promote <memberID>', short: 'Promotes a non-voting member in the cluster', run: notImplemented }),
    ],
  });
}
