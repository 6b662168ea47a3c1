/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function userCommand(): EtcdCommand {
  return defineCommand({
    use: 'user <subcommand>',
    short: 'User related commands',
    subcommands: [
      defineCommand({ use: 'add <user name or user:password> [options]', short: 'Adds a new user', run: notImplemented }),
      defineCommand({ use: 'delete <user name>', short: 'Deletes a user', run: notImplemented }),
      defineCommand({ use: 'get <user name> [options]', short: 'Gets detailed information of a user', run: notImplemented }),
      defineCommand({ use: 'list', short: 'Lists all users', run: notImplemented }),
      defineCommand({ use: 'passwd <user name> [options]', short: 'Changes password of user', run: notImplemented }),
      defineCommand({ use: 'grant-role <user name> <role name>', short: 'Grants a role to a user', run: notImplemented }),
      defineCommand({ use: 'revoke-role <user name> <role name>', short: 'Revokes a role from a user', run: notImplemented }),
    ],
  });
}
