/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function endpointCommand(): EtcdCommand {
  return defineCommand({
    use: 'endpoint <subcommand>',
    short: 'Endpoint related commands',
    subcommands: [
      defineCommand({ use: 'hashkv', short: 'Prints the KV history hash for each endpoint in --endpoints', run: notImplemented }),
      defineCommand({ use: 'health', short: 'Checks the healthiness of endpoints specified in `--endpoints` flag', run: notImplemented }),
      defineCommand({ use: 'status', short: 'Prints out the status of endpoints specified in `--endpoints` flag', run: notImplemented }),
    ],
  });
}
