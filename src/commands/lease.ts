/**
 * lease grant / revoke / timetolive / list / keep-alive (docs/etcdctl-behaviour.md §7). The order
 * of validation, timeout context and client creation follows etcdctl's
 * command functions (it is observable: which error wins).
 */
import { defineCommand, groupShort, type EtcdCommand } from '../cli/command';
import type { Invocation } from '../cli/invocation';
import { flag, type FlagOpts } from '../cli/flags';
import { badArgs, CliError, ExitCode, ExitSilently, RpcError } from '../errors';
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
import { onTermination, SIGNAL_STATUS } from '../util/signals';

/** etcdctl leaseFromArgs: signed 64-bit hexadecimal. */
export function leaseFromArg(arg: string): bigint {
  try {
    return parseGoIntBase(arg, 16, 64);
  } catch (e) {
    throw badArgs(`bad lease ID arg (${(e as Error).message}), expecting ID in Hex`);
  }
}

/** lease grant: TTL parsed base 10 (strict). */
export function parseGrantArgs(args: string[]): bigint {
  if (args.length !== 1) throw badArgs('lease grant command needs TTL argument');
  try {
    return parseGoIntBase(args[0], 10, 64);
  } catch (e) {
    throw badArgs(`bad TTL (${(e as Error).message})`);
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
  const resp = await client
    .unary(Lease.leaseGrant, LeaseGrantRequest.fromPartial({ TTL: ttl }), { deadline })
    .catch((e: unknown) => {
      throw wrapped('failed to grant lease', e);
    });
  inv.print(grantRenderers, resp);
}

async function revoke(inv: Invocation): Promise<void> {
  if (inv.args.length !== 1) throw badArgs('lease revoke command needs 1 argument');
  const id = leaseFromArg(inv.args[0]);
  const deadline = inv.flagDeadline();
  const client = await inv.connect();
  const resp = await client
    .unary(Lease.leaseRevoke, LeaseRevokeRequest.fromPartial({ ID: id }), { deadline })
    .catch((e: unknown) => {
      throw wrapped('failed to revoke lease', e);
    });
  inv.print(revokeRenderers, { id, resp });
}

const TIME_TO_LIVE_FLAGS = { keys: flag.bool('Get keys attached to this lease') };

async function timeToLive(inv: Invocation, opts: FlagOpts<typeof TIME_TO_LIVE_FLAGS>): Promise<void> {
  if (inv.args.length !== 1) throw badArgs('lease timetolive command needs lease ID as argument');
  const { keys } = opts;
  // Go evaluates mustClientFromCmd(cmd) before leaseFromArgs(args[0]): client first.
  const client = await inv.connect();
  const id = leaseFromArg(inv.args[0]);
  const resp = await client
    .unary(Lease.leaseTimeToLive, LeaseTimeToLiveRequest.fromPartial({ ID: id, keys }))
    .catch((e: unknown) => {
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

const KEEP_ALIVE_FLAGS = {
  once: flag.bool('Resets the keep-alive time to its original value and cobrautl.Exits immediately'),
};

async function keepAlive(inv: Invocation, opts: FlagOpts<typeof KEEP_ALIVE_FLAGS>): Promise<void> {
  if (inv.args.length !== 1) throw badArgs('lease keep-alive command needs lease ID as argument');
  const id = leaseFromArg(inv.args[0]);
  const client = await inv.connect();
  if (opts.once) {
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
  // SIGINT/SIGTERM end the loop; the status is what a shell reports for the signal.
  const term = onTermination({ then: 'default', onSignal: () => handle.cancel() });
  let reason: 'expired' | 'canceled';
  try {
    reason = await handle.done;
  } finally {
    term.dispose();
  }
  if (failure) throw failure;
  if (term.received) throw new ExitSilently(SIGNAL_STATUS[term.received]);
  if (reason === 'expired' && format === 'simple') inv.io.stdout.write(`lease ${leaseHex(id)} expired or revoked.\n`);
}

export function leaseCommand(): EtcdCommand {
  return defineCommand({
    use: 'lease <subcommand>',
    ...groupShort('lease', 'Lease related commands'),
    subcommands: [
      defineCommand({ use: 'grant <ttl>', short: 'Creates leases', run: grant }),
      defineCommand({ use: 'revoke <leaseID>', short: 'Revokes leases', run: revoke }),
      defineCommand({
        use: 'timetolive <leaseID> [options]',
        short: 'Get lease information',
        flags: TIME_TO_LIVE_FLAGS,
        run: timeToLive,
      }),
      defineCommand({ use: 'list', short: 'List all active leases', formats: ['jsonl'], run: list }),
      defineCommand({
        use: 'keep-alive [options] <leaseID>',
        short: 'Keeps leases alive (renew)',
        flags: KEEP_ALIVE_FLAGS,
        run: keepAlive,
      }),
    ],
  });
}
