/** Placeholder: declared so that help and the command tree are complete; not implemented yet. */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { notImplemented } from '../cli/not-implemented';

export function txnCommand(): EtcdCommand {
  return defineCommand({
    use: 'txn [options]',
    short: 'Txn processes all the requests in one transaction',
    run: notImplemented,
  });
}
