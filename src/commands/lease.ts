/**
 * lease grant / revoke / timetolive / list / keep-alive (spec §7). The order
 * of validation, timeout context and client creation follows etcdctl's
 * command functions (it is observable: which error wins).
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { CliError, ExitCode, ExitSilently, RpcError } from '../errors';
import { LeaseGrantRequest, LeaseLeasesRequest, LeaseRevokeRequest, LeaseTimeToLiveRequest } from '../proto/gen/rpc';
import { Lease } from '../client/methods';
import { keepAliveOnce, startKeepAlive } from '../client/keepalive';
import {
  grantRenderers,
  keepAliveRenderers,
  leaseHex,
  leasesRenderers,
  revokeRenderers,
  timeToLiveRenderers,
} from '../output/lease';
import { parseGoIntBase } from '../go/parse';

const bad = (msg: string): CliError => new CliError(ExitCode.BadArgs, msg);

/** etcdctl leaseFromArgs: signed 64-bit hexadecimal. */
export function leaseFromArg(arg: string): bigint {
  try {
    return parseGoIntBase(arg, 16, 64);
  } catch (e) {
    throw bad(`bad lease ID arg (${(e as Error).message}), expecting ID in Hex`);
  }
}

/** lease grant: TTL parsed base 10 (strict). */
export function parseGrantArgs(args: string[]): bigint {
  if (args.length !== 1) throw bad('lease grant command needs TTL argument');
  try {
    return parseGoIntBase(args[0], 10, 64);
  } catch (e) {
    throw bad(`bad TTL (${(e as Error).message})`);
  }
}

/** RPC errors of timetolive / list / keep-alive exit with ExitBadConnection. */
function badConnection(e: unknown): unknown {
  return e instanceof RpcError ? new CliError(ExitCode.BadConnection, e.message) : e;
}

function wrapped(prefix: string, e: unknown): unknown {
  return e instanceof RpcError ? new CliError(ExitCode.Error, `${prefix} (${e.message})`) : e;
}

async function grant(inv: Invocation): Promise<void> {
  const ttl = parseGrantArgs(inv.args);
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  const resp = await client.unary(Lease.leaseGrant, LeaseGrantRequest.fromPartial({ TTL: ttl }), { deadline }).catch((e: unknown) => {
    throw wrapped('failed to grant lease', e);
  });
  inv.print(grantRenderers, resp);
}

async function revoke(inv: Invocation): Promise<void> {
  if (inv.args.length !== 1) throw bad('lease revoke command needs 1 argument');
  const id = leaseFromArg(inv.args[0]);
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  const resp = await client.unary(Lease.leaseRevoke, LeaseRevokeRequest.fromPartial({ ID: id }), { deadline }).catch((e: unknown) => {
    throw wrapped('failed to revoke lease', e);
  });
  inv.print(revokeRenderers, { id, resp });
}

async function timeToLive(inv: Invocation): Promise<void> {
  if (inv.args.length !== 1) throw bad('lease timetolive command needs lease ID as argument');
  const keys = inv.flag<boolean>('keys');
  // Go evaluates mustClientFromCmd(cmd) before leaseFromArgs(args[0]): client first.
  const client = await inv.connect();
  const id = leaseFromArg(inv.args[0]);
  const resp = await client.unary(Lease.leaseTimeToLive, LeaseTimeToLiveRequest.fromPartial({ ID: id, keys })).catch((e: unknown) => {
    throw badConnection(e);
  });
  inv.print(timeToLiveRenderers, { resp, keys });
}

async function list(inv: Invocation): Promise<void> {
  const client = await inv.connect();
  const resp = await client.unary(Lease.leaseLeases, LeaseLeasesRequest.fromPartial({})).catch((e: unknown) => {
    throw badConnection(e);
  });
  inv.print(leasesRenderers, resp);
}

/** SIGINT/SIGTERM end the keep-alive loop; the status is what a shell reports for the signal. */
const SIGNAL_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

async function keepAlive(inv: Invocation): Promise<void> {
  if (inv.args.length !== 1) throw bad('lease keep-alive command needs lease ID as argument');
  const id = leaseFromArg(inv.args[0]);
  const client = await inv.connect();
  if (inv.flag<boolean>('once')) {
    const resp = await keepAliveOnce(client, id).catch((e: unknown) => {
      throw badConnection(e);
    });
    inv.print(keepAliveRenderers, resp);
    return;
  }
  // An unsupported -w fails at the first response, as in etcdctl (none arrives for an unknown lease).
  const format = inv.globals().writeOut;
  let failure: unknown;
  const handle = startKeepAlive(client, id, (r) => {
    try {
      inv.print(keepAliveRenderers, r);
    } catch (e) {
      failure = e;
      handle.cancel();
    }
  });
  let signalled: keyof typeof SIGNAL_STATUS | undefined;
  const onSignal = (sig: keyof typeof SIGNAL_STATUS) => (): void => {
    signalled = sig;
    handle.cancel();
  };
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') };
  process.once('SIGINT', handlers.SIGINT);
  process.once('SIGTERM', handlers.SIGTERM);
  let reason: 'expired' | 'canceled';
  try {
    reason = await handle.done;
  } finally {
    process.removeListener('SIGINT', handlers.SIGINT);
    process.removeListener('SIGTERM', handlers.SIGTERM);
  }
  if (failure) throw failure;
  if (signalled) throw new ExitSilently(SIGNAL_STATUS[signalled]);
  if (reason === 'expired' && format === 'simple') inv.io.stdout.write(`lease ${leaseHex(id)} expired or revoked.\n`);
}

export function leaseCommand(): EtcdCommand {
  return defineCommand({
    use: 'lease <subcommand>',
    short: 'Lease related commands',
    subcommands: [
      defineCommand({ use: 'grant <ttl>', short: 'Creates leases', run: grant }),
      defineCommand({ use: 'revoke <leaseID>', short: 'Revokes leases', run: revoke }),
      defineCommand({
        use: 'timetolive <leaseID> [options]',
        short: 'Get lease information',
        flags: [{ name: 'keys', type: 'bool', default: false, usage: 'Get keys attached to this lease' }],
        run: timeToLive,
      }),
      defineCommand({ use: 'list', short: 'List all active leases', run: list }),
      defineCommand({
        use: 'keep-alive [options] <leaseID>',
        short: 'Keeps leases alive (renew)',
        flags: [
          {
            name: 'once',
            type: 'bool',
            default: false,
            usage: 'Resets the keep-alive time to its original value and cobrautl.Exits immediately',
          },
        ],
        run: keepAlive,
      }),
    ],
  });
}
