/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function electCommand(): EtcdCommand {
  return defineCommand({
    use: 'elect <election-name> [proposal]',
    short: 'Observes and participates in leader election',
    run: notImplemented,
  });
}
