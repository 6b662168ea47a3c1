/** `version` (docs/etcdctl-behaviour.md §10.10): fixed text of the line in use, ignores flags and environment. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { RELEASE } from '../compat';

export function versionCommand(): EtcdCommand {
  return defineCommand({
    use: 'version',
    short: 'Prints the version of etcdctl',
    async run(inv) {
      const { version, api } = RELEASE[inv.command.compat];
      inv.io.stdout.write(`etcdctl version: ${version}\nAPI version: ${api}\n`);
    },
  });
}
