/** cobra's built-in `help [command]` (spec §10.12). */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { renderHelp } from '../cli/help';
import { findCommand } from '../cli/parse';

/** Go %#q of a []string: back-quoted items (double quotes when an item has a back-quote). */
function goSliceBackquoted(items: string[]): string {
  return `[${items.map((s) => (s.includes('`') ? JSON.stringify(s) : `\`${s}\``)).join(' ')}]`;
}

export function helpCommand(): EtcdCommand {
  return defineCommand({
    use: 'help [command]',
    short: 'Help about any command',
    long: 'Help provides help for any command in the application.\nSimply type etcdctl help [path to command] for full details.',
    async run(inv) {
      const root = inv.command.root;
      let target: EtcdCommand | undefined;
      try {
        target = findCommand(root, inv.args).command;
      } catch {
        target = undefined;
      }
      if (!target) {
        inv.io.stderr.write(`Unknown help topic ${goSliceBackquoted(inv.args)}\n`);
        target = root;
      }
      inv.io.stdout.write(renderHelp(target));
    },
  });
}
