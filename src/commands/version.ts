/** `version` (docs/etcdctl-behaviour.md §10.10): fixed text, ignores flags and environment. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { API_VERSION, ETCDCTL_VERSION } from '../version';

export function versionCommand(): EtcdCommand {
  return defineCommand({
    use: 'version',
    short: 'Prints the version of etcdctl',
    async run(inv) {
      inv.io.stdout.write(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: ${API_VERSION}\n`);
    },
  });
}
