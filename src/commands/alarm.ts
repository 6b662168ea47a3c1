/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function alarmCommand(): EtcdCommand {
  return defineCommand({
    use: 'alarm <subcommand>',
    short: 'Alarm related commands',
    subcommands: [
      defineCommand({ use: 'disarm', short: 'Disarms all alarms', run: notImplemented }),
      defineCommand({ use: 'list', short: 'Lists all alarms', run: notImplemented }),
    ],
  });
}
