/**
 * auth enable | disable | status (docs/etcdctl-behaviour.md §10.5). The command-timeout context is
 * created before the client (flag value only, docs/etcdctl-behaviour.md §3.2.2) and bounds every
 * RPC of the command, including enable's root-role repair.
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { badArgs, RpcError } from '../errors';
import { Auth } from '../client/methods';
import { EtcdErr } from '../client/etcd-errors';
import { authStatusRenderers } from '../output/auth';

function noArgs(inv: Invocation, name: string): void {
  if (inv.args.length !== 0) throw badArgs(`auth ${name} command does not accept any arguments`);
}

async function authEnable(inv: Invocation): Promise<void> {
  noArgs(inv, 'enable');
  // etcdctl's commandCtx, created before the client: the flag value only (a zero timeout is already expired).
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  for (;;) {
    try {
      await client.unary(Auth.authEnable, {}, { deadline });
      break;
    } catch (e) {
      // The root user exists without the root role: create the role, grant it, try again.
      if (!(e instanceof RpcError) || e.message !== EtcdErr.RootRoleNotExist) throw e;
      await client.unary(Auth.roleAdd, { name: 'root' }, { deadline });
      await client.unary(Auth.userGrantRole, { user: 'root', role: 'root' }, { deadline });
    }
  }
  inv.io.stdout.write('Authentication Enabled\n');
}

async function authDisable(inv: Invocation): Promise<void> {
  noArgs(inv, 'disable');
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  await client.unary(Auth.authDisable, {}, { deadline });
  inv.io.stdout.write('Authentication Disabled\n');
}

async function authStatus(inv: Invocation): Promise<void> {
  noArgs(inv, 'status');
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  const resp = await client.unary(Auth.authStatus, {}, { deadline });
  inv.print(authStatusRenderers, resp);
}

export function authCommand(): EtcdCommand {
  return defineCommand({
    use: 'auth <enable or disable>',
    ...groupShort('auth', 'Enable or disable authentication'),
    subcommands: [
      defineCommand({ use: 'enable', short: 'Enables authentication', run: authEnable }),
      defineCommand({ use: 'disable', short: 'Disables authentication', run: authDisable }),
      defineCommand({ use: 'status', short: 'Returns authentication status', run: authStatus }),
    ],
  });
}
