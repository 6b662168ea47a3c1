/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function authCommand(): EtcdCommand {
  return defineCommand({
    use: 'auth <enable or disable>',
    short: 'Enable or disable authentication',
    subcommands: [
      defineCommand({ use: 'enable', short: 'Enables authentication', run: notImplemented }),
      defineCommand({ use: 'disable', short: 'Disables authentication', run: notImplemented }),
      defineCommand({ use: 'status', short: 'Returns authentication status', run: notImplemented }),
    ],
  });
}
