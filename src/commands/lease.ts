/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function leaseCommand(): EtcdCommand {
  return defineCommand({
    use: 'lease <subcommand>',
    short: 'Lease related commands',
    subcommands: [
      defineCommand({ use: 'grant <ttl>', short: 'Creates leases', run: notImplemented }),
      defineCommand({ use: 'revoke <leaseID>', short: 'Revokes leases', run: notImplemented }),
      defineCommand({ use: 'timetolive <leaseID> [options]', short: 'Get lease information', run: notImplemented }),
      defineCommand({ use: 'list', short: 'List all active leases', run: notImplemented }),
      defineCommand({ use: 'keep-alive [options] <leaseID>', short: 'Keeps leases alive (renew)', run: notImplemented }),
    ],
  });
}
