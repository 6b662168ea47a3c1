/**
 * `options` (etcdctl 3.7, docs/etcdctl-3.7-behaviour.md §3, C3): the global flags, which 3.7 hides from every help,
 * in pflag's columns. Arguments are ignored; no client, no ETCDCTL_* variable, no -w.
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { optionsText } from '../cli/help-37';

export function optionsCommand(): EtcdCommand {
  return defineCommand({
    use: 'options',
    short: 'Show the global command-line flags',
    since: '3.7',
    async run(inv) {
      inv.io.stdout.write(optionsText(inv.command.root));
    },
  });
}
