/**
 * cobra's built-in `help [command]` (docs/etcdctl-behaviour.md §10.12). An unknown topic prints the root's
 * usage without a `-h, --help` line: cobra initialises a command's help flag only when
 * that command runs or is the help topic, and the root is neither here. 3.6 prints that usage
 * (its etcd template) on stdout; 3.7 prints everything on stderr (docs/etcdctl-3.7-behaviour.md §1.5).
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { renderHelp } from '../cli/help';
import { helpText, usage37 } from '../cli/help-37';
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
        if (root.compat === '3.6') inv.io.stdout.write(renderHelp(root, { helpFlag: false }));
        else inv.io.stderr.write(usage37(root));
        return;
      }
      inv.io.stdout.write(helpText(target));
    },
  });
}
