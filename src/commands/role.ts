/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function roleCommand(): EtcdCommand {
  return defineCommand({
    use: 'role <subcommand>',
    short: 'Role related commands',
    subcommands: [
      defineCommand({ use: 'add <role name>', short: 'Adds a new role', run: notImplemented }),
      defineCommand({ use: 'delete <role name>', short: 'Deletes a role', run: notImplemented }),
      defineCommand({ use: 'get <role name>', short: 'Gets detailed information of a role', run: notImplemented }),
      defineCommand({ use: 'list', short: 'Lists all roles', run: notImplemented }),
      defineCommand({ use: 'grant-permission [options] <role name> <permission type> <key> [endkey]', short: 'Grants a key to a role', run: notImplemented }),
      defineCommand({ use: 'revoke-permission <role name> <key> [endkey]', short: 'Revokes a key from a role', run: notImplemented }),
    ],
  });
}
