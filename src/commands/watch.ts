/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function watchCommand(): EtcdCommand {
  return defineCommand({
    use: 'watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]',
    short: 'Watches events stream on keys or prefixes',
    run: notImplemented,
  });
}
