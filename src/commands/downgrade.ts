/**
 * downgrade validate|enable <TARGET_VERSION>, downgrade cancel (docs/etcdctl-behaviour.md §8.9,
 * etcdctl 3.6+). The command timeout comes from the command line only: the
 * context is made before the client configuration (docs/etcdctl-behaviour.md §3.2.2). Servers
 * without the Downgrade RPC (3.4) answer Unimplemented, printed as etcdctl
 * prints it: `rpc error: code = Unimplemented desc = unknown method Downgrade
 * for service etcdserverpb.Maintenance`, exit 1.
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { badArgs } from '../errors';
import { Maintenance } from '../client/methods';
import { DowngradeRequest, DowngradeRequest_DowngradeAction as Action } from '../proto/gen/rpc';
import { downgradeRenderers, type DowngradeAction } from '../output/maintenance';

const ACTIONS: Record<DowngradeAction, Action> = {
  validate: Action.VALIDATE,
  enable: Action.ENABLE,
  cancel: Action.CANCEL,
};

/** validate/enable argument checks, in etcdctl's order (all exit 128). */
export function targetVersionOf(args: string[]): string {
  if (args.length < 1) throw badArgs('TARGET_VERSION not provided');
  if (args.length > 1) throw badArgs('too many arguments');
  if (args[0] === '') throw badArgs('target version not provided');
  return args[0];
}

function runner(action: DowngradeAction) {
  return async (inv: Invocation): Promise<void> => {
    // cancel ignores its arguments.
    const version = action === 'cancel' ? '' : targetVersionOf(inv.args);
    const deadline = inv.flagDeadline();
    inv.globals();
    const client = await inv.connect();
    const resp = await client.unary(
      Maintenance.downgrade,
      DowngradeRequest.fromPartial({ action: ACTIONS[action], version }),
      { deadline },
    );
    inv.print(downgradeRenderers(action), resp);
  };
}

export function downgradeCommand(): EtcdCommand {
  return defineCommand({
    use: 'downgrade <TARGET_VERSION>',
    ...groupShort('downgrade', 'Downgrade related commands'),
    subcommands: [
      defineCommand({
        use: 'validate <TARGET_VERSION>',
        short: 'Validate downgrade capability before starting downgrade',
        run: runner('validate'),
      }),
      defineCommand({
        use: 'enable <TARGET_VERSION>',
        short: 'Start a downgrade action to cluster',
        run: runner('enable'),
      }),
      defineCommand({ use: 'cancel', short: 'Cancel the ongoing downgrade action to cluster', run: runner('cancel') }),
    ],
  });
}
