/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function lockCommand(): EtcdCommand {
  return defineCommand({
    use: 'lock <lockname> [exec-command arg1 arg2 ...]',
    short: 'Acquires a named lock',
    run: notImplemented,
  });
}
