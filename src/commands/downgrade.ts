/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function downgradeCommand(): EtcdCommand {
  return defineCommand({
    use: 'downgrade <TARGET_VERSION>',
    short: 'Downgrade related commands',
    subcommands: [
      defineCommand({ use: 'validate <TARGET_VERSION>', short: 'Validate downgrade capability before starting downgrade', run: notImplemented }),
      defineCommand({ use: 'enable <TARGET_VERSION>', short: 'Start a downgrade action to cluster', run: notImplemented }),
      defineCommand({ use: 'cancel', short: 'Cancel the ongoing downgrade action to cluster', run: notImplemented }),
    ],
  });
}
